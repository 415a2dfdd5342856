import { describe, expect, it } from 'vitest';
import { axesProjection, dot, identityProjection, lift, orthonormalize, pcaProjection, principalDirections, project, symmetricEigen } from '../../../src/lib/core/projection';

describe('projections', () => {
	it('identity and axes projections; lift inverts project on the plane', () => {
		const pts = Float64Array.of(1, 2, -3, 4);
		expect(Array.from(project(pts, identityProjection()))).toEqual([1, 2, -3, 4]);
		const P = axesProjection(4, 2, 0);
		expect(Array.from(project(Float64Array.of(1, 2, 3, 4), P))).toEqual([3, 1]);
		expect(Array.from(lift(3, 1, P))).toEqual([1, 0, 3, 0]);
		expect(() => axesProjection(3, 1, 1)).toThrow();
	});

	it('PCA finds the plane of data lying in a known 2-D subspace of R^6', () => {
		const [a, b] = orthonormalize([Float64Array.of(1, 2, 0, -1, 0.5, 0), Float64Array.of(0, 1, 1, 1, 0, -2)], 6);
		const n = 200;
		const X = new Float64Array(n * 6);
		for (let r = 0; r < n; r++) {
			const s = 3 * Math.sin(r * 1.3), t = Math.cos(r * 0.7);
			for (let j = 0; j < 6; j++) X[r * 6 + j] = 5 + s * a[j] + t * b[j];
		}
		const P = pcaProjection(X, 6);
		expect(P.kind).toBe('pca');
		expect(Math.abs(dot(P.u, P.v))).toBeLessThan(1e-9);
		// The data are reproduced exactly from their plane coordinates.
		const c = project(X, P);
		for (let r = 0; r < n; r += 17) {
			const back = lift(c[2 * r], c[2 * r + 1], P);
			for (let j = 0; j < 6; j++) expect(back[j]).toBeCloseTo(X[r * 6 + j], 8);
		}
		expect(P.explained![0] + P.explained![1]).toBeCloseTo(1, 8);
		expect(P.explained![0]).toBeGreaterThan(P.explained![1]);
		// First axis is the high-variance direction a (up to sign).
		expect(Math.abs(dot(P.u, a))).toBeGreaterThan(0.99); // samples of s and t are only nearly uncorrelated
	});

	it('principal variances match a Jacobi eigendecomposition of the covariance', () => {
		const dim = 4, n = 50;
		const X = new Float64Array(n * dim);
		for (let i = 0; i < X.length; i++) X[i] = Math.sin(i * 12.9898) * 43758.5453 % 1;
		const { variances, center } = principalDirections(X, dim, 2);
		const C = Array.from({ length: dim }, (_, i) => Array.from({ length: dim }, (_, j) => {
			let s = 0;
			for (let r = 0; r < n; r++) s += (X[r * dim + i] - center[i]) * (X[r * dim + j] - center[j]);
			return s / n;
		}));
		const { values } = symmetricEigen(C);
		expect(variances[0]).toBeCloseTo(values[0], 8);
		expect(variances[1]).toBeCloseTo(values[1], 8);
	});
});
