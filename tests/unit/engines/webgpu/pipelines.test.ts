/** engines/webgpu/pipelines.ts: the kernels compiled once per shape and device. */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../../src/lib/core/config';
import { acquireGpu } from '../../../../src/lib/engines/webgpu/device';
import { pipelinesFor } from '../../../../src/lib/engines/webgpu/pipelines';
import { gpuSkipReason } from '../../helpers/webgpu-setup';

const skip = await gpuSkipReason();

describe.skipIf(!!skip)('WebGPU pipelines', () => {
	it('compiles the three entry points once per shape and device', async () => {
		const gpu = await acquireGpu();
		const cfg = parseConfig({ h: 4, n: 16, batch: 8 });
		const a = pipelinesFor(gpu.device, cfg);
		expect(pipelinesFor(gpu.device, cfg)).toBe(a);
		expect(pipelinesFor(gpu.device, { ...cfg, h: 5 })).not.toBe(a);
		expect(Object.keys(await a).sort()).toEqual(['evaluate', 'grad', 'train']);
	});
});
