/**
 * A training session you can play: the state and engine work of RunSession (run-session.ts) and the
 * controls — play, pause, one epoch, train to an epoch, seek. Widgets read `current`; scrubbing sets
 * `selected`, and the picture shows that past snapshot exactly.
 */
import { get } from 'svelte/store';
import { RunSession } from './run-session';

export type { Checkpoint, EngineFactory, Recovery } from './run-engine';
export { SNAPSHOT_RECENT, type RestorableRun, type RunOptions, type RunStatus } from './run-session';

/** Index of the latest snapshot with epoch ≤ `epoch` (0 when every snapshot is later). */
export function indexAtEpoch(snaps: { epoch: number }[], epoch: number): number {
	let lo = 0;
	let hi = snaps.length - 1;
	if (hi < 0) return -1;
	if (snaps[0].epoch > epoch) return 0;
	while (lo < hi) {
		const mid = (lo + hi + 1) >> 1;
		if (snaps[mid].epoch <= epoch) lo = mid;
		else hi = mid - 1;
	}
	return lo;
}

/** Resolves at the next animation frame in a page (or after 100 ms when frames are throttled), at once elsewhere. */
function nextFrame(): Promise<void> {
	return new Promise((resolve) => {
		if (typeof requestAnimationFrame !== 'function') return void setTimeout(resolve, 0);
		let done = false;
		const go = () => {
			if (!done) {
				done = true;
				resolve();
			}
		};
		requestAnimationFrame(go);
		setTimeout(go, 100);
	});
}

/**
 * A run is a small state machine. `status` is what the controls show:
 *   idle → loading (reset / restore) → paused ⇄ running → done | diverged | error
 * Whatever arrives, in whatever order, engine work goes one piece at a time through the session's
 * queue: a Play while the previous loop still awaits its chunk continues that loop instead of
 * starting a second; a step asked for meanwhile waits its turn; a reset or restore drops what was
 * queued before it.
 */
export class Run extends RunSession {
	/** The generation whose play loop is running (-1: none). At most one loop per generation. */
	private looping = -1;
	/** Steps asked for one by one (stepOnce, trainTo) still in progress. */
	private ops = 0;

	/** Train on, one update per frame, until paused or done. Does nothing while loading, after the end, a divergence or an error. */
	play(): void {
		const s = get(this.status);
		if (s !== 'paused' && s !== 'running') return;
		if (this.finished()) return this.settle(this.generation);
		this.interrupts++;
		this.wantPlay = true;
		this.selected.set(null);
		this.status.set('running');
		// The loop of this generation may still be awaiting its chunk (pause, then play): it carries on.
		if (this.looping !== this.generation) void this.drive(this.generation);
	}

	/** Stop after the chunk in flight (the controls read 'paused' at once). */
	pause(): void {
		this.interrupts++;
		this.wantPlay = false;
		if (get(this.status) === 'running' && this.ops === 0) this.status.set('paused');
	}

	/** One epoch forward (when paused). */
	async stepOnce(): Promise<void> {
		if (get(this.status) !== 'paused' || this.finished()) return;
		const gen = this.generation;
		this.ops++;
		this.status.set('running');
		try {
			await this.exclusive(() => this.advance(gen, 1));
		} finally {
			this.ops--;
			this.settle(gen);
		}
	}

	seek(index: number | null): void {
		this.pause();
		this.selected.set(index);
	}

	/** Show the latest snapshot whose epoch is ≤ `epoch` (the first one if none). */
	seekEpoch(epoch: number): void {
		const snaps = get(this.snapshots);
		if (!snaps.length) return;
		this.seek(indexAtEpoch(snaps, epoch));
	}

	/**
	 * Train (from the current state) until `epoch` epochs are done or the run ends, then show the
	 * snapshot at that epoch. Returns the epoch reached. A play, pause or seek meanwhile takes over
	 * (training stops there, or goes on playing).
	 */
	async trainTo(epoch: number, chunk?: number): Promise<number> {
		const target = Math.min(Number.isFinite(epoch) ? Math.max(0, Math.floor(epoch)) : 0, get(this.config).epochs);
		this.pause();
		const gen = this.generation;
		const token = this.interrupts;
		// About 100 snapshots on the way (the timeline and the landscape's trajectory need them).
		const every = chunk !== undefined && chunk >= 1 ? Math.floor(chunk) : Math.max(1, Math.ceil(target / 100));
		this.ops++;
		try {
			while (gen === this.generation && token === this.interrupts && this.position() < target) {
				const s = get(this.status);
				if (s !== 'paused' && s !== 'running') break;
				this.status.set('running');
				if (!(await this.exclusive(() => this.advance(gen, every, target)))) break;
			}
		} finally {
			this.ops--;
			this.settle(gen);
		}
		if (gen === this.generation && token === this.interrupts) this.seekEpoch(target);
		return this.position();
	}

	/** After a piece of work: done at the end; running while play or a step is wanted; else paused. */
	private settle(gen: number): void {
		if (gen !== this.generation) return;
		const s = get(this.status);
		if (s !== 'running' && s !== 'paused' && s !== 'done') return;
		if (this.finished()) {
			this.wantPlay = false;
			this.status.set('done');
		} else this.status.set(this.wantPlay || this.ops > 0 ? 'running' : 'paused');
	}

	/** The play loop: at most one per generation (play() checks `looping`), one update per frame. */
	private async drive(gen: number): Promise<void> {
		this.looping = gen;
		try {
			while (gen === this.generation && this.wantPlay && !this.finished()) {
				const n = Math.floor(get(this.speed));
				const moved = await this.exclusive(() => this.advance(gen, Number.isFinite(n) && n >= 1 ? n : 1));
				if (gen !== this.generation) return;
				if (!moved) this.wantPlay = false;
				this.settle(gen);
				if (!this.wantPlay) return;
				// Let the page draw between updates: at most one update per animation frame.
				await nextFrame();
			}
			this.settle(gen);
		} finally {
			if (this.looping === gen) this.looping = -1;
		}
	}

}
