/**
 * The GPU device, borrowed from tfjs-backend-webgpu: the engine's buffers and pipelines live on the
 * same GPUDevice as tfjs's tensors, so a tensor's buffer can feed our kernels without a copy
 * (see grid.ts). If the device is lost (driver reset, `device.destroy()`), the dead backend is
 * dropped and the next acquire builds a fresh one; engines holding the old device fail cleanly.
 */
import type * as TfCore from '@tensorflow/tfjs-core';
import { installNodeGpu } from '../capabilities';

type Tf = typeof TfCore;

export class WebGPUUnavailableError extends Error {
	name = 'WebGPUUnavailableError';
}

/** The device went away under a running engine: its state is gone, fall back to another engine. */
export class WebGPULostError extends Error {
	name = 'WebGPULostError';
}

export interface Gpu {
	tf: Tf;
	device: GPUDevice;
	/** Resolves (never rejects) when the device is lost. */
	lost: Promise<GPUDeviceLostInfo>;
}

let current: Promise<Gpu> | undefined;
let registered = false;

function gpuNavigator(): GPU | undefined {
	return (globalThis as unknown as { navigator?: { gpu?: GPU } }).navigator?.gpu;
}

/** The shared tfjs webgpu backend's device; rebuilt after a loss. Throws WebGPUUnavailableError. */
export function acquireGpu(): Promise<Gpu> {
	const make = async (): Promise<Gpu> => {
		await installNodeGpu();
		if (!gpuNavigator()) throw new WebGPUUnavailableError('WebGPU is not available: navigator.gpu is undefined');
		// Imported lazily: tfjs-backend-webgpu checks navigator.gpu once, when it is first imported.
		const tf = await import('@tensorflow/tfjs-core');
		const { WebGPUBackend } = await import('@tensorflow/tfjs-backend-webgpu');
		if (!registered || !tf.findBackendFactory('webgpu')) {
			if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu');
			tf.registerBackend('webgpu', async () => {
				const adapter = await gpuNavigator()!.requestAdapter({ powerPreference: 'high-performance' });
				if (!adapter) throw new WebGPUUnavailableError('no WebGPU adapter');
				const l = adapter.limits;
				const device = await adapter.requestDevice({
					requiredLimits: {
						maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
						maxBufferSize: l.maxBufferSize,
						maxComputeWorkgroupsPerDimension: l.maxComputeWorkgroupsPerDimension,
						maxStorageBuffersPerShaderStage: l.maxStorageBuffersPerShaderStage,
						maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
						maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
						maxComputeWorkgroupSizeX: l.maxComputeWorkgroupSizeX
					}
				});
				return new WebGPUBackend(device);
			}, 3);
			registered = true;
		}
		// tfjs ops (grid.ts) run on the global backend, so make it the default; nothing else here uses tfjs.
		const ok = await tf.setBackend('webgpu');
		const backend = ok ? (tf.backend() as unknown as { device?: GPUDevice }) : undefined;
		const device = backend?.device;
		if (!device) {
			current = undefined;
			throw new WebGPUUnavailableError('WebGPU is not available: the tfjs webgpu backend found no adapter/device');
		}
		const lost = device.lost.then((info) => {
			// Drop the dead backend so that the next acquire starts a fresh device.
			try {
				if (tf.findBackend('webgpu') === (backend as unknown)) tf.removeBackend('webgpu');
			} catch {
				/* disposing a dead backend may throw: it is dropped either way */
			}
			registered = false;
			current = undefined;
			return info;
		});
		return { tf, device, lost };
	};
	current ??= make().catch((e) => {
		current = undefined;
		throw e instanceof WebGPUUnavailableError ? e : new WebGPUUnavailableError(`WebGPU is not available: ${(e as Error).message}`);
	});
	return current;
}
