/**
 * A PopulationEngine made of single-model engines (one per member, trained one after another on
 * this thread). Lets a sweep run on any Engine (e.g. the WASM engine) where no population engine of
 * that kind exists; parallelism then comes from running several populations or shards at once.
 */
import type { Config } from '../core/config';
import { makeDataset } from '../core/data';
import { DivergenceError, type EpochMetrics } from '../core/metrics';
import { stepsPerEpoch } from '../core/config';
import type { Engine, EngineName, PopulationEngine, PopulationMember, PopulationStepReport } from '../engines/types';

export class EnginePopulation implements PopulationEngine {
	private engines: Engine[] = [];
	private diverged: { member: number; step: number }[] = [];
	private step_ = 0;
	private spe = 1;

	constructor(
		readonly name: EngineName,
		private readonly create: () => Promise<Engine>
	) {}

	async init(config: Config, members: PopulationMember[], options?: { params?: ArrayLike<number>[] }): Promise<void> {
		this.dispose();
		this.spe = stepsPerEpoch(config);
		for (const [i, m] of members.entries()) {
			const e = await this.create();
			const cfg: Config = { ...config, seed: m.seed, lr: m.lr ?? config.lr, mlp_lr_discount: m.mlp_lr_discount ?? config.mlp_lr_discount, init_scale: m.init_scale ?? config.init_scale };
			await e.init(cfg, { params: options?.params?.[i], data: makeDataset(config, m.data_seed ?? m.seed) });
			this.engines.push(e);
		}
		this.diverged = [];
		this.step_ = 0;
	}

	async step(n: number): Promise<PopulationStepReport> {
		const per: EpochMetrics[][] = [];
		for (const [i, e] of this.engines.entries()) {
			if (this.diverged.some((d) => d.member === i)) {
				per.push([]);
				continue;
			}
			try {
				per.push((await e.step(n)).epochs);
			} catch (err) {
				if (!(err instanceof DivergenceError)) throw err;
				this.diverged.push({ member: i, step: err.step });
				per.push([]);
			}
		}
		const first = Math.floor(this.step_ / this.spe);
		this.step_ += n;
		const count = Math.floor(this.step_ / this.spe) - first;
		const nan = (epoch: number): EpochMetrics => ({ epoch, loss: NaN, acc: NaN, test_loss: NaN, test_acc: NaN });
		const epochs = Array.from({ length: count }, (_, k) => per.map((m) => m[k] ?? nan(first + k + 1)));
		return { step: this.step_, epochs, diverged: [...this.diverged] };
	}

	async params(): Promise<Float32Array> {
		const snaps = await Promise.all(this.engines.map((e) => e.snapshot()));
		const P = snaps[0]?.params.length ?? 0;
		const out = new Float32Array(P * snaps.length);
		snaps.forEach((s, i) => out.set(s.params, i * P));
		return out;
	}

	evaluate(): Promise<EpochMetrics[]> {
		return Promise.all(this.engines.map((e) => e.evaluate()));
	}

	dispose(): void {
		for (const e of this.engines) e.dispose();
		this.engines = [];
	}
}
