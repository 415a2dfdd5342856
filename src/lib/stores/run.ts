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
	private loop: Promise<void> | null = null;
	private generation = 0;
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
		this.recoveries.set([]);
		this.checkpoint = null;
		this.recoveriesInARow = 0;
		try {
			await this.start(gen, (engine) => engine.init(get(this.config)));
			if (gen !== this.generation || !this.engine) return;
			const { adam, ...first } = await this.engine.snapshot({ withAdam: true });
			first.metrics = await this.engine.evaluate();
			if (gen !== this.generation) return;
			this.checkpoint = { step: first.step, epoch: first.epoch, params: first.params, adam };
			this.snapshots.set([first]);
			this.metrics.set([first.metrics]);
			this.status.set('paused');
		} catch (e) {
			if (gen === this.generation) this.fail(e);
		}
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
	 * its last snapshot (with Adam's state where the file has it). Throws nothing: failures end in
	 * status 'error' with a message.
	 */
	async restore(saved: RestorableRun): Promise<void> {
		this.pause();
		await this.loop;
		const gen = ++this.generation;
		this.status.set('loading');
		this.message.set('');
		this.recoveries.set([]);
		this.recoveriesInARow = 0;
		try {
			const config = parseConfig(saved.config);
			const last = saved.snapshots.at(-1);
			if (!last) throw new Error('the saved run has no snapshot');
			this.config.set(config);
			const params = Float64Array.from(last.params);
			const adam = last.adam && { m: Float64Array.from(last.adam.m), v: Float64Array.from(last.adam.v), t: last.adam.t };
			await this.start(gen, (e) => e.init(config, { params, resume: { step: last.step, adam } }));
			if (gen !== this.generation) return;
			const metrics = saved.metrics.filter((m) => m.epoch <= last.epoch);
			const byEpoch = new Map(metrics.map((m) => [m.epoch, m]));
			this.metrics.set(metrics);
			this.snapshots.set(saved.snapshots.map((s) => ({ step: s.step, epoch: s.epoch, params: Float32Array.from(s.params), stepLoss: NaN, metrics: byEpoch.get(s.epoch) })));
			this.selected.set(null);
			this.checkpoint = { step: last.step, epoch: last.epoch, params, adam };
			if (!adam) this.message.set(`This saved run has no optimizer state; training continues from epoch ${last.epoch} with fresh Adam moments.`);
			this.status.set(this.finished() ? 'done' : 'paused');
		} catch (e) {
			if (gen === this.generation) this.fail(e);
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
		this.dropEngine();
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
		if (!this.engine) return;
		const config = get(this.config);
		const done = get(this.metrics).at(-1)?.epoch ?? 0;
		const todo = Math.min(epochs, config.epochs - done);
		if (todo <= 0) return;
		const gen = this.generation;
		for (;;) {
			const engine = this.engine;
			if (!engine) return;
			try {
				// Page-wide turns (step-slots.ts): at most cores − 1 runs train at any moment.
				const { r, adam, snap } = await trainingSlots.run(async () => {
					const r = await engine.step(todo * stepsPerEpoch(config));
					const { adam, ...snap } = await engine.snapshot({ withAdam: true });
					return { r, adam, snap };
				});
				if (gen !== this.generation) return;
				snap.metrics = r.epochs.at(-1);
				this.checkpoint = { step: snap.step, epoch: snap.epoch, params: snap.params, adam };
				this.recoveriesInARow = 0;
				this.metrics.update((m) => [...m, ...r.epochs]);
				this.snapshots.update((h) => decimate([...h, snap], snap.epoch, (s) => s.epoch, { recent: SNAPSHOT_RECENT }));
				return;
			} catch (e) {
				if (gen !== this.generation) return;
				try {
					if (await this.recover(e, gen)) continue; // the same epochs again, on the new engine
				} catch (e2) {
					if (gen === this.generation) this.fail(e2);
					return;
				}
				if (gen === this.generation) this.fail(e);
				return;
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
		if (e instanceof DivergenceError) {
			this.status.set('diverged');
			this.message.set(`${e.message}. Training stopped; the last good snapshot is kept.`);
		} else {
			this.status.set('error');
			this.message.set((e as Error)?.message ?? String(e));
		}
	}
}
