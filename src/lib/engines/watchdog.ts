/**
 * The watchdog shared by the proxies to training workers (WorkerEngine for one run, the population
 * pool's lanes): a worker killed by the browser or hung never answers and sends no error event, so
 * a request left unanswered for too long counts as a crash. How long is too long is learnt from the
 * speed of the steps answered so far.
 */

/** A worker died, or stopped answering. Callers restart it (from a checkpoint, or the whole population). */
export class WorkerCrashedError extends Error {
	name = 'WorkerCrashedError';
}

/**
 * When a silent worker counts as dead. A step of n model-steps may take `factor` times as long as
 * the steps so far took on average (and at least `minMs`); any other request `otherMs`. Generous on
 * purpose: a false alarm only costs a restart.
 */
export interface Watchdog {
	minMs: number;
	factor: number;
	otherMs: number;
}
export const DEFAULT_WATCHDOG: Watchdog = { minMs: 30_000, factor: 20, otherMs: 60_000 };

/** Milliseconds per model-step of one worker, and the patience it earns. */
export class StepClock {
	/** Smoothed milliseconds per step of the steps answered so far (null before the first). */
	private msPerStep: number | null = null;

	constructor(private readonly watchdog: Watchdog = DEFAULT_WATCHDOG) {}

	/** How long a request may go unanswered; `steps`: the steps it asks for (0: not a step). */
	patience(steps: number): number {
		const { minMs, factor, otherMs } = this.watchdog;
		if (!steps) return otherMs;
		return this.msPerStep === null ? Math.max(minMs, otherMs) : Math.max(minMs, factor * steps * this.msPerStep);
	}

	/** A step request of `steps` steps was answered after `ms`. */
	record(steps: number, ms: number): void {
		if (steps <= 0) return;
		const per = ms / steps;
		this.msPerStep = this.msPerStep === null ? per : 0.8 * this.msPerStep + 0.2 * per;
	}

	/** Forget the speed (a new config: a step may cost something else entirely). */
	reset(): void {
		this.msPerStep = null;
	}
}
