/**
 * A lost GPU device must end in a clean, typed rejection (so the caller falls back to WASM), never a
 * hang; and the next engine gets a fresh device.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/lib/core/config';
import { WebGPUEngine, WebGPULostError } from '../../../src/lib/engines/webgpu';
import { acquireGpu } from '../../../src/lib/engines/webgpu/device';
import { gpuSkipReason } from '../helpers/webgpu-setup';

const skip = await gpuSkipReason();

/** Reject if p has not settled within ms (a hang is the failure this test is about). */
function within<T>(p: Promise<T>, ms: number): Promise<T> {
	return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`still pending after ${ms} ms: hung`)), ms))]);
}

describe.skipIf(skip)('WebGPU device loss', () => {
	it('device.destroy() under a running engine: every call rejects with WebGPULostError; a new engine works', async () => {
		const cfg = parseConfig({ n: 64, batch: 16, seed: 4 });
		const engine = new WebGPUEngine();
		await engine.init(cfg);
		await engine.step(4);
		const { device } = await acquireGpu();
		const pending = engine.step(8); // in flight when the device goes away
		device.destroy();
		await expect(within(pending, 10_000)).rejects.toBeInstanceOf(WebGPULostError);
		await expect(within(engine.snapshot(), 10_000)).rejects.toBeInstanceOf(WebGPULostError);
		await expect(within(engine.evaluate(), 10_000)).rejects.toBeInstanceOf(WebGPULostError);
		engine.dispose();

		// The dead backend was dropped: a fresh engine gets a fresh device and trains.
		const again = new WebGPUEngine();
		await within(again.init(cfg), 20_000);
		const r = await within(again.step(4), 20_000);
		expect(r.step).toBe(4);
		expect((await acquireGpu()).device).not.toBe(device);
		again.dispose();
	});
});
