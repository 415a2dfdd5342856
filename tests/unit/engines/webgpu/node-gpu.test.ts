/** engines/webgpu/node-gpu.ts: Dawn installed as navigator.gpu in node, once; the GPU device files it looks for. */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gpuDeviceFiles, installNodeGpu } from '../../../../src/lib/engines/webgpu/node-gpu';

describe('WebGPU in node', () => {
	it('installs once: every call shares the first one, and navigator.gpu is there exactly when it says so', async () => {
		const first = installNodeGpu();
		expect(installNodeGpu()).toBe(first);
		const ok = await first;
		const gpu = (globalThis as { navigator?: { gpu?: { requestAdapter?: unknown } } }).navigator?.gpu;
		expect(ok).toBe(typeof gpu?.requestAdapter === 'function');
		// The Vulkan loader gets a runtime directory on headless machines.
		expect(process.env.XDG_RUNTIME_DIR).toBeTruthy();
	});

	it('a GPU device file is an NVIDIA, WSL or ROCm device node', () => {
		expect(gpuDeviceFiles()).toBe(['/dev/nvidia0', '/dev/dxg', '/dev/kfd'].some((f) => existsSync(f)));
	});
});
