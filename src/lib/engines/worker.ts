/**
 * WorkerEngine: the Engine interface, proxied to an engine that runs in a worker (worker-host.ts),
 * so training never blocks the page. A worker that dies rejects what is in flight, and so does one
 * that stops answering without an error event (the watchdog: killed by the browser, hung): the Run
 * then replaces it and resumes from its last checkpoint, as after a crash.
 */
import type { Config } from '../core/config';
import type { Engine, EngineName, InitOptions, SnapshotOptions } from './types';
import { RpcClient, webWorkerLink, type WorkerLink } from './rpc';
import { DEFAULT_WATCHDOG, type Watchdog } from './watchdog';
import type { EngineHost } from './worker-host';

export { DEFAULT_WATCHDOG, WorkerCrashedError, type Watchdog } from './watchdog';

const WHO = 'the training worker';
/** The name a training worker is started with (self.name inside it: how a test finds one). */
export const TRAIN_WORKER = 'flatland-train';

export class WorkerEngine implements Engine {
	name: EngineName = 'ts';
	private readonly rpc: RpcClient<EngineHost>;

	constructor(link: WorkerLink, watchdog: Watchdog = DEFAULT_WATCHDOG) {
		this.rpc = new RpcClient<EngineHost>(link, WHO, watchdog);
	}

	/** A Web Worker running train.worker.ts (browser only); `worker`: another one (the elements' inline worker). */
	static inBrowser(worker?: Worker): WorkerEngine {
		return new WorkerEngine(webWorkerLink(worker ?? new Worker(new URL('./train.worker.ts', import.meta.url), { type: 'module', name: TRAIN_WORKER }), WHO));
	}

	/** Choose the engine inside the worker ('auto': WebAssembly where it loads, else TypeScript). */
	async create(name: EngineName | 'auto' = 'auto'): Promise<EngineName> {
		return (this.name = await this.rpc.call('create', [name]));
	}
	init(config: Config, options?: InitOptions) {
		this.rpc.resetClock(); // another config: the steps so far say nothing about the next ones
		return this.rpc.call('init', [config, options]);
	}
	step(n: number) {
		return this.rpc.call('step', [n], n);
	}
	snapshot(options?: SnapshotOptions) {
		return this.rpc.call('snapshot', [options]);
	}
	evaluate() {
		return this.rpc.call('evaluate', []);
	}
	gradients(rows: number[]) {
		return this.rpc.call('gradients', [rows]);
	}
	stepBatches(batches: number[][]) {
		return this.rpc.call('stepBatches', [batches], batches.length);
	}
	lossGrid(...args: Parameters<Engine['lossGrid']>) {
		return this.rpc.call('lossGrid', args);
	}
	dispose() {
		this.rpc.terminate('was disposed');
	}
}
