/**
 * How many runs of a page may be training in their workers at the same moment: one core fewer than
 * the machine has (at least one), so that the page's own thread, which draws the panels, always
 * finds a core free. Eight embedded widgets on a two-core laptop then take turns on one core instead
 * of eight workers starving the page (every task of the page's thread stays short); with one run,
 * or as many cores as runs, nobody waits. Turns are first come, first served, except that background
 * work (the article's populations filling figures the reader is not looking at) waits behind every
 * foreground holder (the run on screen): it yields to the run the reader is looking at. While a figure
 * on screen trains flat out (computing its final state for the reader), it holds the background
 * back altogether (`hold`), so that it finishes in seconds; a run that plays one epoch per frame
 * leaves the gaps between its frames to the background.
 */
export class Slots {
	private free: number;
	private waiting: (() => void)[] = [];
	private background: (() => void)[] = [];
	private holds = 0;
	private held: (() => void)[] = [];

	constructor(readonly size: number) {
		this.free = Math.max(1, Math.floor(size));
	}

	/** Resolves with a release function once a slot is free; call it exactly once. */
	async acquire(priority: 'foreground' | 'background' = 'foreground'): Promise<() => void> {
		if (priority === 'background') while (this.holds > 0) await new Promise<void>((resolve) => this.held.push(resolve));
		if (this.free > 0) this.free--;
		else await new Promise<void>((resolve) => (priority === 'background' ? this.background : this.waiting).push(resolve));
		let released = false;
		return () => {
			if (released) return;
			released = true;
			const next = this.waiting.shift() ?? this.background.shift();
			if (next) next(); // the slot passes straight on
			else this.free++;
		};
	}

	/** Keep background work out until the returned function is called (once). */
	hold(): () => void {
		this.holds++;
		let released = false;
		return () => {
			if (released) return;
			released = true;
			if (--this.holds === 0) for (const wake of this.held.splice(0)) wake();
		};
	}

	/** Runs f in a slot. */
	async run<T>(f: () => Promise<T>, priority: 'foreground' | 'background' = 'foreground'): Promise<T> {
		const release = await this.acquire(priority);
		try {
			return await f();
		} finally {
			release();
		}
	}
}

const cores = Math.max(1, (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 2);

/** The page's slots (in node, where tests run several runs side by side, the same rule). */
export const trainingSlots = new Slots(cores - 1);
