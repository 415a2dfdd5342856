/** engines/webgpu/buffers.ts: buffers in (uploaded at creation), out (read back), destroyed together. */
import { describe, expect, it } from 'vitest';
import { BufferSet, USAGE } from '../../../../src/lib/engines/webgpu/buffers';
import { acquireGpu } from '../../../../src/lib/engines/webgpu/device';
import { read, submitAndRead } from '../../../../src/lib/engines/webgpu/readback';
import { gpuSkipReason } from '../../helpers/webgpu-setup';

const skip = await gpuSkipReason();

describe.skipIf(!!skip)('WebGPU buffer sets', () => {
	it('uploads exactly (at least 16 bytes), and destroys every buffer of the set at once', async () => {
		const gpu = await acquireGpu();
		const set = new BufferSet(gpu.device);
		const a = set.upload(Float32Array.of(1.5, -2, 3, 4, 5), USAGE.readWrite());
		const b = set.upload(Uint32Array.of(7), USAGE.readWrite());
		expect(b.size).toBe(16);
		expect(Array.from(new Float32Array(await read(gpu, a, 4, 12)))).toEqual([-2, 3, 4]);
		expect(new Uint32Array(await read(gpu, b, 0, 4))[0]).toBe(7);
		set.destroy();
		// A destroyed buffer may not be used by a submission any more.
		const after = new BufferSet(gpu.device);
		const enc = gpu.device.createCommandEncoder();
		enc.copyBufferToBuffer(a, 0, after.create(16, USAGE.readWrite()), 0, 16);
		await expect(submitAndRead(gpu, enc, [])).rejects.toThrow(/validation error/);
		after.destroy();
	});
});
