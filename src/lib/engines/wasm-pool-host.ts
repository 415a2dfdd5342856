/**
 * The worker side of the population pool (wasm-pool.ts): the object each pool worker serves
 * (rpc.ts), one WasmPopulation. Free of DOM and of node APIs, so that a Web Worker and a
 * worker_thread serve the same one. Each method is the PopulationEngine method of the same name.
 */
import { moving } from './rpc';
import type { PopulationInitOptions, PopulationMember } from './types';
import { WasmPopulation } from './wasm-population';

export function poolHost() {
	let engine: WasmPopulation | null = null;
	const current = (): WasmPopulation => {
		if (!engine) throw new Error('pool worker: init first');
		return engine;
	};
	return {
		/** A fresh population of this engine ('wasm' or 'wasm-scalar'). */
		async init(name: 'wasm' | 'wasm-scalar', config: Parameters<WasmPopulation['init']>[0], members: PopulationMember[], options?: PopulationInitOptions) {
			engine?.dispose();
			engine = new WasmPopulation(name);
			return engine.init(config, members, options);
		},
		step: (n: number) => current().step(n),
		async params() {
			const p = await current().params();
			return moving(p, [p]);
		},
		evaluate: () => current().evaluate()
	};
}

export type PoolHost = ReturnType<typeof poolHost>;
