/**
 * Activation sparsity (the paper's App. A.2, Fig 17): GELU is never exactly zero, so sparsity at
 * scale ε is the share of MLP activations with |gelu(W1 N(ξ) + b1)| < ε, over the sentences of a
 * data set and all h units. 1 = every unit is ε-silent, 0 = every unit is active. The paper sweeps
 * ε over 1e−5 … 1e2, where the curve goes from 0 to 1.
 */
import type { Split } from './data';
import { Model, type ModelConfig } from './model';

/** ε from 10^lo to 10^hi, `perDecade` points per decade (default 1e−5 … 1e2, 4 per decade: 29). */
export function epsGrid(lo = -5, hi = 2, perDecade = 4): number[] {
	const n = Math.round((hi - lo) * perDecade);
	return Array.from({ length: n + 1 }, (_, i) => Number((10 ** (lo + i / perDecade)).toPrecision(6)));
}

export const SPARSITY_EPS = epsGrid();

/** Share of |activation| < ε for each ε, over the first `maxRows` rows of the split (default all). */
export function activationSparsity(cfg: ModelConfig, params: ArrayLike<number>, split: Pick<Split, 'X' | 'n'>, eps: number[] = SPARSITY_EPS, maxRows = split.n): { eps: number[]; frac: number[] } {
	const model = new Model(cfg);
	const sorted = eps.map((e, i) => [e, i] as const).sort((a, b) => a[0] - b[0]);
	const counts = new Float64Array(eps.length);
	const rows = Math.min(maxRows, split.n);
	for (let r = 0; r < rows; r++) {
		const tr = model.forward(params, split.X, r);
		for (let u = 0; u < cfg.h; u++) {
			const a = Math.abs(tr.hidden[u]);
			// Every ε above a counts it: find the first such in sorted order.
			let lo = 0, hi = sorted.length;
			while (lo < hi) {
				const mid = (lo + hi) >> 1;
				if (sorted[mid][0] > a) hi = mid;
				else lo = mid + 1;
			}
			for (let j = lo; j < sorted.length; j++) counts[sorted[j][1]]++;
		}
	}
	const total = Math.max(1, rows * cfg.h);
	return { eps: eps.slice(), frac: Array.from(counts, (c) => c / total) };
}
