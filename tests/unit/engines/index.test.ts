/** The engine factory (engines/index.ts): every engine, single or population, by name. */
import { describe, expect, it } from 'vitest';
import { createEngine, createPopulationEngine, defaultEngineName, ENGINE_NAMES, type EngineName } from '../../../src/lib/engines/index';
import { TsPopulation } from '../../../src/lib/engines/ts-population';
import { WasmPoolPopulation } from '../../../src/lib/engines/wasm-pool';
import { WasmPopulation } from '../../../src/lib/engines/wasm-population';

describe('engine factory', () => {
	it('makes the single engines it names (the GPU one loads; it needs a device only at init)', async () => {
		for (const name of ENGINE_NAMES) {
			const e = await createEngine(name);
			expect(e.name).toBe(name);
			e.dispose();
		}
		expect(await defaultEngineName()).toBe('wasm');
	});

	it('makes population engines: ts, wasm in this thread or on workers, webgpu', async () => {
		expect(await createPopulationEngine('ts')).toBeInstanceOf(TsPopulation);
		expect(await createPopulationEngine('wasm', { workers: 0 })).toBeInstanceOf(WasmPopulation);
		const pool = await createPopulationEngine('wasm-scalar', { workers: 1 });
		expect(pool).toBeInstanceOf(WasmPoolPopulation);
		expect(pool.name).toBe('wasm-scalar');
		expect((await createPopulationEngine('webgpu')).name).toBe('webgpu');
	});

	it('names the engines there are when asked for one that is not', async () => {
		await expect(createEngine('cuda' as EngineName)).rejects.toThrow("no engine 'cuda' (available: ts, wasm, wasm-scalar, webgpu)");
		await expect(createPopulationEngine('cuda' as EngineName)).rejects.toThrow(/no population engine 'cuda' \(available: ts, wasm/);
	});
});
