/**
 * A training session as Svelte stores: the config, the engine (in a worker), the metrics of every
 * epoch, a bounded history of snapshots, and the snapshot the widgets show. Widgets read `current`;
 * scrubbing sets `selected`, and the picture shows that past snapshot exactly.
 */
import { derived, get, writable, type Readable, type Writable } from 'svelte/store';
import { parseConfig, stepsPerEpoch, type Config } from '../core/config';
import { DivergenceError, type EpochMetrics } from '../core/metrics';
import type { Engine, Snapshot } from '../engines/types';
import { decimate } from '../core/decimate';

export type RunStatus = 'idle' | 'loading' | 'running' | 'paused' | 'done' | 'diverged' | 'error';

/** How a run gets its engine (the page uses a worker; tests may pass the TS engine directly). */
export type EngineFactory = () => Promise<Engine>;

/**
 * Snapshot history (core/decimate.ts): every epoch of the last SNAPSHOT_RECENT, then every 2nd,
 * 4th, … further back: about 330 snapshots for 1000 epochs, the first always kept.
 */
export const SNAPSHOT_RECENT = 128;

/** Keep at most this many snapshots: older ones are thinned (every other one dropped) as the run grows. */
export const MAX_SNAPSHOTS = 600;

/** (Older rule, kept for callers:) drop every second snapshot of the older half, keeping the first and the recent ones dense. */
export function thin(history: Snapshot[], max = MAX_SNAPSHOTS): Snapshot[] {
	if (history.length <= max) return history;
	const half = Math.floor(history.length / 2);
	return [...history.slice(0, half).filter((_, i) => i % 2 === 0), ...history.slice(half)];
}

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

export class Run {
	readonly config: Writable<Config>;
	readonly status = writable<RunStatus>('idle');
	readonly message = writable('');
	readonly engineName = writable('');
	readonly metrics = writable<EpochMetrics[]>([]);
	readonly snapshots = writable<Snapshot[]>([]);
	/** Index into snapshots; null follows the latest. */
	readonly selected = writable<number | null>(null);
	/** Epochs per update while playing (one update per animation frame at most). */
	readonly speed = writable(1);
	readonly current: Readable<Snapshot | null>;
	/** The index of the shown snapshot (selected, or the latest), -1 when there is none. */
	readonly index: Readable<number>;

	private engine: Engine | null = null;
	private loop: Promise<void> | null = null;
	private generation = 0;

	constructor(
		config: Partial<Config> = {},
		private readonly makeEngine: EngineFactory
	) {
		this.config = writable(parseConfig(config));
		this.current = derived([this.snapshots, this.selected], ([s, i]) => (s.length ? s[i === null ? s.length - 1 : Math.min(i, s.length - 1)] : null));
		this.index = derived([this.snapshots, this.selected], ([s, i]) => (s.length ? (i === null ? s.length - 1 : Math.min(i, s.length - 1)) : -1));
	}

	/** (Re)start from the initial state of the config: a fresh engine, empty history. */
	async reset(config?: Partial<Config>): Promise<void> {
		this.pause();
		await this.loop;
		const gen = ++this.generation;
		if (config) this.config.set(parseConfig({ ...get(this.config), ...config }));
		this.status.set('loading');
		this.message.set('');
		this.metrics.set([]);
		this.snapshots.set([]);
		this.selected.set(null);
		try {
			if (!this.engine) {
				this.engine = await this.makeEngine();
			}
			await this.engine.init(get(this.config));
			if (gen !== this.generation) return;
			this.engineName.set(this.engine.name);
			const first = await this.engine.snapshot();
			first.metrics = await this.engine.evaluate();
			this.snapshots.set([first]);
			this.metrics.set([first.metrics]);
			this.status.set('paused');
		} catch (e) {
			this.fail(e);
		}
	}

	play(): void {
		const s = get(this.status);
		if (s === 'running' || s === 'loading' || s === 'diverged' || s === 'error') return;
		if (s === 'done') return;
		this.selected.set(null);
		this.status.set('running');
		this.loop = this.run(this.generation);
	}

	pause(): void {
		if (get(this.status) === 'running') this.status.set('paused');
	}

	/** One epoch forward (when paused). */
	async stepOnce(): Promise<void> {
		if (get(this.status) !== 'paused') return;
		this.status.set('running');
		await this.advance(1);
		if (get(this.status) === 'running') this.status.set(this.finished() ? 'done' : 'paused');
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
	 * snapshot at that epoch. Returns the epoch reached.
	 */
	async trainTo(epoch: number, chunk?: number): Promise<number> {
		const target = Math.min(epoch, get(this.config).epochs);
		if (get(this.status) === 'running') {
			this.pause();
			await this.loop;
		}
		const gen = this.generation;
		while (gen === this.generation && (get(this.metrics).at(-1)?.epoch ?? 0) < target && get(this.status) === 'paused') {
			const done = get(this.metrics).at(-1)?.epoch ?? 0;
			// About 100 snapshots on the way (the timeline and the landscape's trajectory need them).
			const step = chunk ?? Math.max(1, Math.ceil(target / 100));
			this.status.set('running');
			await this.advance(Math.min(step, target - done));
			if (get(this.status) === 'running') this.status.set('paused');
		}
		if (gen === this.generation) {
			if (this.finished() && get(this.status) === 'paused') this.status.set('done');
			this.seekEpoch(target);
		}
		return get(this.metrics).at(-1)?.epoch ?? 0;
	}

	dispose(): void {
		this.generation++;
		this.status.set('idle');
		this.engine?.dispose();
		this.engine = null;
	}

	private finished(): boolean {
		const m = get(this.metrics);
		return (m.at(-1)?.epoch ?? 0) >= get(this.config).epochs;
	}

	private async run(gen: number): Promise<void> {
		while (gen === this.generation && get(this.status) === 'running') {
			await this.advance(get(this.speed));
			if (this.finished() && get(this.status) === 'running') this.status.set('done');
			// Let the page draw between updates: at most one update per animation frame.
			await nextFrame();
		}
	}

	private async advance(epochs: number): Promise<void> {
		const engine = this.engine;
		if (!engine) return;
		const config = get(this.config);
		const done = get(this.metrics).at(-1)?.epoch ?? 0;
		const todo = Math.min(epochs, config.epochs - done);
		if (todo <= 0) return;
		const gen = this.generation;
		try {
			const r = await engine.step(todo * stepsPerEpoch(config));
			const snap = await engine.snapshot();
			if (gen !== this.generation) return;
			snap.metrics = r.epochs.at(-1);
			this.metrics.update((m) => [...m, ...r.epochs]);
			this.snapshots.update((h) => decimate([...h, snap], snap.epoch, (s) => s.epoch, { recent: SNAPSHOT_RECENT }));
		} catch (e) {
			if (gen === this.generation) this.fail(e);
		}
	}

	private fail(e: unknown): void {
		if (e instanceof DivergenceError) {
			this.status.set('diverged');
			this.message.set(`${e.message}. Training stopped; the last good snapshot is kept.`);
		} else {
			this.status.set('error');
			this.message.set((e as Error)?.message ?? String(e));
		}
	}
}
