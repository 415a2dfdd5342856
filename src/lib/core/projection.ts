/**
 * Linear 2-D views of R^D: every panel draws points in the plane, so for d > 2 (and for the loss
 * landscape, D = number of parameters) a projection picks the plane. A projection is an origin and
 * two orthonormal axes; `project` maps a point to its two coordinates, `lift` maps plane
 * coordinates back to R^D (used to evaluate the model over a grid of the plane).
 *
 * Principal directions come from subspace (block power) iteration on the centred data, applied
 * implicitly as Xᵀ(X v), so a trajectory of 1000 × 200 numbers costs O(n·D) per iteration and no
 * D × D matrix is formed. Deterministic: fixed start vectors, signs fixed so that the largest
 * component of each axis is positive.
 */

export interface Projection {
	dim: number;
	origin: Float64Array;
	/** Two orthonormal vectors of length dim. */
	u: Float64Array;
	v: Float64Array;
	/** How the plane was chosen, for the panel's caption. */
	kind: 'identity' | 'axes' | 'pca';
	/** For 'pca': share of the variance the two axes explain. */
	explained?: [number, number];
}

/** The identity view of R² (d = 2 needs no projection). */
export function identityProjection(): Projection {
	return { dim: 2, origin: new Float64Array(2), u: Float64Array.of(1, 0), v: Float64Array.of(0, 1), kind: 'identity' };
}

/** The plane of coordinate axes i and j of R^dim. */
export function axesProjection(dim: number, i = 0, j = 1): Projection {
	if (i === j || i < 0 || j < 0 || i >= dim || j >= dim) throw new Error(`axes ${i}, ${j} out of range for dimension ${dim}`);
	const u = new Float64Array(dim);
	const v = new Float64Array(dim);
	u[i] = 1;
	v[j] = 1;
	return { dim, origin: new Float64Array(dim), u, v, kind: dim === 2 && i === 0 && j === 1 ? 'identity' : 'axes' };
}

export const dot = (a: ArrayLike<number>, b: ArrayLike<number>, ao = 0, bo = 0, n = a.length - ao) => {
	let s = 0;
	for (let i = 0; i < n; i++) s += a[ao + i] * b[bo + i];
	return s;
};
export const norm = (a: ArrayLike<number>) => Math.sqrt(dot(a, a));

/** Plane coordinates of n points stored row-major (n × dim) in `points`: out is n × 2. */
export function project(points: ArrayLike<number>, proj: Projection, out = new Float64Array((points.length / proj.dim) * 2)): Float64Array {
	const { dim, origin, u, v } = proj;
	const n = points.length / dim;
	for (let r = 0; r < n; r++) {
		let a = 0;
		let b = 0;
		for (let j = 0; j < dim; j++) {
			const x = points[r * dim + j] - origin[j];
			a += x * u[j];
			b += x * v[j];
		}
		out[2 * r] = a;
		out[2 * r + 1] = b;
	}
	return out;
}

/** The point origin + a·u + b·v of R^dim. */
export function lift(a: number, b: number, proj: Projection, out = new Float64Array(proj.dim)): Float64Array {
	for (let j = 0; j < proj.dim; j++) out[j] = proj.origin[j] + a * proj.u[j] + b * proj.v[j];
	return out;
}

/**
 * The top `count` principal directions of the rows of X (n × dim, row-major), centred at `center`
 * (default: the mean of the rows). Returns the directions (orthonormal) and their variances.
 */
export function principalDirections(
	X: ArrayLike<number>,
	dim: number,
	count = 2,
	opts: { center?: ArrayLike<number>; iterations?: number; tol?: number } = {}
): { directions: Float64Array[]; variances: number[]; total: number; center: Float64Array } {
	const n = Math.floor(X.length / dim);
	const center = new Float64Array(dim);
	if (opts.center) center.set(Array.from(opts.center));
	else if (n > 0) {
		for (let r = 0; r < n; r++) for (let j = 0; j < dim; j++) center[j] += X[r * dim + j];
		for (let j = 0; j < dim; j++) center[j] /= n;
	}
	const Y = new Float64Array(n * dim);
	let total = 0;
	for (let r = 0; r < n; r++)
		for (let j = 0; j < dim; j++) {
			const y = X[r * dim + j] - center[j];
			Y[r * dim + j] = y;
			total += y * y;
		}
	total /= Math.max(1, n);
	count = Math.min(count, dim);
	// Start vectors: the data rows of largest norm (then unit vectors), orthonormalised.
	let basis: Float64Array[] = [];
	const order = Array.from({ length: n }, (_, r) => r).sort((a, b) => dot(Y, Y, b * dim, b * dim, dim) - dot(Y, Y, a * dim, a * dim, dim));
	for (const r of order.slice(0, count)) basis.push(Y.slice(r * dim, (r + 1) * dim));
	for (let j = 0; basis.length < count; j++) {
		const e = new Float64Array(dim);
		e[j % dim] = 1;
		e[(j + 1) % dim] += 0.5;
		basis.push(e);
	}
	basis = orthonormalize(basis, dim);
	const applyCov = (v: Float64Array) => {
		const out = new Float64Array(dim);
		for (let r = 0; r < n; r++) {
			const s = dot(Y, v, r * dim, 0, dim);
			if (s !== 0) for (let j = 0; j < dim; j++) out[j] += s * Y[r * dim + j];
		}
		for (let j = 0; j < dim; j++) out[j] /= Math.max(1, n);
		return out;
	};
	const iters = opts.iterations ?? 300;
	const tol = opts.tol ?? 1e-10;
	for (let it = 0; it < iters; it++) {
		const next = orthonormalize(basis.map(applyCov), dim);
		let change = 0;
		for (let i = 0; i < count; i++) change = Math.max(change, 1 - Math.abs(dot(next[i], basis[i])));
		basis = next;
		if (change < tol) break;
	}
	// Rayleigh–Ritz in the found subspace, so the directions come out sorted by variance.
	const k = basis.length;
	const C = basis.map((a) => basis.map((b) => dot(a, applyCov(b))));
	const { vectors, values } = symmetricEigen(C);
	const directions = vectors.map((w) => {
		const d = new Float64Array(dim);
		for (let i = 0; i < k; i++) for (let j = 0; j < dim; j++) d[j] += w[i] * basis[i][j];
		let big = 0;
		for (let j = 0; j < dim; j++) if (Math.abs(d[j]) > Math.abs(d[big])) big = j;
		if (d[big] < 0) for (let j = 0; j < dim; j++) d[j] = -d[j];
		return d;
	});
	return { directions, variances: values, total, center };
}

/** A PCA view of points (n × dim): the plane of the two principal directions through their mean. */
export function pcaProjection(points: ArrayLike<number>, dim: number): Projection {
	if (dim === 2) return identityProjection();
	const { directions, variances, total, center } = principalDirections(points, dim, 2);
	const fallback = axesProjection(dim);
	const u = directions[0] && norm(directions[0]) > 0.5 ? directions[0] : fallback.u;
	let v = directions[1] && norm(directions[1]) > 0.5 ? directions[1] : fallback.v;
	if (Math.abs(dot(u, v)) > 1e-6) v = orthonormalize([u, v], dim)[1] ?? fallback.v;
	const share = (x: number | undefined) => (total > 0 && x !== undefined ? x / total : 0);
	return { dim, origin: center, u, v, kind: 'pca', explained: [share(variances[0]), share(variances[1])] };
}

/** Gram–Schmidt (twice, for stability); vectors that vanish are replaced by unit vectors. */
export function orthonormalize(vs: Float64Array[], dim: number): Float64Array[] {
	const out: Float64Array[] = [];
	for (const v0 of vs) {
		let v = Float64Array.from(v0);
		for (let attempt = 0; attempt <= dim; attempt++) {
			for (let pass = 0; pass < 2; pass++)
				for (const o of out) {
					const c = dot(v, o);
					for (let j = 0; j < dim; j++) v[j] -= c * o[j];
				}
			const nv = norm(v);
			if (nv > 1e-12) {
				for (let j = 0; j < dim; j++) v[j] /= nv;
				break;
			}
			v = new Float64Array(dim);
			v[attempt % dim] = 1;
		}
		out.push(v);
	}
	return out;
}

/** Eigen-decomposition of a small symmetric matrix (Jacobi rotations), sorted by decreasing value. */
export function symmetricEigen(M: number[][]): { values: number[]; vectors: number[][] } {
	const n = M.length;
	const A = M.map((r) => r.slice());
	const Vm: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
	for (let sweep = 0; sweep < 100; sweep++) {
		let off = 0;
		for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += A[i][j] * A[i][j];
		if (off < 1e-30) break;
		for (let p = 0; p < n; p++)
			for (let q = p + 1; q < n; q++) {
				if (Math.abs(A[p][q]) < 1e-300) continue;
				const theta = (A[q][q] - A[p][p]) / (2 * A[p][q]);
				const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
				const c = 1 / Math.sqrt(t * t + 1);
				const s = t * c;
				for (let k = 0; k < n; k++) {
					const akp = A[k][p];
					const akq = A[k][q];
					A[k][p] = c * akp - s * akq;
					A[k][q] = s * akp + c * akq;
				}
				for (let k = 0; k < n; k++) {
					const apk = A[p][k];
					const aqk = A[q][k];
					A[p][k] = c * apk - s * aqk;
					A[q][k] = s * apk + c * aqk;
				}
				for (let k = 0; k < n; k++) {
					const vkp = Vm[k][p];
					const vkq = Vm[k][q];
					Vm[k][p] = c * vkp - s * vkq;
					Vm[k][q] = s * vkp + c * vkq;
				}
			}
	}
	const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => A[b][b] - A[a][a]);
	return { values: idx.map((i) => A[i][i]), vectors: idx.map((i) => Vm.map((row) => row[i])) };
}
