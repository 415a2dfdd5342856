/** What an engine reports after each epoch: loss and accuracy on the full train and test sets. */
export interface EpochMetrics {
	epoch: number;
	loss: number;
	acc: number;
	test_loss: number;
	test_acc: number;
}

/** The metrics of an epoch that has none (a diverged member, an epoch not evaluated): NaN throughout. */
export function nanMetrics(epoch: number): EpochMetrics {
	return { epoch, loss: NaN, acc: NaN, test_loss: NaN, test_acc: NaN };
}

/** A run diverged: a non-finite loss or parameter appeared at this step. */
export class DivergenceError extends Error {
	constructor(
		readonly step: number,
		readonly what: string
	) {
		super(`training diverged at step ${step}: ${what} is not finite`);
		this.name = 'DivergenceError';
	}
}

export function allFinite(a: ArrayLike<number>): boolean {
	for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return false;
	return true;
}
