/**
 * The engine of a Run and its faults: get one and initialise it (replaced once when it dies or its
 * GPU is missing while starting), train a chunk in the page's training turns, and after a fault
 * (the worker crashed, the GPU device was lost) carry on with a fresh engine from the last
 * checkpoint, so that no completed epoch is lost. The Run (run.ts) decides what to train and when.
 */
import type { Config } from '../core/config';
import type { AdamState, Engine, Snapshot, StepReport } from '../engines/types';
import { trainingSlots } from './step-slots';

/** How a run gets its engine (the page uses a worker; tests may pass the TS engine directly). */
export type EngineFactory = () => Promise<Engine>;

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

export interface FaultOptions {
	/** The engine to continue on when the GPU device is lost or WebGPU is missing (default: the run's own factory). */
	fallback?: EngineFactory;
	/** Recoveries in a row without an epoch of progress before the run gives up (default 3). */
	maxRecoveries?: number;
}

/** Faults an engine can suffer that a fresh engine, resumed from the checkpoint, recovers from. */
export function faultKind(e: unknown): Recovery['kind'] | null {
	const name = (e as Error | null)?.name;
	if (name === 'WebGPULostError') return 'gpu-lost';
	if (name === 'WorkerCrashedError') return 'worker-crashed';
	return null;
}

/** A chunk trained: the engine's report and its snapshot after it, with Adam's state apart. */
export interface Trained {
	r: StepReport;
	adam?: AdamState;
	snap: Snapshot;
}

/** `stale()` is true once the run has moved on (reset, restore, dispose): work then stops, and an engine made meanwhile is dropped. */
type Stale = () => boolean;

export class RunEngine {
	private engine: Engine | null = null;
	private inARow = 0;

	constructor(
		private readonly make: EngineFactory,
		private readonly options: FaultOptions,
		/** Called when a fresh engine took over after a fault. */
		private readonly onRecovered: (r: Recovery) => void
	) {}

	get current(): Engine | null {
		return this.engine;
	}

	/** A fresh generation of the run: the count of recoveries in a row starts again. */
	restartCount(): void {
		this.inARow = 0;
	}

	private factoryFor(kind: Recovery['kind']): EngineFactory {
		return kind === 'gpu-lost' ? (this.options.fallback ?? this.make) : this.make;
	}

	/** The current engine (else a new one), initialised by `init`; replaced once on a fault while starting (by the fallback for GPU faults). */
	async start(init: (e: Engine) => Promise<void>, stale: Stale): Promise<Engine> {
		for (let attempt = 0; ; attempt++) {
			try {
				this.engine ??= await this.make();
				await init(this.engine);
				return this.engine;
			} catch (e) {
				const kind = faultKind(e) ?? ((e as Error)?.name === 'WebGPUUnavailableError' ? 'gpu-lost' : null);
				if (!kind || attempt > 0 || stale()) throw e;
				this.drop();
				this.engine = await this.factoryFor(kind)();
			}
		}
	}

	/**
	 * `steps` more steps and a snapshot with Adam's state, in the page-wide training turns
	 * (step-slots.ts: at most cores − 1 runs train at any moment); after a fault, the same steps
	 * again on a fresh engine resumed from `ck`. Null when there is no engine or the run went stale;
	 * throws what it could not recover from.
	 */
	async train(steps: number, ck: Checkpoint, config: Config, stale: Stale): Promise<Trained | null> {
		for (;;) {
			const engine = this.engine;
			if (!engine) return null;
			try {
				const out = await trainingSlots.run(async () => {
					const r = await engine.step(steps);
					const { adam, ...snap } = await engine.snapshot({ withAdam: true });
					return { r, adam, snap };
				});
				if (stale()) return null;
				this.inARow = 0;
				return out;
			} catch (e) {
				if (stale()) return null;
				if (!(await this.recover(e, ck, config, stale))) throw e;
			}
		}
	}

	/** A fresh engine initialised from the checkpoint; false when `e` is no fault, the run went stale, or recovery was tried too often without progress. */
	private async recover(e: unknown, ck: Checkpoint, config: Config, stale: Stale): Promise<boolean> {
		const kind = faultKind(e);
		if (!kind || this.inARow >= (this.options.maxRecoveries ?? 3)) return false;
		this.inARow++;
		this.drop();
		const engine = await this.factoryFor(kind)();
		if (!stale()) await engine.init(config, { params: ck.params, resume: { step: ck.step, adam: ck.adam } });
		if (stale()) {
			engine.dispose();
			return false;
		}
		this.engine = engine;
		this.onRecovered({ kind, epoch: ck.epoch, engine: engine.name, error: (e as Error)?.message ?? String(e) });
		return true;
	}

	drop(): void {
		try {
			this.engine?.dispose();
		} catch {
			/* a dead engine may fail to dispose */
		}
		this.engine = null;
	}
}
