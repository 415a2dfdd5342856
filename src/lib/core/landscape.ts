/**
 * Pure helpers for the loss-landscape view: a plane through parameter space, the trajectory
 * drawn on it, and a CPU reference for the loss over a grid of the plane (engines may compute
 * the same grid faster; this one is the definition).
 *
 * Two ways to pick the plane's directions:
 * - `trajectoryDirections`: the first two principal directions of (w_t − w_final) over the
 *   snapshots (the trajectory then lies close to the plane, as in Li et al. 2018, §7);
 * - `filterNormalizedDirection`: a Gaussian direction rescaled row by row to the norm of the
 *   matching parameter row (each row of E, P, V, W1 and W2 is a "filter"; the vectors q, b1, b2 are
 *   one row each), so that a step of 1 along it changes every filter in proportion to its size —
 *   Li et al. 2018's filter normalisation, which makes landscapes of differently scaled models
 *   comparable.
 */
import type { Split } from './data';
import { Model, type ModelConfig } from './model';
import { layout, PARAM_NAMES, type Layout } from './params';
import { dot, principalDirections } from './projection';
import { normal, streamKey } from './rng';

/** Stream id of landscape directions (outside rng.ts's named streams). */
export const LANDSCAPE_STREAM = 101;

/** Principal directions of (w_t − w_final) over a trajectory (w_final = last snapshot unless given). */
export function trajectoryDirections(trajectory: ArrayLike<number>[], final: ArrayLike<number> = trajectory[trajectory.length - 1]): { u: Float64Array; v: Float64Array; explained: [number, number] } {
	const D = final.length;
	const X = new Float64Array(trajectory.length * D);
	trajectory.forEach((w, t) => X.set(Array.from(w), t * D));
	const { directions, variances, total } = principalDirections(X, D, 2, { center: final, iterations: 500 });
	const share = (x: number | undefined) => (total > 0 && x !== undefined ? x / total : 0);
	return { u: directions[0], v: directions[1], explained: [share(variances[0]), share(variances[1])] };
}

/** Rows ("filters") of the layout: [offset, length] pairs covering every parameter once. */
export function filterRows(lay: Layout): [number, number][] {
	const rows: [number, number][] = [];
	for (const name of PARAM_NAMES) {
		const { offset, size, shape } = lay[name];
		const cols = shape.length === 2 ? shape[1] : size;
		for (let r = 0; r < size / cols; r++) rows.push([offset + r * cols, cols]);
	}
	return rows;
}

/** A Gaussian direction from (seed, which), rescaled so each row has the norm of w's row. */
export function filterNormalizedDirection(w: ArrayLike<number>, cfg: ModelConfig, seed: number, which = 0): Float64Array {
	const lay = layout(cfg);
	const key = streamKey(seed, LANDSCAPE_STREAM + which);
	const d = new Float64Array(lay.total);
	for (let i = 0; i < d.length; i++) d[i] = normal(key, i);
	for (const [o, n] of filterRows(lay)) {
		let dn = 0, wn = 0;
		for (let i = o; i < o + n; i++) {
			dn += d[i] * d[i];
			wn += w[i] * w[i];
		}
		const s = dn > 0 ? Math.sqrt(wn / dn) : 0;
		for (let i = o; i < o + n; i++) d[i] *= s;
	}
	return d;
}

/**
 * Plane coordinates (α, β) of each snapshot: the least-squares solution of w_t − origin ≈ αu + βv
 * (u and v need not be orthogonal, as random directions are not). Output n × 2.
 */
export function projectTrajectory(trajectory: ArrayLike<number>[], origin: ArrayLike<number>, u: ArrayLike<number>, v: ArrayLike<number>): Float64Array {
	const uu = dot(u, u), uv = dot(u, v), vv = dot(v, v);
	const det = uu * vv - uv * uv;
	const out = new Float64Array(trajectory.length * 2);
	const D = origin.length;
	trajectory.forEach((w, t) => {
		let a = 0, b = 0;
		for (let i = 0; i < D; i++) {
			const x = w[i] - origin[i];
			a += x * u[i];
			b += x * v[i];
		}
		if (Math.abs(det) > 1e-300 * Math.max(1, uu * vv)) {
			out[2 * t] = (vv * a - uv * b) / det;
			out[2 * t + 1] = (uu * b - uv * a) / det;
		} else {
			out[2 * t] = uu > 0 ? a / uu : 0;
			out[2 * t + 1] = 0;
		}
	});
	return out;
}

/**
 * Mean loss over `data` at w0 + α u + β v for every α in alphas and β in betas; row-major with α
 * fastest: out[i + j·alphas.length] is (alphas[i], betas[j]). The reference the engines' faster
 * grids are checked against.
 */
export function lossGrid(model: Model, data: Pick<Split, 'X' | 'Y' | 'n'>, w0: ArrayLike<number>, u: ArrayLike<number>, v: ArrayLike<number>, alphas: number[], betas: number[]): Float64Array {
	const out = new Float64Array(alphas.length * betas.length);
	const w = new Float64Array(w0.length);
	betas.forEach((b, j) =>
		alphas.forEach((a, i) => {
			for (let k = 0; k < w.length; k++) w[k] = w0[k] + a * u[k] + b * v[k];
			out[i + j * alphas.length] = model.evaluate(w, data).loss;
		})
	);
	return out;
}

/** n evenly spaced values from lo to hi (inclusive). */
export const linspace = (lo: number, hi: number, n: number) => Array.from({ length: n }, (_, i) => (n === 1 ? (lo + hi) / 2 : lo + ((hi - lo) * i) / (n - 1)));

/** A plane through parameter space: origin + α·u + β·v. */
export interface Plane {
	origin: ArrayLike<number>;
	u: ArrayLike<number>;
	v: ArrayLike<number>;
}

export interface TrajectoryPlane extends Plane {
	origin: Float64Array;
	u: Float64Array;
	v: Float64Array;
	/** n × 2 plane coordinates of the trajectory (the last point at (0, 0)). */
	coords: Float64Array;
	/** PCA: the share of the trajectory's variance along u and v; null for random directions. */
	explained: [number, number] | null;
}

/**
 * The plane of a trajectory's landscape (n × P parameters, oldest first) through its last point:
 * spanned by the trajectory's first two principal directions, or by two filter-normalised random
 * directions of `seed`; and the trajectory placed on it.
 */
export function trajectoryPlane(config: ModelConfig, traj: Float64Array, n: number, mode: 'pca' | 'random', seed: number): TrajectoryPlane {
	const P = traj.length / n;
	const rows = Array.from({ length: n }, (_, i) => traj.subarray(i * P, (i + 1) * P));
	const origin = traj.slice((n - 1) * P, n * P);
	let u: Float64Array, v: Float64Array;
	let explained: [number, number] | null = null;
	if (mode === 'pca') ({ u, v, explained } = trajectoryDirections(rows, origin));
	else {
		u = filterNormalizedDirection(origin, config, seed, 0);
		v = filterNormalizedDirection(origin, config, seed, 1);
	}
	return { origin, u, v, coords: projectTrajectory(rows, origin, u, v), explained };
}

/**
 * The grid's axes around a trajectory's plane coordinates (n × 2): `size` values per axis over the
 * span of the trajectory (never narrower than 1e-3) and the origin, a quarter of it beyond each end.
 */
export function gridAxes(coords: ArrayLike<number>, n: number, size: number): { alphas: Float64Array; betas: Float64Array } {
	const axis = (k: 0 | 1) => {
		let lo = 0;
		let hi = 0;
		for (let i = 0; i < n; i++) {
			lo = Math.min(lo, coords[2 * i + k]);
			hi = Math.max(hi, coords[2 * i + k]);
		}
		const r = Math.max(hi - lo, 1e-3);
		return Float64Array.from(linspace(lo - 0.25 * r, hi + 0.25 * r, size));
	};
	return { alphas: axis(0), betas: axis(1) };
}
