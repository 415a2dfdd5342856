/** Engine factory: the only place that knows which engines exist. */
import { TsEngine } from './ts';
import type { Engine, EngineName } from './types';

export const ENGINE_NAMES: EngineName[] = ['ts', 'wasm', 'wasm-scalar', 'webgpu'];

export async function createEngine(name: EngineName): Promise<Engine> {
	switch (name) {
		case 'ts':
			return new TsEngine();
		default:
			throw new Error(`engine '${name}' is not available yet (available: ts)`);
	}
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
