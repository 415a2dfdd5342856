/** Engine factory: the only place that knows which engines exist. */
import { TsEngine } from './ts';
import type { Engine, EngineName } from './types';

export const ENGINE_NAMES: EngineName[] = ['ts', 'wasm', 'wasm-scalar', 'webgpu'];

export async function createEngine(name: EngineName): Promise<Engine> {
	switch (name) {
		case 'ts':
			return new TsEngine();
		case 'wasm': // SIMD where the runtime validates it, else the scalar build
		case 'wasm-scalar':
			return (await import('./wasm')).createWasmEngine(name);
		case 'webgpu': // loaded on demand: tfjs stays out of pages that never use the GPU
			return new (await import('./webgpu')).WebGPUEngine();
		default:
			throw new Error(`engine '${name}' is not available yet (available: ts)`);
	}
}

/** A population engine (R models at once). WebAssembly: a pool of workers, one per core unless `threads` says. */
export async function createPopulationEngine(name: 'webgpu' | 'wasm' | 'wasm-scalar', options: { threads?: number } = {}): Promise<import('./types').PopulationEngine> {
	if (name === 'wasm' || name === 'wasm-scalar') return (await import('./pool')).createWasmPopulation(name, options.threads);
	if (name !== 'webgpu') throw new Error(`no population engine '${name}' (available: wasm, wasm-scalar, webgpu)`);
	return (await import('./webgpu')).createWebGPUPopulation();
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

export type { Engine, EngineName, Snapshot, StepReport, InitOptions } from './types';
