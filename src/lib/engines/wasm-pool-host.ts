/**
 * The worker side of the population pool: one WasmPopulation per worker, answering requests
 * in order. Free of DOM and of node APIs, so that a Web Worker and a worker_thread share it.
 */
import { WasmPopulation } from './wasm-population';

export type PoolMethod = 'init' | 'step' | 'params' | 'evaluate';
export interface PoolRequest {
	id: number;
	method: PoolMethod;
	args: unknown[];
	/** For 'init': which engine ('wasm' or 'wasm-scalar'). */
	engine?: 'wasm' | 'wasm-scalar';
}
export type PoolResponse = { id: number; ok: true; result: unknown } | { id: number; ok: false; message: string; name: string };

export function createPoolHost(post: (msg: PoolResponse, transfer?: Transferable[]) => void) {
	let engine: WasmPopulation | null = null;
	const handle = async (req: PoolRequest): Promise<unknown> => {
		if (req.method === 'init') {
			engine?.dispose();
			engine = new WasmPopulation(req.engine ?? 'wasm');
			return engine.init(...(req.args as Parameters<WasmPopulation['init']>));
		}
		if (!engine) throw new Error('pool worker: init first');
		if (req.method === 'step') return engine.step(req.args[0] as number);
		if (req.method === 'params') return engine.params();
		return engine.evaluate();
	};
	// Requests are chained so that they run one at a time, in the order they came.
	let queue: Promise<void> = Promise.resolve();
	return (req: PoolRequest) => {
		queue = queue.then(async () => {
			try {
				const result = await handle(req);
				post({ id: req.id, ok: true, result }, result instanceof Float32Array ? [result.buffer as ArrayBuffer] : []);
			} catch (e) {
				post({ id: req.id, ok: false, message: (e as Error).message, name: (e as Error).name });
			}
		});
	};
}
