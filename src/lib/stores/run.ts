/**
 * A training session as Svelte stores: the config, the engine (in a worker), the metrics of every
 * epoch, a bounded history of snapshots, and the snapshot the widgets show. Widgets read `current`;
 * scrubbing sets `selected`, and the picture shows that past snapshot exactly.
 */
import { derived, get, writable, type Readable, type Writable } from 'svelte/store';
import { parseConfig, stepsPerEpoch, type Config } from '../core/config';
import { DivergenceError, type EpochMetrics } from '../core/metrics';
import type { AdamState, Engine, Snapshot } from '../engines/types';
import { decimate } from '../core/decimate';
import { trainingSlots } from './step-slots';

export type RunStatus = 'idle' | 'loading' | 'running' | 'paused' | 'done' | 'diverged' | 'error';

/** How a run gets its engine (the page uses a worker; tests may pass the TS engine directly). */
export type EngineFactory = () => Promise<Engine>;

export interface RunOptions {
	/** The engine to continue on when the GPU device is lost or WebGPU is missing (default: the run's own factory). */
	fallback?: EngineFactory;
	/** Recoveries in a row without an epoch of progress before the run gives up (default 3). */
	maxRecoveries?: number;
	/** Where reset starts: these parameters (in the flat layout) instead of the config's initialisation. */
	params?: ArrayLike<number>;
}

/** A resumable point of the run: with the config, enough for any engine to continue exactly. */
export interface Checkpoint {
	step: number;
	epoch: number;
	params: Float32Array | Float64Array;
	adam?: AdamState;
}

/** One engine fault the run recovered from. */
export interface Recovery {
	/** 'gpu-lost' (WebGPU device lost: fell back), 'worker-crashed' (the worker died: restarted). */
	kind: 'gpu-lost' | 'worker-crashed';
	/** The epoch the run resumed from (its last checkpoint). */
	epoch: number;
	/** The engine that took over. */
	engine: string;
	error: string;
}

/** What a saved run gives back to a Run (persist/format.ts SavedRun fits). */
export interface RestorableRun {
	config: Partial<Config>;
	metrics: EpochMetrics[];
	snapshots: { step: number; epoch: number; params: ArrayLike<number>; adam?: { m: ArrayLike<number>; v: ArrayLike<number>; t: number } }[];
}

/** Faults an engine can suffer that a fresh engine, resumed from the checkpoint, recovers from. */
export function faultKind(e: unknown): Recovery['kind'] | null {
	const name = (e as Error | null)?.name;
	if (name === 'WebGPULostError') return 'gpu-lost';
	if (name === 'WorkerCrashedError') return 'worker-crashed';
	return null;
}

/**
 * Snapshot history (core/decimate.ts): every epoch of the last SNAPSHOT_RECENT, then every 2nd,
 * 4th, … further back: about 330 snapshots for 1000 epochs, the first always kept.
 */
export const SNAPSHOT_RECENT = 128;

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
 * and every piece of engine work (initialise, train a chunk, snapshot, recover) goes through one
 * queue (`exclusive`), so that at most one engine call is in flight whatever arrives and in what
 * order: a Play while the previous loop still awaits its chunk continues that loop instead of
 * starting a second; a step asked for meanwhile waits its turn; a reset or restore invalidates
 * everything queued before it (`generation`). How far to train is decided inside the queue, from the
 * engine's real position, so a run never trains past its epochs.
 */
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
	/** Engine faults recovered from during this run (cleared by reset). */
	readonly recoveries = writable<Recovery[]>([]);

	private engine: Engine | null = null;
	/** Bumped by reset, restore and dispose: work of an older generation is dropped when it returns. */
	private generation = 0;
	/** The tail of the engine-work queue. */
	private queue: Promise<unknown> = Promise.resolve();
	/** Play was asked for (and not paused since). */
	private wantPlay = false;
	/** The generation whose play loop is running (-1: none). At most one loop per generation. */
	private looping = -1;
	/** Steps asked for one by one (stepOnce, trainTo) still in progress. */
	private ops = 0;
	/** Bumped by every play, pause and seek: a trainTo in progress stops when it changes. */
	private interrupts = 0;
	/** The latest resumable state (params, step, Adam), taken with every snapshot. */
	private checkpoint: Checkpoint | null = null;
	private recoveriesInARow = 0;

	constructor(
		config: Partial<Config> = {},
		private readonly makeEngine: EngineFactory,
		private readonly options: RunOptions = {}
	) {
		this.config = writable(parseConfig(config));
		this.current = derived([this.snapshots, this.selected], ([s, i]) => (s.length ? s[i === null ? s.length - 1 : Math.min(i, s.length - 1)] : null));
		this.index = derived([this.snapshots, this.selected], ([s, i]) => (s.length ? (i === null ? s.length - 1 : Math.min(i, s.length - 1)) : -1));
	}

	/** Run f after every piece of engine work queued before it (and before any queued after). */
	private exclusive<T>(f: () => Promise<T>): Promise<T> {
		const r = this.queue.then(f);
		this.queue = r.then(
			() => undefined,
			() => undefined
		);
		return r;
	}

	/** (Re)start from the initial state of the config: a fresh engine, empty history. A bad config changes nothing and says so. */
	async reset(config?: Partial<Config>): Promise<void> {
		let next: Config;
		try {
			next = config ? parseConfig({ ...get(this.config), ...config }) : get(this.config);
		} catch (e) {
			this.message.set(`Not reset: ${(e as Error)?.message ?? String(e)}`);
			return;
		}
		const gen = this.begin();
		this.config.set(next);
		this.metrics.set([]);
		this.snapshots.set([]);
		this.checkpoint = null;
		await this.exclusive(async () => {
			if (gen !== this.generation) return;
			try {
				await this.start(gen, (engine) => engine.init(next, this.options.params ? { params: this.options.params } : undefined));
				if (gen !== this.generation || !this.engine) return;
				const { adam, ...first } = await this.engine.snapshot({ withAdam: true });
				first.metrics = await this.engine.evaluate();
				if (gen !== this.generation) return;
				this.checkpoint = { step: first.step, epoch: first.epoch, params: first.params, adam };
				this.snapshots.set([first]);
				this.metrics.set([first.metrics]);
				this.status.set(this.finished() ? 'done' : 'paused');
			} catch (e) {
				if (gen === this.generation) this.fail(e);
			}
		});
	}

	/** A new generation: whatever is queued or in flight is dropped when it returns; the run is loading. */
	private begin(): number {
		this.wantPlay = false;
		this.interrupts++;
		const gen = ++this.generation;
		this.status.set('loading');
		this.message.set('');
		this.selected.set(null);
		this.recoveries.set([]);
		this.recoveriesInARow = 0;
		return gen;
	}

	/**
	 * Get an engine (the current one, else a new one) and initialise it; an engine that dies or whose
	 * GPU is missing/lost while starting is replaced once (by the fallback for GPU faults).
	 */
	private async start(gen: number, init: (e: Engine) => Promise<void>): Promise<void> {
		for (let attempt = 0; ; attempt++) {
			try {
				this.engine ??= await this.makeEngine();
				await init(this.engine);
				this.engineName.set(this.engine.name);
				return;
			} catch (e) {
				const kind = faultKind(e) ?? ((e as Error)?.name === 'WebGPUUnavailableError' ? 'gpu-lost' : null);
				if (!kind || attempt > 0 || gen !== this.generation) throw e;
				this.dropEngine();
				this.engine = await (kind === 'gpu-lost' ? (this.options.fallback ?? this.makeEngine) : this.makeEngine)();
			}
		}
	}

	private dropEngine(): void {
		try {
			this.engine?.dispose();
		} catch {
			/* a dead engine may fail to dispose */
		}
		this.engine = null;
	}

	/** The latest resumable state (null before the first snapshot). */
	lastCheckpoint(): Checkpoint | null {
		return this.checkpoint;
	}

	/**
	 * Continue a saved run: its config, metrics and snapshots come back, and the engine resumes from
	 * its last snapshot (with Adam's state where the file has it). Throws nothing: a saved run that
	 * cannot be used changes nothing and says why; an engine failure ends in status 'error'.
	 */
	async restore(saved: RestorableRun): Promise<void> {
		let config: Config;
		let last: RestorableRun['snapshots'][number] | undefined;
		try {
			config = parseConfig(saved.config);
			last = saved.snapshots.at(-1);
			if (!last) throw new Error('the saved run has no snapshot');
			if (last.epoch > config.epochs) throw new Error(`its last snapshot (epoch ${last.epoch}) is past its ${config.epochs} epochs`);
		} catch (e) {
			this.message.set(`Not loaded: ${(e as Error)?.message ?? String(e)}`);
			return;
		}
		const gen = this.begin();
		await this.exclusive(async () => {
			if (gen !== this.generation) return;
			try {
				this.config.set(config);
				const params = Float64Array.from(last.params);
				const adam = last.adam && { m: Float64Array.from(last.adam.m), v: Float64Array.from(last.adam.v), t: last.adam.t };
				await this.start(gen, (e) => e.init(config, { params, resume: { step: last.step, adam } }));
				if (gen !== this.generation) return;
				const metrics = saved.metrics.filter((m) => m.epoch <= last.epoch);
				const byEpoch = new Map(metrics.map((m) => [m.epoch, m]));
				this.metrics.set(metrics);
				this.snapshots.set(saved.snapshots.map((s) => ({ step: s.step, epoch: s.epoch, params: Float32Array.from(s.params), stepLoss: NaN, metrics: byEpoch.get(s.epoch) })));
				this.checkpoint = { step: last.step, epoch: last.epoch, params, adam };
				if (!adam) this.message.set(`This saved run has no optimizer state; training continues from epoch ${last.epoch} with fresh Adam moments.`);
				this.status.set(this.finished() ? 'done' : 'paused');
			} catch (e) {
				if (gen === this.generation) this.fail(e);
			}
		});
	}

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

	dispose(): void {
		this.generation++;
		this.wantPlay = false;
		this.interrupts++;
		this.status.set('idle');
		this.dropEngine();
	}

	/** Completed epochs: where the engine is (its last checkpoint), else the metrics'. */
	private position(): number {
		return this.checkpoint?.epoch ?? get(this.metrics).at(-1)?.epoch ?? 0;
	}

	private finished(): boolean {
		return this.position() >= get(this.config).epochs;
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

	/**
	 * Train up to `epochs` more epochs (not past `upTo`, never past the config's epochs), decided here,
	 * inside the queue, from the engine's position. Only called through `exclusive`. True when the run
	 * moved on.
	 */
	private async advance(gen: number, epochs: number, upTo = Infinity): Promise<boolean> {
		if (gen !== this.generation || !this.engine || !this.checkpoint) return false;
		const s = get(this.status);
		if (s !== 'running' && s !== 'paused') return false;
		const config = get(this.config);
		const spe = stepsPerEpoch(config);
		const done = this.position();
		const to = Math.min(done + epochs, upTo, config.epochs);
		// To the end of epoch `to` exactly, from wherever the engine is (a saved run may stop mid-epoch).
		const steps = to * spe - this.checkpoint.step;
		if (!(to > done && steps > 0)) return false;
		for (;;) {
			const engine = this.engine;
			if (!engine) return false;
			try {
				// Page-wide turns (step-slots.ts): at most cores − 1 runs train at any moment.
				const { r, adam, snap } = await trainingSlots.run(async () => {
					const r = await engine.step(steps);
					const { adam, ...snap } = await engine.snapshot({ withAdam: true });
					return { r, adam, snap };
				});
				if (gen !== this.generation) return false;
				snap.metrics = r.epochs.at(-1);
				this.checkpoint = { step: snap.step, epoch: snap.epoch, params: snap.params, adam };
				this.recoveriesInARow = 0;
				this.metrics.update((m) => [...m, ...r.epochs]);
				this.snapshots.update((h) => decimate([...h, snap], snap.epoch, (s) => s.epoch, { recent: SNAPSHOT_RECENT }));
				return true;
			} catch (e) {
				if (gen !== this.generation) return false;
				try {
					if (await this.recover(e, gen)) continue; // the same epochs again, on the new engine
				} catch (e2) {
					if (gen === this.generation) this.fail(e2);
					return false;
				}
				if (gen === this.generation) this.fail(e);
				return false;
			}
		}
	}

	/**
	 * After an engine fault: a fresh engine (the fallback when the GPU was lost), initialised from
	 * the last checkpoint, so that no completed epoch is lost. False when the error is no fault or
	 * recovery was tried too often without progress.
	 */
	private async recover(e: unknown, gen: number): Promise<boolean> {
		const kind = faultKind(e);
		const ck = this.checkpoint;
		if (!kind || !ck || this.recoveriesInARow >= (this.options.maxRecoveries ?? 3)) return false;
		this.recoveriesInARow++;
		this.dropEngine();
		const engine = await (kind === 'gpu-lost' ? (this.options.fallback ?? this.makeEngine) : this.makeEngine)();
		if (gen !== this.generation) {
			engine.dispose();
			return false;
		}
		await engine.init(get(this.config), { params: ck.params, resume: { step: ck.step, adam: ck.adam } });
		if (gen !== this.generation) {
			engine.dispose();
			return false;
		}
		this.engine = engine;
		this.engineName.set(engine.name);
		this.recoveries.update((r) => [...r, { kind, epoch: ck.epoch, engine: engine.name, error: (e as Error)?.message ?? String(e) }]);
		this.message.set(
			kind === 'gpu-lost'
				? `The GPU device was lost; training continues on the ${engine.name} engine from epoch ${ck.epoch} (no epoch lost).`
				: `The training worker stopped; a new one continues from epoch ${ck.epoch} (no epoch lost).`
		);
		return true;
	}

	private fail(e: unknown): void {
		this.wantPlay = false;
		if (e instanceof DivergenceError) {
			this.status.set('diverged');
			this.message.set(`${e.message}. Training stopped; the last good snapshot is kept.`);
		} else {
			this.status.set('error');
			this.message.set((e as Error)?.message ?? String(e));
		}
	}
}
