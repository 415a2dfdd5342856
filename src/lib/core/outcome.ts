/**
 * What a run's metrics say about it, in one place: the success threshold (test accuracy > 0.9, the
 * paper's, App. A.2), "at chance" (the loss of a model that has learned nothing, ln p, and accuracy
 * near 1/p), and the outcome every page names the same way — learned, stalled at chance, partial,
 * still on the plateau, diverged. The article's prose, the sandbox, the embeds and the sweeps'
 * aggregates all read these, so a run is never called one thing in one place and another elsewhere.
 */
import type { EpochMetrics } from './metrics';

/** A run succeeded when its final test accuracy is above this (the paper's threshold). */
export const SUCCESS_ACC = 0.9;

/** Relative distance of the train loss from ln p within which a run counts as at chance. */
export const CHANCE_LOSS_TOL = 0.05;
/** Test accuracy at most this far above 1/p counts as at chance. */
export const CHANCE_ACC_TOL = 0.1;

export const succeeded = (testAcc: number): boolean => testAcc > SUCCESS_ACC;

/** The model predicts no better than guessing: loss ≈ ln p and test accuracy ≈ 1/p. */
export function atChance(m: Pick<EpochMetrics, 'loss' | 'test_acc'>, p: number): boolean {
	const lnp = Math.log(p);
	return Math.abs(m.loss - lnp) <= CHANCE_LOSS_TOL * lnp && m.test_acc <= 1 / p + CHANCE_ACC_TOL;
}

export type OutcomeKind = 'untrained' | 'diverged' | 'learned' | 'plateau' | 'stalled' | 'learning' | 'partial';

export interface Outcome {
	kind: OutcomeKind;
	/** A short phrase for a status line, e.g. "stalled at chance (loss 0.693 ≈ ln 2, test accuracy 50%)". */
	text: string;
}

const pct = (v: number) => `${(100 * v).toFixed(1)}%`;

/**
 * The outcome of a run from its per-epoch metrics so far. `epochs` is how many it will train in all;
 * a run that has not reached them is judged "so far" (plateau or learning), one that has is final
 * (stalled or partial). A success is a success whenever it happens.
 */
export function outcome(metrics: readonly EpochMetrics[], opts: { p: number; epochs: number; diverged?: boolean }): Outcome {
	const last = metrics.at(-1);
	if (opts.diverged || (last && !Number.isFinite(last.loss))) return { kind: 'diverged', text: 'diverged (the loss stopped being a finite number)' };
	if (!last) return { kind: 'untrained', text: 'not trained yet' };
	const done = last.epoch >= opts.epochs;
	if (succeeded(last.test_acc)) return { kind: 'learned', text: `learned: ${pct(last.test_acc)} test accuracy at epoch ${last.epoch}` };
	if (atChance(last, opts.p)) {
		const detail = `loss ${last.loss.toFixed(3)} ≈ ln ${opts.p}, test accuracy ${pct(last.test_acc)}`;
		return done
			? { kind: 'stalled', text: `stalled at chance after ${last.epoch} epochs (${detail})` }
			: { kind: 'plateau', text: `at chance so far, on the plateau (${detail})` };
	}
	return done
		? { kind: 'partial', text: `ended at ${pct(last.test_acc)} test accuracy, below the ${pct(SUCCESS_ACC)} success threshold` }
		: { kind: 'learning', text: `learning: ${pct(last.test_acc)} test accuracy at epoch ${last.epoch}` };
}

/** The first epoch after which the test accuracy is above the success threshold (undefined if never). */
export function epochLearned(metrics: readonly EpochMetrics[]): number | undefined {
	return metrics.find((m) => succeeded(m.test_acc))?.epoch;
}
