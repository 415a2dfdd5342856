/**
 * A population on the TypeScript reference Trainer, one member after another on the calling
 * thread. It is the reference the real population engines (WASM worker pool, WebGPU) are compared
 * with, and what the tests use; sweeps use it only when no faster population engine loads.
 */
import { stepsPerEpoch, type Config } from '../core/config';
import { DivergenceError, type EpochMetrics } from '../core/metrics';
import { Trainer } from '../core/trainer';
import { byEpoch, memberConfig, memberData, reportedEpochs } from './members';
import type { PopulationEngine, PopulationInitOptions, PopulationMember, PopulationStepReport } from './types';

export class TsPopulation implements PopulationEngine {
	readonly name = 'ts' as const;
	private trainers: Trainer[] = [];
	private diverged: { member: number; step: number }[] = [];
	private steps = 0;
	private spe = 1;

	async init(config: Config, members: PopulationMember[], options: PopulationInitOptions = {}): Promise<void> {
		this.trainers = members.map((m, i) => new Trainer(memberConfig(config, m), { params: options.params?.[i], data: memberData(config, m) }));
		this.spe = stepsPerEpoch(config);
		this.diverged = [];
		this.steps = 0;
	}

	async step(n: number): Promise<PopulationStepReport> {
		// The reference evaluates every epoch (an engine may report more epochs than evalEvery asks for).
		const wanted = reportedEpochs(this.steps, n, this.spe);
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
		this.steps += n;
		return { step: this.steps, epochs: byEpoch(wanted, per), diverged: [...this.diverged] };
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
