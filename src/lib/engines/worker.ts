/**
 * WorkerEngine: the Engine interface, proxied to an engine that runs in a worker, so training never
 * blocks the page. Requests are answered in order; a worker that dies rejects what is in flight, and
 * so does one that stops answering without an error event (a watchdog: killed by the browser, hung):
 * the Run then replaces it and resumes from its last checkpoint, as after a crash.
 */
import type { Config } from '../core/config';
import type { EpochMetrics } from '../core/metrics';
import { DivergenceError } from '../core/metrics';
import type { Engine, EngineName, GradientReport, InitOptions, Snapshot, SnapshotOptions, StepReport } from './types';
import type { Method, Request, Response } from './worker-protocol';
import { DEFAULT_WATCHDOG, PendingCalls, StepClock, WorkerCrashedError, type Watchdog } from './watchdog';

/** What the proxy needs of a worker: the common part of Web Workers and worker_threads. */
export interface WorkerLike {
	postMessage(msg: unknown, transfer?: Transferable[]): void;
	terminate(): void;
}

export { DEFAULT_WATCHDOG, WorkerCrashedError, type Watchdog } from './watchdog';

export class WorkerEngine implements Engine {
	name: EngineName = 'ts';
	private readonly calls: PendingCalls;

	/** `attach` wires the worker's message and error events to the proxy's callbacks. */
	constructor(
		private readonly worker: WorkerLike,
		attach: (onMessage: (r: Response) => void, onError: (e: Error) => void) => void,
		watchdog: Watchdog = DEFAULT_WATCHDOG
	) {
		this.calls = new PendingCalls(new StepClock(watchdog), 'the training worker', () => worker.terminate());
		attach(
			(r) => this.receive(r),
			(e) => this.calls.fail(e)
		);
	}

	/** A Web Worker running train.worker.ts (browser only). */
	static inBrowser(): WorkerEngine {
		const w = new Worker(new URL('./train.worker.ts', import.meta.url), { type: 'module' });
		return new WorkerEngine(w, (onMessage, onError) => {
			w.onmessage = (e) => onMessage(e.data as Response);
			w.onerror = (e) => onError(new WorkerCrashedError(e.message || 'the training worker failed'));
		});
	}

	private receive(r: Response) {
		const p = this.calls.take(r.id);
		if (!p) return;
		if (r.ok) {
			if (r.engine) this.name = r.engine;
			p.resolve(r.result);
		} else if (r.error.name === 'DivergenceError') p.reject(new DivergenceError(r.error.step ?? 0, r.error.what ?? 'loss'));
		else {
			const e = new Error(r.error.message);
			e.name = r.error.name;
			p.reject(e);
		}
	}

	private call<T>(method: Method, ...args: unknown[]): Promise<T> {
		const steps = method === 'step' ? (args[0] as number) : method === 'stepBatches' ? (args[0] as unknown[]).length : 0;
		return this.calls.send<T>(method, steps, (id) => this.worker.postMessage({ id, method, args } satisfies Request));
	}

	/** Choose the engine inside the worker ('auto': WebAssembly where it loads, else TypeScript). */
	async create(name: EngineName | 'auto' = 'auto'): Promise<EngineName> {
		this.name = await this.call<EngineName>('create', name);
		return this.name;
	}
	init(config: Config, options?: InitOptions) {
		this.calls.clock?.reset(); // another config: the steps so far say nothing about the next ones
		return this.call<void>('init', config, options);
	}
	step(n: number) {
		return this.call<StepReport>('step', n);
	}
	snapshot(options?: SnapshotOptions) {
		return this.call<Snapshot>('snapshot', options);
	}
	evaluate() {
		return this.call<EpochMetrics>('evaluate');
	}
	gradients(rows: number[]) {
		return this.call<GradientReport>('gradients', rows);
	}
	stepBatches(batches: number[][]) {
		return this.call<number[]>('stepBatches', batches);
	}
	dispose() {
		if (!this.calls.failure) this.calls.fail(new WorkerCrashedError('engine disposed'));
		this.worker.terminate();
	}
}
