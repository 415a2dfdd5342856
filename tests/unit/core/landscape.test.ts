/** core/landscape.ts: the plane of a trajectory and the grid's axes (the landscape's geometry, before any loss). */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/lib/core/config';
import { gridAxes, trajectoryPlane } from '../../../src/lib/core/landscape';
import { initParams, layout } from '../../../src/lib/core/params';

describe('landscape plane', () => {
	const c = parseConfig({ seed: 2, n: 64 });
	const P = layout(c).total;
	const w0 = initParams(c);
	const n = 5;
	const traj = new Float64Array(n * P);
	for (let t = 0; t < n; t++) for (let k = 0; k < P; k++) traj[t * P + k] = w0[k] + 0.1 * t * Math.sin(k + t) + 0.05 * t * t * Math.cos(k);

	it('PCA plane through the last point: the trajectory ends at (0, 0) and lies close to the plane', () => {
		const pl = trajectoryPlane(c, traj, n, 'pca', 1);
		expect(Array.from(pl.origin)).toEqual(Array.from(traj.subarray((n - 1) * P)));
		expect(pl.coords[2 * (n - 1)]).toBeCloseTo(0);
		expect(pl.coords[2 * (n - 1) + 1]).toBeCloseTo(0);
		expect(pl.explained![0] + pl.explained![1]).toBeGreaterThan(0.99);
		const rnd = trajectoryPlane(c, traj, n, 'random', 1);
		expect(rnd.explained).toBeNull();
		expect(Array.from(trajectoryPlane(c, traj, n, 'random', 1).u)).toEqual(Array.from(rnd.u));
	});

	it('grid axes span the trajectory and the origin, a quarter beyond each end', () => {
		const coords = [-2, 1, 0, 0];
		const { alphas, betas } = gridAxes(coords, 2, 5);
		expect(Array.from(alphas)).toEqual([-2.5, -1.75, -1, -0.25, 0.5]);
		expect(Array.from(betas)).toEqual([-0.25, 0.125, 0.5, 0.875, 1.25]);
		// A trajectory at one point still gets a grid (1e-3 wide).
		const still = gridAxes([0, 0], 1, 3);
		expect(still.alphas[2] - still.alphas[0]).toBeCloseTo(1.5e-3);
	});
});
