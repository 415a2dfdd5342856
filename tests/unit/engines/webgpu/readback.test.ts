/** engines/webgpu/readback.ts: a submission's validation error is thrown; results laid out as the kernels write them. */
import { describe, expect, it } from 'vitest';
import { BufferSet, USAGE } from '../../../../src/lib/engines/webgpu/buffers';
import { acquireGpu } from '../../../../src/lib/engines/webgpu/device';
import { deinterleave, metricsAt, submitAndRead } from '../../../../src/lib/engines/webgpu/readback';
import { gpuSkipReason } from '../../helpers/webgpu-setup';

const skip = await gpuSkipReason();

describe('read-back layouts', () => {
	it('metrics are (train loss, train acc, test loss, test acc); parameters come back member-major', () => {
		expect(metricsAt(Float32Array.of(9, 0.5, 0.25, 2, 1), 1, 7)).toEqual({ epoch: 7, loss: 0.5, acc: 0.25, test_loss: 2, test_acc: 1 });
		expect(Array.from(deinterleave(Float32Array.of(1, 4, 2, 5, 3, 6), 3, 2))).toEqual([1, 2, 3, 4, 5, 6]);
	});
});

describe.skipIf(!!skip)('WebGPU read-back', () => {
	it('reads regions after the submission, and throws its validation error', async () => {
		const gpu = await acquireGpu();
		const set = new BufferSet(gpu.device);
		try {
			const src = set.upload(Uint32Array.of(1, 2, 3, 4), USAGE.readWrite());
			const dst = set.create(16, USAGE.readWrite());
			const ok = gpu.device.createCommandEncoder();
			ok.copyBufferToBuffer(src, 0, dst, 0, 16);
			expect(Array.from(new Uint32Array((await submitAndRead(gpu, ok, [[dst, 4, 8]]))[0]))).toEqual([2, 3]);
			const bad = gpu.device.createCommandEncoder();
			bad.copyBufferToBuffer(src, 0, set.create(64, USAGE.read()), 0, 16); // the target lacks COPY_DST
			await expect(submitAndRead(gpu, bad, [])).rejects.toThrow(/WebGPU validation error/);
		} finally {
			set.destroy();
		}
	});
});
