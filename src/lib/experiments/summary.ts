/**
 * Per-run summaries kept in a results record: a decimated curve, loss spikes, circuit class and
 * activation sparsity of the final model.
 */
import type { Config } from '../core/config';
import { makeDataset } from '../core/data';
import type { EpochMetrics } from '../core/metrics';
import { Model } from '../core/model';

/** ε grid of the sparsity curve (Fig 17): 10^-5 … 10^2, four points per decade. */
export const SPARSITY_EPS = Array.from({ length: 29 }, (_, i) => Number((10 ** (-5 + i / 4)).toPrecision(6)));

/** Every k-th epoch and the last one. */
export function decimateCurve(epochs: EpochMetrics[], every: number): { every: number; epoch: number[]; test_acc: number[]; loss: number[] } {
	const pick = epochs.filter((m, i) => m.epoch % every === 0 || i === epochs.length - 1);
	return { every, epoch: pick.map((m) => m.epoch), test_acc: pick.map((m) => round(m.test_acc, 5)), loss: pick.map((m) => round(m.loss, 5)) };
}

export function round(x: number, digits: number): number {
	return Number.isFinite(x) ? Number(x.toPrecision(digits)) : x;
}

/**
 * Loss spikes on a per-epoch loss curve: an epoch whose loss rises above both the running minimum
 * and the previous epoch by more than `rel` of the running minimum (and by `abs` at least), counted
 * once per excursion (the loss must come back under the threshold before another spike counts).
 */
export function countSpikes(loss: number[], rel = 0.5, abs = 0.02): number {
	let best = Infinity;
	let inSpike = false;
	let count = 0;
	for (let i = 0; i < loss.length; i++) {
		const l = loss[i];
		if (!Number.isFinite(l)) break;
		const thresh = best + Math.max(abs, rel * best);
		if (!inSpike && i > 0 && l > thresh && l > loss[i - 1]) {
			count++;
			inSpike = true;
		} else if (inSpike && l <= thresh) inSpike = false;
		if (!inSpike) best = Math.min(best, l);
	}
	return count;
}

/** Share of MLP activations |gelu(W1 N(ξ) + b1)| below each ε, over the test set of the run's data. */
export function activationSparsity(config: Config, params: ArrayLike<number>, eps = SPARSITY_EPS): { eps: number[]; frac: number[] } {
	const data = makeDataset(config, config.seed).test;
	const model = new Model(config);
	const w = Float64Array.from(params);
	const counts = new Float64Array(eps.length);
	for (let r = 0; r < data.n; r++) {
		const tr = model.forward(w, data.X, r);
		for (let u = 0; u < config.h; u++) {
			const a = Math.abs(tr.hidden[u]);
			for (let j = 0; j < eps.length; j++) if (a < eps[j]) counts[j]++;
		}
	}
	const total = data.n * config.h;
	return { eps: [...eps], frac: Array.from(counts, (c) => round(c / total, 5)) };
}

/**
 * Circuit class of a d=2 model from its final parameters. Until core/circuits.ts lands this is a
 * coarse stand-in: the number of distinct clusters of ξ over the probe set decides 'ideal'
 * (C(k+p−1, k) clusters, the paper's Fig 1–2), 'partial' (more, but the test accuracy is high) or 'fuzzy'.
 */
export function circuitClass(config: Config, params: ArrayLike<number>, testAcc: number): string {
	const data = makeDataset(config, config.seed).test;
	const model = new Model(config);
	const w = Float64Array.from(params);
	const pts: number[][] = [];
	for (let r = 0; r < Math.min(512, data.n); r++) pts.push(Array.from(model.forward(w, data.X, r).xi));
	// Greedy clustering at a radius relative to the spread of ξ.
	let spread = 0;
	const mean = pts[0].map((_, j) => pts.reduce((a, p) => a + p[j], 0) / pts.length);
	for (const p of pts) spread += Math.hypot(...p.map((v, j) => v - mean[j])) / pts.length;
	const rad = 0.05 * (spread || 1);
	const centres: number[][] = [];
	for (const p of pts) if (!centres.some((c) => Math.hypot(...c.map((v, j) => v - p[j])) < rad)) centres.push(p);
	const ideal = binom(config.k + config.p - 1, config.k);
	if (testAcc < 0.9) return 'failed';
	if (centres.length <= ideal) return 'ideal';
	if (centres.length <= 4 * ideal) return 'partial';
	return 'fuzzy';
}

function binom(n: number, k: number): number {
	let r = 1;
	for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
	return Math.round(r);
}
