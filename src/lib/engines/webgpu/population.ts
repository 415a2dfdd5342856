/**
 * A population of R models of one shape on the GPU: parameters and Adam state stay in GPU buffers,
 * training runs in fused dispatches (one per epoch, each many steps long), evaluation after every
 * completed epoch goes to a results buffer, and only what a caller asks for is read back, through
 * a staging buffer and mapAsync (the queue keeps running meanwhile).
 *
 * Both the single-model engine (webgpu.ts, R = 1) and the population engine sit on this class.
 */
import type { Config } from '../../core/config';
import { stepsPerEpoch } from '../../core/config';
import type { Dataset } from '../../core/data';
import type { EpochMetrics } from '../../core/metrics';
import { initParams, layout } from '../../core/params';
import { FeistelPermutation, STREAM, streamKey } from '../../core/rng';
import { memberConfig, memberDataSeed } from '../members';
import type { PopulationMember } from '../types';
import { WebGPULostError, acquireGpu, type Gpu } from './device';
import { EVAL_ROW, FLAG, TRAIN_WG, UNIFORM_WORDS, programSource } from './wgsl-model';

const UNIFORM_STRIDE = 256; // minUniformBufferOffsetAlignment
const BU = () => GPUBufferUsage;

interface Pipelines {
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

export interface PopulationOptions {
	/** Initial flat params per member (default: initParams of each member's config). */
	params?: ArrayLike<number>[];
	/** One data set shared by all members, uploaded (default: each member's data drawn on the GPU). */
	data?: Dataset;
	/** Resume: step counter and Adam state per member (t is shared). */
	resume?: { step: number; adam?: { m: ArrayLike<number>[]; v: ArrayLike<number>[]; t: number } };
}

export interface TrainResult {
	/** Metrics per completed epoch: epochs[e][member]. */
	epochs: EpochMetrics[][];
	/** Per step per member losses, when asked for (explicit batches). */
	losses?: Float32Array;
}

export class GpuPopulation {
	readonly R: number;
	readonly P: number;
	readonly n: number;
	readonly nTest: number;
	readonly spe: number;
	/** Most bytes of evaluation results one submission may produce (tests lower it). */
	static maxEvalBytes = 64 << 20;
	/** Members per row of the 2-D evaluation dispatch (tests lower it to reach the second row cheaply). */
	static evalRow = EVAL_ROW;
	step = 0;
	/** Adam's step count (the bias corrections use it). */
	t = 0;
	private disposed = false;
	private lostError: WebGPULostError | undefined;
	private readonly buffers: GPUBuffer[] = [];
	private readonly W: GPUBuffer;
	private readonly opt: GPUBuffer;
	private readonly membersBuf: GPUBuffer;
	private readonly dataBuf: GPUBuffer;
	private readonly statusBuf: GPUBuffer;
	private readonly dataOffsets: { trainY: number; testX: number; testY: number };
	private readonly fhalf: number;
	private readonly uploaded: boolean;
	private readonly fmask: number;

	private constructor(
		readonly gpu: Gpu,
		readonly cfg: Config,
		readonly pipes: Pipelines,
		readonly members: PopulationMember[],
		opts: PopulationOptions
	) {
		const { device } = gpu;
		const R = (this.R = members.length);
		const lay = layout(cfg);
		const P = (this.P = lay.total);
		const data = opts.data;
		this.uploaded = !!data;
		this.n = data ? data.train.n : cfg.n;
		this.nTest = data ? data.test.n : cfg.n;
		this.spe = stepsPerEpoch({ n: this.n, batch: cfg.batch });
		const perm = new FeistelPermutation(this.n, 0);
		this.fhalf = perm.half;
		this.fmask = perm.mask;
		gpu.lost.then((info) => (this.lostError = new WebGPULostError(`WebGPU device lost (${info.reason}): ${info.message || 'no message'}`)));

		// Parameters, member-interleaved (entry i of member r at i·R + r).
		const w = new Float32Array(P * R);
		members.forEach((m, r) => {
			const own = opts.params?.[r] ?? initParams(memberConfig(cfg, m));
			if (own.length !== P) throw new Error(`member ${r}: expected ${P} parameters, got ${own.length}`);
			for (let i = 0; i < P; i++) w[i * R + r] = own[i];
		});
		this.W = this.upload(w, BU().STORAGE | BU().COPY_SRC | BU().COPY_DST);
		const mv = new Float32Array(2 * P * R);
		const adam = opts.resume?.adam;
		if (adam)
			for (let r = 0; r < R; r++)
				for (let i = 0; i < P; i++) {
					mv[i * R + r] = adam.m[r][i];
					mv[(P + i) * R + r] = adam.v[r][i];
				}
		this.opt = this.upload(mv, BU().STORAGE | BU().COPY_SRC | BU().COPY_DST);
		this.step = opts.resume?.step ?? 0;
		this.t = adam?.t ?? this.step;

		const mem = new Uint32Array(4 * R);
		const f = new Float32Array(mem.buffer);
		members.forEach((m, r) => {
			const c = memberConfig(cfg, m);
			f[4 * r] = c.lr;
			f[4 * r + 1] = c.lr / c.mlp_lr_discount;
			mem[4 * r + 2] = streamKey(c.seed, STREAM.shuffle);
			mem[4 * r + 3] = streamKey(memberDataSeed(m), STREAM.data);
		});
		this.membersBuf = this.upload(mem, BU().STORAGE);

		if (data) {
			const { train, test } = data;
			const trainY = train.X.length;
			const testX = trainY + train.n;
			const testY = testX + test.X.length;
			const u = new Uint32Array(testY + test.n);
			u.set(train.X, 0);
			u.set(train.Y, trainY);
			u.set(test.X, testX);
			u.set(test.Y, testY);
			this.dataBuf = this.upload(u, BU().STORAGE);
			this.dataOffsets = { trainY, testX, testY };
		} else {
			this.dataBuf = this.upload(new Uint32Array(4), BU().STORAGE);
			this.dataOffsets = { trainY: 0, testX: 0, testY: 0 };
		}
		// (last loss, diverged step) per member; losses start as NaN (no step yet).
		const status = new Uint32Array(2 * R);
		for (let r = 0; r < R; r++) status[2 * r] = 0x7fc00000;
		this.statusBuf = this.upload(status, BU().STORAGE | BU().COPY_SRC | BU().COPY_DST);
	}

	static async create(cfg: Config, members: PopulationMember[], opts: PopulationOptions = {}): Promise<GpuPopulation> {
		if (!members.length) throw new Error('a population needs at least one member');
		const gpu = await acquireGpu();
		const pipes = await guardLost(gpu, pipelinesFor(gpu.device, cfg));
		const pop = new GpuPopulation(gpu, cfg, pipes, members, opts);
		await pop.checkErrors;
		return pop;
	}

	private checkErrors: Promise<void> = Promise.resolve();

	private upload(a: Float32Array | Uint32Array, usage: number): GPUBuffer {
		const buf = this.gpu.device.createBuffer({ size: Math.max(16, a.byteLength), usage, mappedAtCreation: true });
		new Uint8Array(buf.getMappedRange()).set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
		buf.unmap();
		this.buffers.push(buf);
		return buf;
	}

	private alive(): void {
		if (this.disposed) throw new Error('the WebGPU population was disposed');
		if (this.lostError) throw this.lostError;
	}

	/** The uniform block of one dispatch, into words at w[o..]. */
	private uniforms(u: Uint32Array, o: number, x: { step0: number; nsteps: number; flags: number; slot?: number; biasBase?: number; n?: number; R?: number }): void {
		const f = new Float32Array(u.buffer);
		const d = this.dataOffsets;
		u.set(
			[x.R ?? this.R, x.n ?? this.n, this.nTest, this.cfg.batch, this.spe, x.step0, x.nsteps, x.flags, this.fhalf, this.fmask, d.trainY, d.testX, d.testY, x.slot ?? 0, x.biasBase ?? 0, GpuPopulation.evalRow],
			o
		);
		f[o + 16] = this.cfg.beta1;
		f[o + 17] = this.cfg.beta2;
		f[o + 18] = this.cfg.adam_eps;
	}

	private get uploadedFlag(): number {
		return this.uploaded ? FLAG.uploaded : 0;
	}

	/**
	 * Train n steps in epoch order, evaluating all members after each completed epoch; or, with
	 * `batches`, one step per explicit batch (same rows for every member), recording each loss.
	 */
	async train(n: number, opts: { batches?: number[][]; evaluate?: boolean } = {}): Promise<TrainResult> {
		this.alive();
		const { device } = this.gpu;
		const R = this.R;
		const explicit = opts.batches;
		const nsteps = explicit ? explicit.length : n;
		if (nsteps === 0) return { epochs: [] };
		// Keep one submission's evaluation results under maxEvalBytes (R = 65,536 × 1000 epochs would be
		// 1 GiB): longer calls go in segments of whole epochs.
		const maxEpochs = Math.max(1, Math.floor(GpuPopulation.maxEvalBytes / (16 * R)));
		const firstEnd = this.spe - (this.step % this.spe);
		if (!explicit && nsteps > firstEnd + (maxEpochs - 1) * this.spe) {
			const epochs: EpochMetrics[][] = [];
			for (let left = nsteps; left > 0; ) {
				const len = Math.min(left, this.spe - (this.step % this.spe) + (maxEpochs - 1) * this.spe);
				epochs.push(...(await this.train(len, opts)).epochs);
				left -= len;
			}
			return { epochs };
		}
		// Split into dispatches at epoch boundaries (an evaluation follows each completed epoch).
		const chunks: { step0: number; nsteps: number; s0: number; evalSlot: number }[] = [];
		let evals = 0;
		if (explicit) chunks.push({ step0: this.step, nsteps, s0: 0, evalSlot: -1 });
		else
			for (let s = 0; s < nsteps; ) {
				const step = this.step + s;
				const len = Math.min(nsteps - s, this.spe - (step % this.spe));
				const ends = (step + len) % this.spe === 0 && opts.evaluate !== false;
				chunks.push({ step0: step, nsteps: len, s0: s, evalSlot: ends ? evals++ : -1 });
				s += len;
			}
		// Bias corrections per step, in float64 then rounded (1 − β^t loses digits in float32).
		const bias = new Float32Array(2 * nsteps);
		for (let s = 0; s < nsteps; s++) {
			const t = this.t + s + 1;
			bias[2 * s] = 1 - this.cfg.beta1 ** t;
			bias[2 * s + 1] = Math.sqrt(1 - this.cfg.beta2 ** t);
		}
		const temp: GPUBuffer[] = [];
		const tmp = (a: Float32Array | Uint32Array, usage: number) => {
			const b = this.upload(a, usage);
			this.buffers.pop();
			temp.push(b);
			return b;
		};
		const biasBuf = tmp(bias, BU().STORAGE);
		let batchBuf: GPUBuffer;
		if (explicit) {
			const total = explicit.reduce((a, b) => a + b.length, 0);
			const u = new Uint32Array(nsteps + 1 + total);
			let o = 0;
			explicit.forEach((rows, s) => {
				u[s] = o;
				for (const r of rows) {
					if (r < 0 || r >= this.n || !Number.isInteger(r)) throw new Error(`batch ${s}: row ${r} is not in 0..${this.n - 1}`);
					u[nsteps + 1 + o++] = r;
				}
			});
			u[nsteps] = o;
			batchBuf = tmp(u, BU().STORAGE);
		} else batchBuf = tmp(new Uint32Array(4), BU().STORAGE);
		// Every dispatch gets its own uniform block: one buffer, 256-byte slots.
		const nd = chunks.length + evals;
		const uw = new Uint32Array((nd * UNIFORM_STRIDE) / 4);
		const record = explicit ? FLAG.record : 0;
		const lossBytes = record ? 4 * nsteps * R : 0;
		const outBuf = device.createBuffer({ size: 8 * R + lossBytes, usage: BU().STORAGE | BU().COPY_SRC | BU().COPY_DST });
		temp.push(outBuf);
		const evalBuf = device.createBuffer({ size: Math.max(16, 16 * R * evals), usage: BU().STORAGE | BU().COPY_SRC });
		temp.push(evalBuf);
		// Uniform slot j: chunk dispatches and evaluations interleaved in execution order.
		const plan: { chunk?: (typeof chunks)[number]; slot: number }[] = [];
		let k = 0;
		for (const c of chunks) {
			this.uniforms(uw, (k * UNIFORM_STRIDE) / 4, { step0: c.step0, nsteps: c.nsteps, flags: this.uploadedFlag | (explicit ? FLAG.explicit : 0) | record, biasBase: c.s0 });
			plan.push({ chunk: c, slot: k++ });
			if (c.evalSlot >= 0) {
				this.uniforms(uw, (k * UNIFORM_STRIDE) / 4, { step0: 0, nsteps: 0, flags: this.uploadedFlag, slot: c.evalSlot });
				plan.push({ slot: k++ });
			}
		}
		const ubuf = tmp(uw, BU().UNIFORM);
		const enc = device.createCommandEncoder();
		// The kernel keeps (last loss, diverged step) at the head of outBuf: copy the status in and back out.
		enc.copyBufferToBuffer(this.statusBuf, 0, outBuf, 0, 8 * R);
		for (const { chunk, slot } of plan) {
			const uniform = { buffer: ubuf, offset: slot * UNIFORM_STRIDE, size: UNIFORM_WORDS * 4 };
			const pass = enc.beginComputePass();
			if (chunk) {
				pass.setPipeline(this.pipes.train);
				pass.setBindGroup(
					0,
					device.createBindGroup({
						layout: this.pipes.train.getBindGroupLayout(0),
						entries: [
							{ binding: 0, resource: uniform },
							{ binding: 1, resource: { buffer: this.W } },
							{ binding: 2, resource: { buffer: this.opt } },
							{ binding: 3, resource: { buffer: this.membersBuf } },
							{ binding: 4, resource: { buffer: this.dataBuf } },
							{ binding: 5, resource: { buffer: batchBuf } },
							{ binding: 6, resource: { buffer: biasBuf } },
							{ binding: 7, resource: { buffer: outBuf } }
						]
					})
				);
				pass.dispatchWorkgroups(Math.ceil(R / TRAIN_WG));
			} else this.encodeEval(pass, uniform, evalBuf, R);
			pass.end();
		}
		enc.copyBufferToBuffer(outBuf, 0, this.statusBuf, 0, 8 * R);
		device.pushErrorScope('validation');
		device.queue.submit([enc.finish()]);
		const err = device.popErrorScope();
		this.step += nsteps;
		this.t += nsteps;
		try {
			const [e, evalData, lossData] = await guardLost(
				this.gpu,
				Promise.all([err, evals ? this.read(evalBuf, 0, 16 * R * evals) : Promise.resolve(undefined), record ? this.read(outBuf, 8 * R, lossBytes) : Promise.resolve(undefined)])
			);
			if (e) throw new Error(`WebGPU validation error: ${e.message}`);
			const epochs: EpochMetrics[][] = [];
			if (evalData) {
				const ev = new Float32Array(evalData);
				for (const c of chunks)
					if (c.evalSlot >= 0) {
						const epoch = (c.step0 + c.nsteps) / this.spe;
						epochs.push(Array.from({ length: R }, (_, r) => metrics(ev, (c.evalSlot * R + r) * 4, epoch)));
					}
			}
			return { epochs, losses: lossData ? new Float32Array(lossData) : undefined };
		} finally {
			for (const b of temp) b.destroy();
		}
	}

	private encodeEval(pass: GPUComputePassEncoder, uniform: GPUBufferBinding, evalBuf: GPUBuffer, R: number, W = this.W, members = this.membersBuf): void {
		const { device } = this.gpu;
		pass.setPipeline(this.pipes.evaluate);
		pass.setBindGroup(
			0,
			device.createBindGroup({
				layout: this.pipes.evaluate.getBindGroupLayout(0),
				entries: [
					{ binding: 0, resource: uniform },
					{ binding: 1, resource: { buffer: W } },
					{ binding: 3, resource: { buffer: members } },
					{ binding: 4, resource: { buffer: this.dataBuf } },
					{ binding: 8, resource: { buffer: evalBuf } }
				]
			})
		);
		pass.dispatchWorkgroups(Math.min(R, GpuPopulation.evalRow), Math.ceil(R / GpuPopulation.evalRow));
	}

	/** Loss and accuracy of every member on the full train and test sets, now. */
	async evaluate(): Promise<EpochMetrics[]> {
		this.alive();
		const { device } = this.gpu;
		const uw = new Uint32Array(UNIFORM_STRIDE / 4);
		this.uniforms(uw, 0, { step0: 0, nsteps: 0, flags: this.uploadedFlag });
		const ubuf = this.upload(uw, BU().UNIFORM);
		this.buffers.pop();
		const evalBuf = device.createBuffer({ size: 16 * this.R, usage: BU().STORAGE | BU().COPY_SRC });
		try {
			const enc = device.createCommandEncoder();
			const pass = enc.beginComputePass();
			this.encodeEval(pass, { buffer: ubuf, offset: 0, size: UNIFORM_WORDS * 4 }, evalBuf, this.R);
			pass.end();
			device.queue.submit([enc.finish()]);
			const ev = new Float32Array(await guardLost(this.gpu, this.read(evalBuf, 0, 16 * this.R)));
			const epoch = Math.floor(this.step / this.spe);
			return Array.from({ length: this.R }, (_, r) => metrics(ev, 4 * r, epoch));
		} finally {
			ubuf.destroy();
			evalBuf.destroy();
		}
	}

	/**
	 * Training-set loss of arbitrary parameter vectors (member-interleaved in `W`, `count` of them),
	 * with this population's data (member 0's), over its first `rows` training rows: the loss-landscape grid.
	 */
	async lossOf(W: GPUBuffer, count: number, rows = this.n): Promise<Float32Array> {
		this.alive();
		const { device } = this.gpu;
		const uw = new Uint32Array(UNIFORM_STRIDE / 4);
		this.uniforms(uw, 0, { step0: 0, nsteps: 0, flags: this.uploadedFlag | FLAG.trainOnly, R: count, n: rows });
		const ubuf = this.upload(uw, BU().UNIFORM);
		this.buffers.pop();
		const m0 = new Uint32Array(4 * count);
		const key = streamKey(memberDataSeed(this.members[0]), STREAM.data);
		for (let r = 0; r < count; r++) m0[4 * r + 3] = key;
		const membersBuf = this.upload(m0, BU().STORAGE);
		this.buffers.pop();
		const evalBuf = device.createBuffer({ size: 16 * count, usage: BU().STORAGE | BU().COPY_SRC });
		try {
			const enc = device.createCommandEncoder();
			const pass = enc.beginComputePass();
			this.encodeEval(pass, { buffer: ubuf, offset: 0, size: UNIFORM_WORDS * 4 }, evalBuf, count, W, membersBuf);
			pass.end();
			device.pushErrorScope('validation');
			device.queue.submit([enc.finish()]);
			const err = device.popErrorScope();
			const [e, data] = await guardLost(this.gpu, Promise.all([err, this.read(evalBuf, 0, 16 * count)]));
			if (e) throw new Error(`WebGPU validation error: ${e.message}`);
			const ev = new Float32Array(data);
			return Float32Array.from({ length: count }, (_, r) => ev[4 * r]);
		} finally {
			ubuf.destroy();
			membersBuf.destroy();
			evalBuf.destroy();
		}
	}

	/** Loss, logits, gradient and intermediates of member 0 on explicit rows (one dispatch). */
	async gradients(rows: number[]): Promise<{ loss: number; out: Float32Array }> {
		this.alive();
		const { device } = this.gpu;
		const { L, d, h, nb_emb } = this.cfg;
		const B = rows.length;
		if (!B) throw new Error('gradients: no rows');
		const size = 1 + B * nb_emb + this.P + B * (L * d + L + d + h + d);
		const u = new Uint32Array(2 + B);
		u[0] = 0;
		u[1] = B;
		rows.forEach((r, i) => {
			if (r < 0 || r >= this.n || !Number.isInteger(r)) throw new Error(`row ${r} is not in 0..${this.n - 1}`);
			u[2 + i] = r;
		});
		const batchBuf = this.upload(u, BU().STORAGE);
		this.buffers.pop();
		const uw = new Uint32Array(UNIFORM_STRIDE / 4);
		this.uniforms(uw, 0, { step0: this.step, nsteps: 1, flags: this.uploadedFlag | FLAG.explicit });
		const ubuf = this.upload(uw, BU().UNIFORM);
		this.buffers.pop();
		const outBuf = device.createBuffer({ size: 4 * size, usage: BU().STORAGE | BU().COPY_SRC });
		try {
			const enc = device.createCommandEncoder();
			const pass = enc.beginComputePass();
			pass.setPipeline(this.pipes.grad);
			pass.setBindGroup(
				0,
				device.createBindGroup({
					layout: this.pipes.grad.getBindGroupLayout(0),
					entries: [
						{ binding: 0, resource: { buffer: ubuf, offset: 0, size: UNIFORM_WORDS * 4 } },
						{ binding: 1, resource: { buffer: this.W } },
						{ binding: 3, resource: { buffer: this.membersBuf } },
						{ binding: 4, resource: { buffer: this.dataBuf } },
						{ binding: 5, resource: { buffer: batchBuf } },
						{ binding: 7, resource: { buffer: outBuf } }
					]
				})
			);
			pass.dispatchWorkgroups(1);
			pass.end();
			device.pushErrorScope('validation');
			device.queue.submit([enc.finish()]);
			const err = device.popErrorScope();
			const [e, data] = await guardLost(this.gpu, Promise.all([err, this.read(outBuf, 0, 4 * size)]));
			if (e) throw new Error(`WebGPU validation error: ${e.message}`);
			const out = new Float32Array(data);
			return { loss: out[0], out };
		} finally {
			batchBuf.destroy();
			ubuf.destroy();
			outBuf.destroy();
		}
	}

	/** Flat params of every member, R × P, member-major (a copy). */
	async params(): Promise<Float32Array> {
		this.alive();
		const w = new Float32Array(await guardLost(this.gpu, this.read(this.W, 0, 4 * this.P * this.R)));
		return deinterleave(w, this.P, this.R);
	}

	/** Adam state per member (member-major m and v). */
	async adamState(): Promise<{ m: Float32Array; v: Float32Array; t: number }> {
		this.alive();
		const mv = new Float32Array(await guardLost(this.gpu, this.read(this.opt, 0, 8 * this.P * this.R)));
		return { m: deinterleave(mv.subarray(0, this.P * this.R), this.P, this.R), v: deinterleave(mv.subarray(this.P * this.R), this.P, this.R), t: this.t };
	}

	/** Per member: last step's loss and the step where it diverged (0: never). */
	async status(): Promise<{ lastLoss: Float32Array; diverged: Uint32Array }> {
		this.alive();
		const u = new Uint32Array(await guardLost(this.gpu, this.read(this.statusBuf, 0, 8 * this.R)));
		const f = new Float32Array(u.buffer);
		return { lastLoss: Float32Array.from({ length: this.R }, (_, r) => f[2 * r]), diverged: Uint32Array.from({ length: this.R }, (_, r) => u[2 * r + 1]) };
	}

	/** Copy a region to a staging buffer and map it, without waiting on anything else. */
	private async read(src: GPUBuffer, offset: number, size: number): Promise<ArrayBuffer> {
		const { device } = this.gpu;
		const staging = device.createBuffer({ size, usage: BU().MAP_READ | BU().COPY_DST });
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

	dispose(): void {
		if (this.disposed) return;
		this.disposed = true;
		for (const b of this.buffers) b.destroy();
		this.buffers.length = 0;
	}
}

function metrics(ev: Float32Array, o: number, epoch: number): EpochMetrics {
	return { epoch, loss: ev[o], acc: ev[o + 1], test_loss: ev[o + 2], test_acc: ev[o + 3] };
}

function deinterleave(w: Float32Array, P: number, R: number): Float32Array {
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
