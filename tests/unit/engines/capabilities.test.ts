/** The capability probe (engines/capabilities.ts) that the factory, the CLI, the landscape and the pages share. */
import { describe, expect, it } from 'vitest';
import { hasSimd, hasWebGPU, installNodeGpu, webgpuUnavailableReason } from '../../../src/lib/engines/capabilities';
import * as factory from '../../../src/lib/engines/index';
import { createWasmEngine } from '../../../src/lib/engines/wasm';

describe('capability probe', () => {
	it('is the one the factory gives its callers', () => {
		expect(factory.hasSimd).toBe(hasSimd);
		expect(factory.hasWebGPU).toBe(hasWebGPU);
		expect(factory.webgpuUnavailableReason).toBe(webgpuUnavailableReason);
	});

	it('hasSimd decides which kernel the wasm engine runs', async () => {
		expect(typeof hasSimd()).toBe('boolean');
		expect((await createWasmEngine('wasm')).flavor).toBe(hasSimd() ? 'simd' : 'scalar');
		expect((await createWasmEngine('wasm-scalar')).flavor).toBe('scalar');
	});

	it('hasWebGPU agrees with its reason, and a hardware GPU is a WebGPU device', async () => {
		const reason = await webgpuUnavailableReason();
		expect(await hasWebGPU()).toBe(reason === null);
		const hardware = await webgpuUnavailableReason({ hardware: true });
		if (hardware === null) expect(reason).toBeNull();
		else expect(hardware).toMatch(/\w/);
	});

	it('installNodeGpu puts a navigator.gpu in node exactly when it says so', async () => {
		const ok = await installNodeGpu();
		const gpu = (globalThis as { navigator?: { gpu?: { requestAdapter?: unknown } } }).navigator?.gpu;
		expect(ok).toBe(typeof gpu?.requestAdapter === 'function');
		if (!ok) expect(await webgpuUnavailableReason()).toMatch(/webgpu|navigator\.gpu/);
	});
});
