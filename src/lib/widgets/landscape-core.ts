/**
 * The landscape worker's view of core: the plane of a trajectory and the CPU loss grid.
 * Thin glue over core/projection.ts and core/model.ts (core/landscape.ts replaces it when it lands).
 */
import type { Config } from '$lib/core/config';
import type { Dataset } from '$lib/core/data';
import { Model } from '$lib/core/model';
import { principalDirections, project, type Projection } from '$lib/core/projection';

export interface TrajectoryPlane {
	origin: Float64Array;
	u: Float64Array;
	v: Float64Array;
	coords: Float64Array;
	explained: [number, number] | null;
}

export function trajectoryPlane(config: Config, traj: Float64Array, n: number, mode: 'pca' | 'random', _seed: number): TrajectoryPlane {
	const P = traj.length / n;
	const origin = traj.slice((n - 1) * P, n * P);
	if (mode !== 'pca') throw new Error('random directions need core/landscape.ts');
	const { directions, variances, total } = principalDirections(traj, P, 2, { center: origin });
	const u = directions[0];
	const v = directions[1];
	const proj: Projection = { dim: P, origin, u, v, kind: 'pca' };
	const coords = project(traj, proj);
	void config;
	return { origin, u, v, coords, explained: total > 0 ? [variances[0] / total, variances[1] / total] : null };
}

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
	const w = new Float64Array(w0.length);
	const out = new Float64Array(alphas.length * betas.length);
	for (let j = 0; j < betas.length; j++) {
		for (let i = 0; i < alphas.length; i++) {
			for (let k = 0; k < w.length; k++) w[k] = w0[k] + alphas[i] * u[k] + betas[j] * v[k];
			out[j * alphas.length + i] = model.evaluate(w, split).loss;
		}
		opts.onProgress?.((j + 1) / betas.length);
	}
	return out;
}
