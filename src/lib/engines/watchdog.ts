/**
 * The watchdog of every call to a worker (rpc.ts: the engine worker, the population pool's lanes,
 * the landscape worker): a worker killed by the browser or hung never answers and sends no error event, so
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

interface Pending {
	reject: (e: Error) => void;
	timer?: ReturnType<typeof setTimeout>;
}

/**
 * The requests sent to one worker and not yet answered, each under the watchdog (none when `clock`
 * is null). Once the worker has failed, what is pending and every later request are rejected with
 * the failure, and an answer that still arrives is dropped. Wraps the RPC's calls (rpc.ts).
 */
export class PendingCalls {
	private pending = new Set<Pending>();
	private dead: Error | null = null;

	/** who: the worker, as messages name it; kill: terminates it when the watchdog gives up on it. */
	constructor(
		readonly clock: StepClock | null,
		private readonly who: string,
		private readonly kill: () => void
	) {}

	/** Why the worker is dead (null while it is alive). */
	get failure(): Error | null {
		return this.dead;
	}

	/** Sends request `method` (`send` makes the call); `steps`: the model-steps it asks for (0: not a step). */
	guard<T>(method: string, steps: number, send: () => Promise<T>): Promise<T> {
		if (this.dead) return Promise.reject(this.dead);
		const clock = this.clock;
		const t0 = performance.now();
		return new Promise<T>((resolve, reject) => {
			const p: Pending = { reject };
			this.pending.add(p);
			if (clock) {
				const wait = clock.patience(steps);
				p.timer = setTimeout(() => {
					if (!this.pending.has(p)) return;
					this.fail(new WorkerCrashedError(`${this.who} stopped answering (no reply to ${method} in ${Math.round(wait / 1000)} s)`));
					this.kill();
				}, wait);
			}
			const settle = (ok: boolean, v: unknown) => {
				if (!this.pending.delete(p)) return; // failed meanwhile: the answer comes too late
				clearTimeout(p.timer);
				if (ok) {
					clock?.record(steps, performance.now() - t0);
					resolve(v as T);
				} else reject(v as Error);
			};
			send().then(
				(v) => settle(true, v),
				(e) => settle(false, e)
			);
		});
	}

	/** The worker failed: reject everything pending, and every later request, with `e` (the first failure stays). */
	fail(e: Error): void {
		this.dead ??= e;
		for (const p of this.pending) {
			clearTimeout(p.timer);
			p.reject(this.dead);
		}
		this.pending.clear();
	}
}
