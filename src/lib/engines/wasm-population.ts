/**
 * A population in one WebAssembly instance: R model contexts side by side in one memory, trained
 * one after the other (each member's whole chunk of steps runs while its state is hot in cache).
 * Member i trains exactly like a single WasmEngine run of its config (members.ts). wasm-pool.ts
 * spreads a population over several of these, one per worker.
 */
import { stepsPerEpoch, type Config } from '../core/config';
import type { EpochMetrics } from '../core/metrics';
import { initParams } from '../core/params';
import { byEpoch, memberConfig, memberData, reportedEpochs } from './members';
import type { PopulationEngine, PopulationInitOptions, PopulationMember, PopulationStepReport } from './types';
import { Kernel } from './wasm-kernel';
import type { WasmFlavor } from './wasm-loader';
import { flavorOf } from './wasm';

export class WasmPopulation implements PopulationEngine {
	readonly flavor: WasmFlavor;
	private k!: Kernel;
	private config!: Config;
	private ctxs: number[] = [];
	private steps = 0;
	private diverged: { member: number; step: number }[] = [];
	private evalEvery = 1;

	constructor(readonly name: 'wasm' | 'wasm-scalar' = 'wasm') {
		this.flavor = flavorOf(name);
	}

	get size(): number {
		return this.ctxs.length;
	}

	async init(config: Config, members: PopulationMember[], options: PopulationInitOptions = {}): Promise<void> {
		if (members.length === 0) throw new RangeError('a population needs at least one member');
		if (options.params && options.params.length !== members.length) throw new Error(`params for ${options.params.length} members, expected ${members.length}`);
		this.k = await Kernel.create(this.flavor, config);
		this.config = config;
		this.steps = 0;
		this.diverged = [];
		this.evalEvery = Math.max(1, Math.floor(options.evalEvery ?? 1));
		this.ctxs = members.map((m, i) => {
			const c = memberConfig(config, m);
			const data = memberData(config, m);
			return this.k.addModel({ seed: c.seed, lr: c.lr, mlp_lr_discount: c.mlp_lr_discount, params: options.params?.[i] ?? initParams(c), train: data.train, test: data.test, evalEvery: this.evalEvery, evalLast: config.epochs });
		});
	}

	async step(n: number): Promise<PopulationStepReport> {
		// The epochs this call evaluates (the same schedule for every member).
		const wanted = reportedEpochs(this.steps, n, stepsPerEpoch(this.config), this.evalEvery, this.config.epochs);
		const per = this.ctxs.map((ctx, i) => {
			const r = this.k.train(ctx, n);
			if (r.diverged && !this.diverged.some((d) => d.member === i)) this.diverged.push({ member: i, step: r.diverged.step });
			return r.epochs;
		});
		this.steps += n;
		return { step: this.steps, epochs: byEpoch(wanted, per), diverged: this.diverged.slice() };
	}

	async params(): Promise<Float32Array> {
		const P = this.k.nParams;
		const out = new Float32Array(this.ctxs.length * P);
		this.ctxs.forEach((ctx, i) => out.set(this.k.params(ctx), i * P));
		return out;
	}

	async evaluate(): Promise<EpochMetrics[]> {
		return this.ctxs.map((ctx) => ({ ...this.k.evaluate(ctx), epoch: Math.floor(this.steps / stepsPerEpoch(this.config)) }));
	}

	dispose(): void {
		this.ctxs = [];
		this.k = undefined as unknown as Kernel;
	}
}
