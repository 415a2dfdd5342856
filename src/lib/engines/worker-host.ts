/**
 * The worker side of WorkerEngine: the object a training worker serves (rpc.ts), owning one engine.
 * Free of DOM and of node APIs, so that a Web Worker (train.worker.ts) and a worker_thread
 * (train-node.worker.ts) serve the same one. Each method is the Engine method of the same name.
 */
import { createEngine, defaultEngineName } from './index';
import { moving } from './rpc';
import type { Engine, EngineName, InitOptions, SnapshotOptions } from './types';

export function engineHost() {
	let engine: Engine | null = null;
	const current = (): Engine => {
		if (!engine) throw new Error('no engine: call create first');
		return engine;
	};
	return {
		/** Choose the engine ('auto': WebAssembly where it loads, else TypeScript); returns its name. */
		async create(name: EngineName | 'auto'): Promise<EngineName> {
			engine?.dispose();
			engine = await createEngine(name === 'auto' ? await defaultEngineName() : name);
			return engine.name;
		},
		init: (config: Parameters<Engine['init']>[0], options?: InitOptions) => current().init(config, options),
		step: (n: number) => current().step(n),
		async snapshot(options?: SnapshotOptions) {
			const s = await current().snapshot(options);
			return moving(s, [s.params, s.adam?.m, s.adam?.v]); // the engine's copies: moved, not cloned
		},
		evaluate: () => current().evaluate(),
		gradients: (rows: number[]) => current().gradients(rows),
		stepBatches: (batches: number[][]) => current().stepBatches(batches),
		async lossGrid(...args: Parameters<Engine['lossGrid']>) {
			const g = await current().lossGrid(...args);
			return moving(g, [g]);
		},
		dispose(): void {
			engine?.dispose();
			engine = null;
		}
	};
}

export type EngineHost = ReturnType<typeof engineHost>;
