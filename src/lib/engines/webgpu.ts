/**
 * The WebGPU engines: a single model (the Engine interface, a population of one) and populations
 * (PopulationEngine), both on the fused kernels of webgpu/wgsl-model.ts through the device of
 * tfjs-backend-webgpu. In node, call installNodeGpu() (webgpu/node-gpu.ts) first.
 *
 * Failure modes a caller can act on: WebGPUUnavailableError from init (no adapter/device) and
 * WebGPULostError from any call after the device is lost; both mean "fall back to WASM".
 */
import type { Config } from '../core/config';
import { DivergenceError, type EpochMetrics } from '../core/metrics';
import type { Engine, GradientReport, InitOptions, PopulationEngine, PopulationMember, PopulationStepReport, Snapshot, SnapshotOptions, StepReport } from './types';
import type { Plane } from '../core/landscape';
import { lossGrid } from './webgpu/grid';
import { GpuPopulation } from './webgpu/population';

export { WebGPULostError, WebGPUUnavailableError } from './webgpu/device';
export { webgpuUnavailableReason } from './capabilities';

export class WebGPUEngine implements Engine {
	readonly name = 'webgpu' as const;
	private pop!: GpuPopulation;
	private cfg!: Config;
	private lastMetrics: EpochMetrics | undefined;

	async init(config: Config, options: InitOptions = {}): Promise<void> {
		this.pop?.dispose();
		this.cfg = config;
		const adam = options.resume?.adam;
		this.pop = await GpuPopulation.create(config, [{ seed: config.seed }], {
			params: options.params ? [options.params] : undefined,
			data: options.data,
			resume: options.resume && { step: options.resume.step, adam: adam && { m: [adam.m], v: [adam.v], t: adam.t } }
		});
		this.lastMetrics = undefined;
	}

	private async checkDiverged(): Promise<void> {
		const { diverged } = await this.pop.status();
		if (diverged[0]) throw new DivergenceError(diverged[0], 'the loss or a parameter');
	}

	async step(n: number): Promise<StepReport> {
		const r = await this.pop.train(n);
		await this.checkDiverged();
		const epochs = r.epochs.map((e) => e[0]);
		if (epochs.length) this.lastMetrics = epochs[epochs.length - 1];
		return { step: this.pop.step, epochs };
	}

	async snapshot(options: SnapshotOptions = {}): Promise<Snapshot> {
		const [params, status, adam] = await Promise.all([this.pop.params(), this.pop.status(), options.withAdam ? this.pop.adamState() : undefined]);
		const s: Snapshot = { step: this.pop.step, epoch: Math.floor(this.pop.step / this.pop.spe), params, stepLoss: status.lastLoss[0], metrics: this.lastMetrics };
		if (adam) s.adam = adam;
		return s;
	}

	async evaluate(): Promise<EpochMetrics> {
		return (await this.pop.evaluate())[0];
	}

	async gradients(rows: number[]): Promise<GradientReport> {
		const { loss, out } = await this.pop.gradients(rows);
		const { L, d, h, nb_emb } = this.cfg;
		const B = rows.length;
		let o = 1;
		const take = (len: number) => out.slice(o, (o += len));
		const logits = take(B * nb_emb);
		const grads = take(this.pop.P);
		const intermediates = { z: take(B * L * d), attn: take(B * L), xi: take(B * d), hidden: take(B * h), zeta: take(B * d) };
		return { loss, logits, grads, intermediates };
	}

	async stepBatches(batches: number[][]): Promise<number[]> {
		const r = await this.pop.train(0, { batches });
		await this.checkDiverged();
		return Array.from(r.losses ?? []);
	}

	lossGrid(plane: Plane, alphas: ArrayLike<number>, betas: ArrayLike<number>, rows?: number): Promise<Float32Array> {
		return lossGrid(this.pop, plane, alphas, betas, rows);
	}

	/** Adam state (for saving a resumable run). */
	async adamState(): Promise<{ m: Float32Array; v: Float32Array; t: number }> {
		return this.pop.adamState();
	}

	dispose(): void {
		this.pop?.dispose();
	}
}

export class WebGPUPopulation implements PopulationEngine {
	readonly name = 'webgpu' as const;
	private pop!: GpuPopulation;

	async init(config: Config, members: PopulationMember[], options: { params?: ArrayLike<number>[]; data?: import('../core/data').Dataset } = {}): Promise<void> {
		this.pop?.dispose();
		this.pop = await GpuPopulation.create(config, members, options);
	}

	async step(n: number): Promise<PopulationStepReport> {
		const r = await this.pop.train(n);
		return { step: this.pop.step, epochs: r.epochs, diverged: await this.diverged() };
	}

	/** One step per explicit batch, the same rows for every member; losses[s][member]. */
	async stepBatches(batches: number[][]): Promise<Float32Array[]> {
		const r = await this.pop.train(0, { batches });
		const R = this.pop.R;
		return batches.map((_, s) => r.losses!.slice(s * R, (s + 1) * R));
	}

	async diverged(): Promise<{ member: number; step: number }[]> {
		const { diverged } = await this.pop.status();
		const out: { member: number; step: number }[] = [];
		diverged.forEach((step, member) => step && out.push({ member, step }));
		return out;
	}

	params(): Promise<Float32Array> {
		return this.pop.params();
	}

	evaluate(): Promise<EpochMetrics[]> {
		return this.pop.evaluate();
	}

	dispose(): void {
		this.pop?.dispose();
	}
}
