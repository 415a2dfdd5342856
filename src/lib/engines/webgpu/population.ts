/**
 * A population of R models of one shape on the GPU: parameters and Adam state stay in GPU buffers,
 * training runs in fused dispatches (one per epoch, each many steps long), evaluation after every
 * completed epoch goes to a results buffer, and only what a caller asks for is read back.
 * The pieces: pipelines.ts (compiled kernels, bind groups by name), bindings.ts (the uniform block),
 * buffers.ts (lifetimes), dispatch.ts (planning, packing), readback.ts (reading results).
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
import { packUniforms, UNIFORM_STRIDE, UNIFORM_WORDS, type Uniforms } from './bindings';
import { BufferSet, USAGE } from './buffers';
import { WebGPULostError, acquireGpu, type Gpu } from './device';
import { biasCorrections, interleave, packBatches, packData, packMembers, planChunks, segments } from './dispatch';
import { encodePass, pipelinesFor, type Bound, type Pipelines } from './pipelines';
import { deinterleave, guardLost, metricsAt, read, submitAndRead } from './readback';
import { EVAL_ROW, FLAG, TRAIN_WG } from './wgsl-model';

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
	private readonly own: BufferSet;
	private readonly W: GPUBuffer;
	private readonly opt: GPUBuffer;
	private readonly membersBuf: GPUBuffer;
	private readonly dataBuf: GPUBuffer;
	private readonly statusBuf: GPUBuffer;
	private readonly dataOffsets: { trainY: number; testX: number; testY: number };
	private readonly uploaded: boolean;
	private readonly perm: FeistelPermutation;

	private constructor(
		readonly gpu: Gpu,
		readonly cfg: Config,
		readonly pipes: Pipelines,
		readonly members: PopulationMember[],
		opts: PopulationOptions
	) {
		const R = (this.R = members.length);
		const P = (this.P = layout(cfg).total);
		const data = opts.data;
		this.uploaded = !!data;
		this.n = data ? data.train.n : cfg.n;
		this.nTest = data ? data.test.n : cfg.n;
		this.spe = stepsPerEpoch({ n: this.n, batch: cfg.batch });
		this.perm = new FeistelPermutation(this.n, 0);
		gpu.lost.then((info) => (this.lostError = new WebGPULostError(`WebGPU device lost (${info.reason}): ${info.message || 'no message'}`)));
		const own = (this.own = new BufferSet(gpu.device));

		// Parameters and Adam's moments (m, then v), member-interleaved (entry i of member r at i·R + r).
		this.W = own.upload(interleave(members.map((m, r) => opts.params?.[r] ?? initParams(memberConfig(cfg, m))), P), USAGE.readWrite());
		const mv = new Float32Array(2 * P * R);
		const adam = opts.resume?.adam;
		if (adam) {
			interleave(adam.m, P, mv, 0);
			interleave(adam.v, P, mv, P * R);
		}
		this.opt = own.upload(mv, USAGE.readWrite());
		this.step = opts.resume?.step ?? 0;
		this.t = adam?.t ?? this.step;
		this.membersBuf = own.upload(packMembers(cfg, members), USAGE.read());
		const packed = data ? packData(data) : { words: new Uint32Array(4), offsets: { trainY: 0, testX: 0, testY: 0 } };
		this.dataBuf = own.upload(packed.words, USAGE.read());
		this.dataOffsets = packed.offsets;
		// (last loss, diverged step) per member; losses start as NaN (no step yet).
		const status = new Uint32Array(2 * R);
		for (let r = 0; r < R; r++) status[2 * r] = 0x7fc00000;
		this.statusBuf = own.upload(status, USAGE.readWrite());
	}

	static async create(cfg: Config, members: PopulationMember[], opts: PopulationOptions = {}): Promise<GpuPopulation> {
		if (!members.length) throw new Error('a population needs at least one member');
		const gpu = await acquireGpu();
		const pipes = await guardLost(gpu, pipelinesFor(gpu.device, cfg));
		return new GpuPopulation(gpu, cfg, pipes, members, opts);
	}

	private alive(): void {
		if (this.disposed) throw new Error('the WebGPU population was disposed');
		if (this.lostError) throw this.lostError;
	}

	/** The uniform block of a dispatch: this population's fields, with `x` on top. */
	private uniforms(x: Partial<Uniforms>): Uniforms {
		const d = this.dataOffsets;
		return {
			R: this.R, n: this.n, n_test: this.nTest, batch: this.cfg.batch, spe: this.spe, step0: 0, nsteps: 0,
			flags: this.uploaded ? FLAG.uploaded : 0, fhalf: this.perm.half, fmask: this.perm.mask,
			o_train_y: d.trainY, o_test_x: d.testX, o_test_y: d.testY, eval_slot: 0, bias_base: 0, eval_row: GpuPopulation.evalRow,
			beta1: this.cfg.beta1, beta2: this.cfg.beta2, adam_eps: this.cfg.adam_eps,
			...x
		};
	}

	/** One uniform buffer holding a block per dispatch (256-byte slots); the bindings of each slot. */
	private uniformSlots(tmp: BufferSet, blocks: Uniforms[]): GPUBufferBinding[] {
		const u = new Uint32Array((blocks.length * UNIFORM_STRIDE) / 4);
		blocks.forEach((b, k) => packUniforms(u, (k * UNIFORM_STRIDE) / 4, b));
		const buffer = tmp.upload(u, USAGE.uniform());
		return blocks.map((_, k) => ({ buffer, offset: k * UNIFORM_STRIDE, size: UNIFORM_WORDS * 4 }));
	}

	private evalPass(enc: GPUCommandEncoder, bound: Bound, count: number): void {
		const row = GpuPopulation.evalRow;
		encodePass(enc, this.gpu.device, this.pipes.evaluate, { W: this.W, members: this.membersBuf, data: this.dataBuf, ...bound }, [Math.min(count, row), Math.ceil(count / row)]);
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
		const segs = explicit ? [nsteps] : segments(this.step, nsteps, this.spe, Math.max(1, Math.floor(GpuPopulation.maxEvalBytes / (16 * R))));
		if (segs.length > 1) {
			const epochs: EpochMetrics[][] = [];
			for (const len of segs) epochs.push(...(await this.train(len, opts)).epochs);
			return { epochs };
		}
		const { chunks, evals } = planChunks(this.step, nsteps, this.spe, !!explicit, opts.evaluate !== false);
		const tmp = new BufferSet(device);
		try {
			const bias = tmp.upload(biasCorrections(this.t, nsteps, this.cfg.beta1, this.cfg.beta2), USAGE.read());
			const batches = tmp.upload(explicit ? packBatches(explicit, this.n) : new Uint32Array(4), USAGE.read());
			const record = explicit ? FLAG.record : 0;
			const lossBytes = record ? 4 * nsteps * R : 0;
			const out = tmp.create(8 * R + lossBytes, USAGE.readWrite());
			const evalBuf = tmp.create(16 * R * evals, USAGE.readWrite());
			// Uniform slots in execution order: each chunk's dispatch, then its evaluation if any.
			const flags = (this.uploaded ? FLAG.uploaded : 0) | (explicit ? FLAG.explicit : 0) | record;
			const blocks: Uniforms[] = [];
			for (const c of chunks) {
				blocks.push(this.uniforms({ step0: c.step0, nsteps: c.nsteps, flags, bias_base: c.s0 }));
				if (c.evalSlot >= 0) blocks.push(this.uniforms({ eval_slot: c.evalSlot }));
			}
			const slots = this.uniformSlots(tmp, blocks);
			const enc = device.createCommandEncoder();
			// The kernel keeps (last loss, diverged step) at the head of `out`: copy the status in and back out.
			enc.copyBufferToBuffer(this.statusBuf, 0, out, 0, 8 * R);
			let k = 0;
			for (const c of chunks) {
				encodePass(enc, device, this.pipes.train, { uniforms: slots[k++], W: this.W, opt: this.opt, members: this.membersBuf, data: this.dataBuf, batches, bias, out }, [Math.ceil(R / TRAIN_WG)]);
				if (c.evalSlot >= 0) this.evalPass(enc, { uniforms: slots[k++], evals: evalBuf }, R);
			}
			enc.copyBufferToBuffer(out, 0, this.statusBuf, 0, 8 * R);
			this.step += nsteps;
			this.t += nsteps;
			const regions: [GPUBuffer, number, number][] = [];
			if (evals) regions.push([evalBuf, 0, 16 * R * evals]);
			if (record) regions.push([out, 8 * R, lossBytes]);
			const data = await submitAndRead(this.gpu, enc, regions);
			const epochs: EpochMetrics[][] = [];
			if (evals) {
				const ev = new Float32Array(data[0]);
				for (const c of chunks)
					if (c.evalSlot >= 0) epochs.push(Array.from({ length: R }, (_, r) => metricsAt(ev, (c.evalSlot * R + r) * 4, (c.step0 + c.nsteps) / this.spe)));
			}
			return { epochs, losses: record ? new Float32Array(data[evals ? 1 : 0]) : undefined };
		} finally {
			tmp.destroy();
		}
	}

	/** Loss and accuracy of every member on the full train and test sets, now. */
	async evaluate(): Promise<EpochMetrics[]> {
		this.alive();
		const tmp = new BufferSet(this.gpu.device);
		try {
			const evalBuf = tmp.create(16 * this.R, USAGE.readWrite());
			const enc = this.gpu.device.createCommandEncoder();
			this.evalPass(enc, { uniforms: this.uniformSlots(tmp, [this.uniforms({})])[0], evals: evalBuf }, this.R);
			const ev = new Float32Array((await submitAndRead(this.gpu, enc, [[evalBuf, 0, 16 * this.R]]))[0]);
			const epoch = Math.floor(this.step / this.spe);
			return Array.from({ length: this.R }, (_, r) => metricsAt(ev, 4 * r, epoch));
		} finally {
			tmp.destroy();
		}
	}

	/**
	 * Training-set loss of arbitrary parameter vectors (member-interleaved in `W`, `count` of them),
	 * with this population's data (member 0's), over its first `rows` training rows: the loss-landscape grid.
	 */
	async lossOf(W: GPUBuffer, count: number, rows = this.n): Promise<Float32Array> {
		this.alive();
		const tmp = new BufferSet(this.gpu.device);
		try {
			const m0 = new Uint32Array(4 * count);
			const key = streamKey(memberDataSeed(this.members[0]), STREAM.data);
			for (let r = 0; r < count; r++) m0[4 * r + 3] = key;
			const members = tmp.upload(m0, USAGE.read());
			const evalBuf = tmp.create(16 * count, USAGE.readWrite());
			const uniforms = this.uniformSlots(tmp, [this.uniforms({ flags: (this.uploaded ? FLAG.uploaded : 0) | FLAG.trainOnly, R: count, n: rows })])[0];
			const enc = this.gpu.device.createCommandEncoder();
			this.evalPass(enc, { uniforms, W, members, evals: evalBuf }, count);
			const ev = new Float32Array((await submitAndRead(this.gpu, enc, [[evalBuf, 0, 16 * count]]))[0]);
			return Float32Array.from({ length: count }, (_, r) => ev[4 * r]);
		} finally {
			tmp.destroy();
		}
	}

	/** Loss, logits, gradient and intermediates of member 0 on explicit rows (one dispatch). */
	async gradients(rows: number[]): Promise<{ loss: number; out: Float32Array }> {
		this.alive();
		const { L, d, h, nb_emb } = this.cfg;
		const B = rows.length;
		if (!B) throw new Error('gradients: no rows');
		const size = 1 + B * nb_emb + this.P + B * (L * d + L + d + h + d);
		const tmp = new BufferSet(this.gpu.device);
		try {
			const batches = tmp.upload(packBatches([rows], this.n), USAGE.read());
			const uniforms = this.uniformSlots(tmp, [this.uniforms({ step0: this.step, nsteps: 1, flags: (this.uploaded ? FLAG.uploaded : 0) | FLAG.explicit })])[0];
			const out = tmp.create(4 * size, USAGE.readWrite());
			const enc = this.gpu.device.createCommandEncoder();
			encodePass(enc, this.gpu.device, this.pipes.grad, { uniforms, W: this.W, members: this.membersBuf, data: this.dataBuf, batches, out }, [1]);
			const data = new Float32Array((await submitAndRead(this.gpu, enc, [[out, 0, 4 * size]]))[0]);
			return { loss: data[0], out: data };
		} finally {
			tmp.destroy();
		}
	}

	/** Flat params of every member, R × P, member-major (a copy). */
	async params(): Promise<Float32Array> {
		this.alive();
		return deinterleave(new Float32Array(await read(this.gpu, this.W, 0, 4 * this.P * this.R)), this.P, this.R);
	}

	/** Adam state per member (member-major m and v). */
	async adamState(): Promise<{ m: Float32Array; v: Float32Array; t: number }> {
		this.alive();
		const PR = this.P * this.R;
		const mv = new Float32Array(await read(this.gpu, this.opt, 0, 8 * PR));
		return { m: deinterleave(mv.subarray(0, PR), this.P, this.R), v: deinterleave(mv.subarray(PR), this.P, this.R), t: this.t };
	}

	/** Per member: last step's loss and the step where it diverged (0: never). */
	async status(): Promise<{ lastLoss: Float32Array; diverged: Uint32Array }> {
		this.alive();
		const u = new Uint32Array(await read(this.gpu, this.statusBuf, 0, 8 * this.R));
		const f = new Float32Array(u.buffer);
		return { lastLoss: Float32Array.from({ length: this.R }, (_, r) => f[2 * r]), diverged: Uint32Array.from({ length: this.R }, (_, r) => u[2 * r + 1]) };
	}

	dispose(): void {
		if (this.disposed) return;
		this.disposed = true;
		this.own.destroy();
	}
}
