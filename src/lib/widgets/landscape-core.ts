/**
 * The landscape worker's glue over core/landscape.ts: pick the plane (PCA of the trajectory or two
 * filter-normalised random directions), place the trajectory on it, and evaluate the CPU loss grid.
 */
import type { Config } from '$lib/core/config';
import type { Dataset } from '$lib/core/data';
import { filterNormalizedDirection, lossGrid as coreLossGrid, projectTrajectory, trajectoryDirections } from '$lib/core/landscape';
import { Model } from '$lib/core/model';

export interface TrajectoryPlane {
	origin: Float64Array;
	u: Float64Array;
	v: Float64Array;
	coords: Float64Array;
	explained: [number, number] | null;
}

export function trajectoryPlane(config: Config, traj: Float64Array, n: number, mode: 'pca' | 'random', seed: number): TrajectoryPlane {
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

/** Loss over the grid, on the first `rows` training sequences, a row of β at a time (progress after each). */
export function lossGrid(
	config: Config,
	data: Dataset,
	w0: ArrayLike<number>,
	u: ArrayLike<number>,
	v: ArrayLike<number>,
	alphas: ArrayLike<number>,
	betas: ArrayLike<number>,
	opts: { rows?: number; onProgress?: (p: number) => void } = {}
): Float64Array {
	const model = new Model(config);
	const rows = Math.min(opts.rows ?? data.train.n, data.train.n);
	const split = { X: data.train.X.subarray(0, rows * config.L), Y: data.train.Y.subarray(0, rows), n: rows };
	const A = Array.from(alphas);
	const out = new Float64Array(A.length * betas.length);
	for (let j = 0; j < betas.length; j++) {
		out.set(coreLossGrid(model, split, w0, u, v, A, [betas[j]]), j * A.length);
		opts.onProgress?.((j + 1) / betas.length);
	}
	return out;
}
