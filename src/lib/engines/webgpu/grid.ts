/**
 * The loss landscape: training loss at every point w0 + α·u + β·v of a plane through parameter
 * space. The G_α × G_β parameter vectors are built on the GPU with tfjs ops (an outer-product
 * broadcast, member-interleaved as the evaluation kernel reads them) and handed to our evaluation
 * kernel through the tensor's own GPUBuffer (dataToGPU): nothing of size P × G² crosses the bus.
 */
import type { Plane } from '../../core/landscape';
import type { GpuPopulation } from './population';

/**
 * out[j·alphas.length + i] = mean training loss at origin + alphas[i]·u + betas[j]·v over the first
 * `rows` training rows (default all) of the population's member 0 (its data, uploaded or drawn on the GPU).
 */
export async function lossGrid(pop: GpuPopulation, plane: Plane, alphas: ArrayLike<number>, betas: ArrayLike<number>, rows = pop.n): Promise<Float32Array> {
	const P = pop.P;
	const { origin: w0, u, v } = plane;
	for (const [name, a] of [['origin', w0], ['u', u], ['v', v]] as const)
		if (a.length !== P) throw new Error(`lossGrid: ${name} has ${a.length} numbers, expected ${P}`);
	const GA = alphas.length;
	const GB = betas.length;
	const count = GA * GB;
	if (!count) return new Float32Array(0);
	const { tf } = pop.gpu;
	// Column r = j·GA + i of the P × count matrix is point (alphas[i], betas[j]).
	const planeT = tf.tidy(() => {
		const a = tf.tile(tf.tensor1d(Float32Array.from(alphas)), [GB]);
		const b = tf.reshape(tf.tile(tf.reshape(tf.tensor1d(Float32Array.from(betas)), [GB, 1]), [1, GA]), [count]);
		const col = (x: ArrayLike<number>) => tf.reshape(tf.tensor1d(Float32Array.from(x)), [P, 1]);
		return tf.add(tf.add(col(w0), tf.mul(col(u), tf.reshape(a, [1, count]))), tf.mul(col(v), tf.reshape(b, [1, count])));
	});
	// tfjs runs ops whose inputs are all small on its CPU backend (WEBGPU_CPU_FORWARD) and keeps the
	// result there; dataToGPU then throws "Data is not on GPU but on CPU". A small model's plane
	// (P × count under WEBGPU_CPU_HANDOFF_SIZE_THRESHOLD) is such a tensor: upload it first
	// (a no-op for a tensor already on the GPU).
	(tf.backend() as unknown as { uploadToGPU(dataId: object): void }).uploadToGPU(planeT.dataId);
	const gpuData = planeT.dataToGPU();
	planeT.dispose();
	try {
		return await pop.lossOf(gpuData.buffer!, count, Math.max(1, Math.min(rows, pop.n)));
	} finally {
		gpuData.tensorRef.dispose();
	}
}
