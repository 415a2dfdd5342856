/**
 * Per-run summaries kept in a results record: a decimated curve, loss spikes, circuit class and
 * activation sparsity of the final model.
 */
import type { Config } from '../core/config';
import { makeDataset } from '../core/data';
import type { EpochMetrics } from '../core/metrics';
import { classifyCircuit } from '../core/circuits';
import { detectSpikes } from '../core/spikes';
import { activationSparsity, SPARSITY_EPS } from '../core/sparsity';

export { SPARSITY_EPS };

/** Every k-th epoch and the last one. */
export function decimateCurve(epochs: EpochMetrics[], every: number): { every: number; epoch: number[]; test_acc: number[]; loss: number[] } {
	const pick = epochs.filter((m, i) => m.epoch % every === 0 || i === epochs.length - 1);
	return { every, epoch: pick.map((m) => m.epoch), test_acc: pick.map((m) => round(m.test_acc, 5)), loss: pick.map((m) => round(m.loss, 5)) };
}

export function round(x: number, digits: number): number {
	return Number.isFinite(x) ? Number(x.toPrecision(digits)) : x;
}

/** Loss spikes on the per-epoch train loss (core/spikes.ts: rolling median + MAD in log-loss). */
export function countSpikes(loss: number[]): number {
	const finite = loss.filter(Number.isFinite);
	return finite.length < 3 ? 0 : detectSpikes(finite).length;
}

/** Share of MLP activations |gelu(W1 N(ξ) + b1)| below each ε, over the run's test set (core/sparsity.ts). */
export function sparsityOf(config: Config, params: ArrayLike<number>): { eps: number[]; frac: number[] } {
	const r = activationSparsity(config, params, makeDataset(config, config.seed).test, SPARSITY_EPS);
	return { eps: r.eps.map((e) => round(e, 6)), frac: r.frac.map((f) => round(f, 5)) };
}

/** Circuit class of the final model (core/circuits.ts), given its test accuracy. */
export function circuitClass(config: Config, params: ArrayLike<number>, testAcc: number): string | undefined {
	try {
		return classifyCircuit(config, params, { testAcc }).label;
	} catch {
		return undefined;
	}
}
