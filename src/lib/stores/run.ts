/**
 * A training session as Svelte stores: the config, the engine (in a worker), the metrics of every
 * epoch, a bounded history of snapshots, and the snapshot the widgets show. Widgets read `current`;
 * scrubbing sets `selected`, and the picture shows that past snapshot exactly.
 */
import { derived, get, writable, type Readable, type Writable } from 'svelte/store';
import { parseConfig, stepsPerEpoch, type Config } from '../core/config';
import { DivergenceError, type EpochMetrics } from '../core/metrics';
import type { Engine, Snapshot } from '../engines/types';

export type RunStatus = 'idle' | 'loading' | 'running' | 'paused' | 'done' | 'diverged' | 'error';

/** How a run gets its engine (the page uses a worker; tests may pass the TS engine directly). */
export type EngineFactory = () => Promise<Engine>;

/** Keep at most this many snapshots: older ones are thinned (every other one dropped) as the run grows. */
export const MAX_SNAPSHOTS = 600;

/** Drop every second snapshot of the older half, keeping the first and the recent ones dense. */
export function thin(history: Snapshot[], max = MAX_SNAPSHOTS): Snapshot[] {
	if (history.length <= max) return history;
	const half = Math.floor(history.length / 2);
	return [...history.slice(0, half).filter((_, i) => i % 2 === 0), ...history.slice(half)];
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
	/** Epochs per update while playing. */
	readonly speed = writable(1);
	readonly current: Readable<Snapshot | null>;

	private engine: Engine | null = null;
	private loop: Promise<void> | null = null;
	private generation = 0;

	constructor(
		config: Partial<Config> = {},
		private readonly makeEngine: EngineFactory
	) {
		this.config = writable(parseConfig(config));
		this.current = derived([this.snapshots, this.selected], ([s, i]) => (s.length ? s[i === null ? s.length - 1 : Math.min(i, s.length - 1)] : null));
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
			// Let the page draw between updates.
			await new Promise((r) => setTimeout(r, 0));
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
			this.snapshots.update((h) => thin([...h, snap]));
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
