/**
 * A PopulationEngine over the TypeScript reference Trainer, one member after another on the calling
 * thread. It is the reference the real population engines (WASM worker pool, WebGPU) are compared
 * with, and what the tests use; sweeps use it only when no faster population engine loads.
 */
import type { Config } from '../core/config';
import { makeDataset } from '../core/data';
import { DivergenceError, type EpochMetrics } from '../core/metrics';
import { Trainer } from '../core/trainer';
import type { PopulationEngine, PopulationMember, PopulationStepReport } from '../engines/types';

export class TsPopulation implements PopulationEngine {
	readonly name = 'ts' as const;
	private trainers: Trainer[] = [];
	private diverged: { member: number; step: number }[] = [];
	private step_ = 0;

	async init(config: Config, members: PopulationMember[], options?: { params?: ArrayLike<number>[] }): Promise<void> {
		this.trainers = members.map((m, i) => {
			const cfg: Config = { ...config, seed: m.seed, lr: m.lr ?? config.lr, mlp_lr_discount: m.mlp_lr_discount ?? config.mlp_lr_discount, init_scale: m.init_scale ?? config.init_scale };
			return new Trainer(cfg, { params: options?.params?.[i], data: makeDataset(config, m.data_seed ?? m.seed) });
		});
		this.diverged = [];
		this.step_ = 0;
	}

	async step(n: number): Promise<PopulationStepReport> {
		const per: EpochMetrics[][] = this.trainers.map((t, i) => {
			if (this.diverged.some((d) => d.member === i)) return [];
			try {
				return t.run(n);
			} catch (e) {
				if (!(e instanceof DivergenceError)) throw e;
				this.diverged.push({ member: i, step: e.step });
				return [];
			}
		});
		this.step_ += n;
		const spe = this.trainers[0]?.stepsPerEpoch ?? 1;
		const count = Math.floor(this.step_ / spe) - Math.floor((this.step_ - n) / spe);
		const nan: EpochMetrics = { epoch: 0, loss: NaN, acc: NaN, test_loss: NaN, test_acc: NaN };
		const epochs = Array.from({ length: count }, (_, e) => per.map((m) => m[e] ?? { ...nan, epoch: Math.floor((this.step_ - n) / spe) + e + 1 }));
		return { step: this.step_, epochs, diverged: [...this.diverged] };
	}

	async params(): Promise<Float32Array> {
		const total = this.trainers[0]?.w.length ?? 0;
		const out = new Float32Array(total * this.trainers.length);
		this.trainers.forEach((t, i) => out.set(t.w, i * total));
		return out;
	}

	async evaluate(): Promise<EpochMetrics[]> {
		return this.trainers.map((t) => t.evaluate());
	}

	dispose(): void {
		this.trainers = [];
	}
}
