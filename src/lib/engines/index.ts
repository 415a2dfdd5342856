/**
 * Engine factory: the only place that knows which engines exist. Pages, the CLI, the sweep runner's
 * callers and the article get every engine, single or population, from here. The CPU engines are
 * imported statically (a worker inlined as a blob, as the custom elements' is, cannot load chunks);
 * the rest on demand (tfjs stays out of pages that never use the GPU).
 */
import { TsEngine } from './ts';
import type { Engine, EngineName, PopulationEngine } from './types';
import { createWasmEngine } from './wasm';

export const ENGINE_NAMES: EngineName[] = ['ts', 'wasm', 'wasm-scalar', 'webgpu'];

/** A single-model engine: 'wasm' is SIMD where the runtime validates it, else the scalar build. */
export async function createEngine(name: EngineName): Promise<Engine> {
	switch (name) {
		case 'ts':
			return new TsEngine();
		case 'wasm':
		case 'wasm-scalar':
			return createWasmEngine(name);
		case 'webgpu':
			return new (await import('./webgpu')).WebGPUEngine();
		default:
			throw new Error(`no engine '${name}' (available: ${ENGINE_NAMES.join(', ')})`);
	}
}

export interface PopulationOptions {
	/**
	 * WebAssembly only: how many workers train the members (each a contiguous share, in its own
	 * instance); 0 trains them in the calling thread. Default: one worker per core.
	 */
	workers?: number;
}

/**
 * A population engine (R models at once): 'ts' the reference, one member after another on this
 * thread; 'wasm' / 'wasm-scalar' a pool of workers (options.workers); 'webgpu' every member in one
 * dispatch per epoch.
 */
export async function createPopulationEngine(name: EngineName, options: PopulationOptions = {}): Promise<PopulationEngine> {
	switch (name) {
		case 'ts':
			return new (await import('./ts-population')).TsPopulation();
		case 'wasm':
		case 'wasm-scalar': {
			if (options.workers === 0) return new (await import('./wasm-population')).WasmPopulation(name);
			return new (await import('./wasm-pool')).WasmPoolPopulation(name, options.workers);
		}
		case 'webgpu':
			return new (await import('./webgpu')).WebGPUPopulation();
		default:
			throw new Error(`no population engine '${name}' (available: ${ENGINE_NAMES.join(', ')})`);
	}
}

/**
 * An engine in a Web Worker (browser only), so that training never blocks the page: `name` inside
 * it ('auto': WebAssembly where it loads, else TypeScript). `worker`: a worker of train.worker.ts
 * started otherwise (the custom elements' inline one).
 */
export async function createWorkerEngine(name: EngineName | 'auto' = 'auto', worker?: Worker): Promise<Engine> {
	const w = (await import('./worker')).WorkerEngine.inBrowser(worker);
	await w.create(name);
	return w;
}

/** The engine a CPU run uses by default: WebAssembly where it loads, else the TypeScript reference. */
export async function defaultEngineName(): Promise<EngineName> {
	try {
		(await createEngine('wasm')).dispose();
		return 'wasm';
	} catch {
		return 'ts';
	}
}

export { hasSimd, hasWebGPU, webgpuUnavailableReason } from './capabilities';
export type { Engine, EngineName, InitOptions, PopulationEngine, PopulationMember, Snapshot, StepReport } from './types';
