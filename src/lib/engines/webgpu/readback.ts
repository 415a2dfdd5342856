/**
 * Getting results off the GPU: submit a command buffer under a validation error scope, copy what
 * the caller wants into staging buffers and map them (the queue keeps running meanwhile), and fail
 * with WebGPULostError as soon as the device is lost (mapAsync may never settle then).
 */
import type { EpochMetrics } from '../../core/metrics';
import { WebGPULostError, type Gpu } from './device';

/** Copy a region to a staging buffer and map it, without waiting on anything else. */
export async function readBuffer(device: GPUDevice, src: GPUBuffer, offset: number, size: number): Promise<ArrayBuffer> {
	const staging = device.createBuffer({ size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
	try {
		const enc = device.createCommandEncoder();
		enc.copyBufferToBuffer(src, offset, staging, 0, size);
		device.queue.submit([enc.finish()]);
		await staging.mapAsync(GPUMapMode.READ);
		const copy = staging.getMappedRange().slice(0);
		staging.unmap();
		return copy;
	} finally {
		staging.destroy();
	}
}

export type Region = [buffer: GPUBuffer, offset: number, size: number];

/** Submit `enc`, then read these regions back; a validation error of the submission is thrown. */
export async function submitAndRead(gpu: Gpu, enc: GPUCommandEncoder, regions: Region[]): Promise<ArrayBuffer[]> {
	const { device } = gpu;
	device.pushErrorScope('validation');
	device.queue.submit([enc.finish()]);
	const err = device.popErrorScope();
	const [e, ...data] = await guardLost(gpu, Promise.all([err, ...regions.map(([b, o, s]) => readBuffer(device, b, o, s))]));
	if (e) throw new Error(`WebGPU validation error: ${(e as GPUError).message}`);
	return data as ArrayBuffer[];
}

/** Read regions back without a submission of one's own (the state buffers between calls). */
export function read(gpu: Gpu, buffer: GPUBuffer, offset: number, size: number): Promise<ArrayBuffer> {
	return guardLost(gpu, readBuffer(gpu.device, buffer, offset, size));
}

/** The 4 floats of an evaluation result (train loss, train acc, test loss, test acc) at o. */
export function metricsAt(ev: Float32Array, o: number, epoch: number): EpochMetrics {
	return { epoch, loss: ev[o], acc: ev[o + 1], test_loss: ev[o + 2], test_acc: ev[o + 3] };
}

/** Member-interleaved (entry i of member r at i·R + r) to member-major (r·P + i). */
export function deinterleave(w: Float32Array, P: number, R: number): Float32Array {
	const out = new Float32Array(P * R);
	for (let i = 0; i < P; i++) for (let r = 0; r < R; r++) out[r * P + i] = w[i * R + r];
	return out;
}

/** Await p, but reject with WebGPULostError as soon as the device is lost (mapAsync may never settle then). */
export function guardLost<T>(gpu: Gpu, p: Promise<T>): Promise<T> {
	const lost = (info: GPUDeviceLostInfo) => new WebGPULostError(`WebGPU device lost (${info.reason}): ${info.message || 'no message'}`);
	return Promise.race([
		// A destroyed device first fails pending work with its own errors (in Chromium, mapAsync's
		// "Buffer was unmapped before mapping was resolved"); when the loss follows within a moment,
		// the loss is what the caller is told about.
		p.catch(async (e) => {
			const info = await Promise.race([gpu.lost, new Promise<null>((r) => setTimeout(() => r(null), 250))]);
			throw info ? lost(info) : e;
		}),
		gpu.lost.then((info) => {
			throw lost(info);
		})
	]);
}
