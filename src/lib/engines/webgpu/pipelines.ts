/**
 * The compute pipelines of one population shape (train, grad, evaluate: wgsl-model.ts), compiled
 * once per device and shape; and bind groups made by binding name (bindings.ts), so that no caller
 * spells a slot number.
 */
import type { Config } from '../../core/config';
import { BINDING, type BindingName } from './bindings';
import { programSource } from './wgsl-model';

export interface Pipelines {
	train: GPUComputePipeline;
	grad: GPUComputePipeline;
	evaluate: GPUComputePipeline;
}

const pipelineCache = new WeakMap<GPUDevice, Map<string, Promise<Pipelines>>>();

/** Compile (once per device and shape) the three entry points; WGSL errors become exceptions. */
export function pipelinesFor(device: GPUDevice, cfg: Config): Promise<Pipelines> {
	const src = programSource(cfg);
	let byDevice = pipelineCache.get(device);
	if (!byDevice) pipelineCache.set(device, (byDevice = new Map()));
	let p = byDevice.get(src);
	if (!p) {
		p = (async () => {
			const module = device.createShaderModule({ code: src });
			const info = await module.getCompilationInfo();
			const errors = info.messages.filter((m) => m.type === 'error');
			if (errors.length) throw new Error(`WGSL compilation failed: ${errors.map((m) => `${m.lineNum}:${m.linePos} ${m.message}`).join('; ')}`);
			const make = (entryPoint: string) => device.createComputePipelineAsync({ layout: 'auto', compute: { module, entryPoint } });
			const [train, grad, evaluate] = await Promise.all([make('train'), make('grad'), make('evaluate')]);
			return { train, grad, evaluate };
		})();
		p.catch(() => byDevice!.delete(src));
		byDevice.set(src, p);
	}
	return p;
}

export type Bound = Partial<Record<BindingName, GPUBuffer | GPUBufferBinding>>;

/** One compute pass of `pipeline` with these buffers bound by name, over `workgroups` (x, y). */
export function encodePass(enc: GPUCommandEncoder, device: GPUDevice, pipeline: GPUComputePipeline, bound: Bound, workgroups: [number, number?]): void {
	const entries: GPUBindGroupEntry[] = Object.entries(bound).map(([name, b]) => ({
		binding: BINDING[name as BindingName],
		resource: 'buffer' in (b as GPUBufferBinding) ? (b as GPUBufferBinding) : { buffer: b as GPUBuffer }
	}));
	const pass = enc.beginComputePass();
	pass.setPipeline(pipeline);
	pass.setBindGroup(0, device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries }));
	pass.dispatchWorkgroups(workgroups[0], workgroups[1] ?? 1);
	pass.end();
}
