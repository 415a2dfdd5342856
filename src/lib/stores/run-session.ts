/**
 * The state of a training session as Svelte stores — the config, the metrics of every epoch, a
 * bounded history of snapshots, the snapshot shown — and the engine work that changes it: reset,
 * restore, train a chunk, dispose, one piece at a time through one queue. The controls (play,
 * pause, step, train to an epoch, seek) are the Run's (run.ts), which extends it.
 */
import { derived, get, writable, type Readable, type Writable } from 'svelte/store';
import { parseConfig, stepsPerEpoch, type Config } from '../core/config';
import { DivergenceError, type EpochMetrics } from '../core/metrics';
import type { Snapshot } from '../engines/types';
import { decimate } from '../core/decimate';
import { RunEngine, type Checkpoint, type EngineFactory, type FaultOptions, type Recovery } from './run-engine';

export type RunStatus = 'idle' | 'loading' | 'running' | 'paused' | 'done' | 'diverged' | 'error';

export interface RunOptions extends FaultOptions {
	/** Where reset starts: these parameters (in the flat layout) instead of the config's initialisation. */
	params?: ArrayLike<number>;
}

/** What a saved run gives back to a Run (persist/format.ts SavedRun fits). */
export interface RestorableRun {
	config: Partial<Config>;
	metrics: EpochMetrics[];
	snapshots: { step: number; epoch: number; params: ArrayLike<number>; adam?: { m: ArrayLike<number>; v: ArrayLike<number>; t: number } }[];
}

/**
 * Snapshot history (core/decimate.ts): every epoch of the last SNAPSHOT_RECENT, then every 2nd,
 * 4th, … further back: about 330 snapshots for 1000 epochs, the first always kept.
 */
export const SNAPSHOT_RECENT = 128;

/**
 * Every piece of engine work (initialise, train a chunk, snapshot, recover) goes through one queue
 * (`exclusive`), so that at most one engine call is in flight whatever arrives and in what order; a
 * reset or restore invalidates everything queued before it (`generation`). How far to train is
 * decided inside the queue, from the engine's real position, so a run never trains past its epochs.
 */
export class RunSession {
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

	/** The engine and its faults (run-engine.ts). */
	private readonly engine: RunEngine;
	/** Bumped by reset, restore and dispose: work of an older generation is dropped when it returns. */
	protected generation = 0;
	/** The tail of the engine-work queue. */
	private queue: Promise<unknown> = Promise.resolve();
	/** Play was asked for (and not paused since). */
	protected wantPlay = false;
	/** Bumped by every play, pause and seek: a trainTo in progress stops when it changes. */
	protected interrupts = 0;
	/** The latest resumable state (params, step, Adam), taken with every snapshot. */
	protected checkpoint: Checkpoint | null = null;

	constructor(
		config: Partial<Config> = {},
		makeEngine: EngineFactory,
		private readonly options: RunOptions = {}
	) {
		this.engine = new RunEngine(makeEngine, options, (r) => this.recovered(r));
		this.config = writable(parseConfig(config));
		this.current = derived([this.snapshots, this.selected], ([s, i]) => (s.length ? s[i === null ? s.length - 1 : Math.min(i, s.length - 1)] : null));
		this.index = derived([this.snapshots, this.selected], ([s, i]) => (s.length ? (i === null ? s.length - 1 : Math.min(i, s.length - 1)) : -1));
	}

	/** Run f after every piece of engine work queued before it (and before any queued after). */
	protected exclusive<T>(f: () => Promise<T>): Promise<T> {
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
				const engine = await this.start(gen, (e) => e.init(next, this.options.params ? { params: this.options.params } : undefined));
				if (gen !== this.generation) return;
				const { adam, ...first } = await engine.snapshot({ withAdam: true });
				first.metrics = await engine.evaluate();
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
		this.engine.restartCount();
		return gen;
	}

	/** An engine initialised by `init` (run-engine.ts: replaced once on a fault while starting); its name shown. */
	private async start(gen: number, init: Parameters<RunEngine['start']>[0]) {
		const engine = await this.engine.start(init, () => gen !== this.generation);
		this.engineName.set(engine.name);
		return engine;
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

	dispose(): void {
		this.generation++;
		this.wantPlay = false;
		this.interrupts++;
		this.status.set('idle');
		this.engine.drop();
	}

	/** Completed epochs: where the engine is (its last checkpoint), else the metrics'. */
	protected position(): number {
		return this.checkpoint?.epoch ?? get(this.metrics).at(-1)?.epoch ?? 0;
	}

	protected finished(): boolean {
		return this.position() >= get(this.config).epochs;
	}

	/**
	 * Train up to `epochs` more epochs (not past `upTo`, never past the config's epochs), decided here,
	 * inside the queue, from the engine's position. Only called through `exclusive`. True when the run
	 * moved on.
	 */
	protected async advance(gen: number, epochs: number, upTo = Infinity): Promise<boolean> {
		if (gen !== this.generation || !this.engine.current || !this.checkpoint) return false;
		const s = get(this.status);
		if (s !== 'running' && s !== 'paused') return false;
		const config = get(this.config);
		const spe = stepsPerEpoch(config);
		const done = this.position();
		const to = Math.min(done + epochs, upTo, config.epochs);
		// To the end of epoch `to` exactly, from wherever the engine is (a saved run may stop mid-epoch).
		const steps = to * spe - this.checkpoint.step;
		if (!(to > done && steps > 0)) return false;
		let trained;
		try {
			trained = await this.engine.train(steps, this.checkpoint, config, () => gen !== this.generation);
		} catch (e) {
			if (gen === this.generation) this.fail(e);
			return false;
		}
		if (!trained) return false;
		const { r, adam, snap } = trained;
		snap.metrics = r.epochs.at(-1);
		this.checkpoint = { step: snap.step, epoch: snap.epoch, params: snap.params, adam };
		this.metrics.update((m) => [...m, ...r.epochs]);
		this.snapshots.update((h) => decimate([...h, snap], snap.epoch, (s) => s.epoch, { recent: SNAPSHOT_RECENT }));
		return true;
	}

	/** A fresh engine took over after a fault (run-engine.ts), resumed from the last checkpoint. */
	private recovered(r: Recovery): void {
		this.engineName.set(r.engine);
		this.recoveries.update((list) => [...list, r]);
		this.message.set(
			r.kind === 'gpu-lost'
				? `The GPU device was lost; training continues on the ${r.engine} engine from epoch ${r.epoch} (no epoch lost).`
				: `The training worker stopped; a new one continues from epoch ${r.epoch} (no epoch lost).`
		);
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
