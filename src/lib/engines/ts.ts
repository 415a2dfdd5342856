/** The plain TypeScript reference behind the engine interface (float64, single model). */
import type { Config } from '../core/config';
import { INTERMEDIATES } from '../core/fixture';
import { lossGrid, type Plane } from '../core/landscape';
import { Trainer } from '../core/trainer';
import type { Engine, GradientReport, InitOptions, Snapshot, SnapshotOptions, StepReport } from './types';

export class TsEngine implements Engine {
	readonly name = 'ts' as const;
	private t!: Trainer;

	async init(config: Config, options: InitOptions = {}): Promise<void> {
		this.t = new Trainer(config, options);
		if (options.resume) {
			this.t.step = options.resume.step;
			if (options.resume.adam) {
				this.t.adam.m.set(options.resume.adam.m);
				this.t.adam.v.set(options.resume.adam.v);
				this.t.adam.t = options.resume.adam.t;
			}
		}
	}

	async step(n: number): Promise<StepReport> {
		const epochs = this.t.run(n);
		return { step: this.t.step, epochs };
	}

	async snapshot(options: SnapshotOptions = {}): Promise<Snapshot> {
		const s: Snapshot = { step: this.t.step, epoch: Math.floor(this.t.step / this.t.stepsPerEpoch), params: Float64Array.from(this.t.w), stepLoss: this.t.lastLoss };
		if (options.withAdam) s.adam = { m: Float64Array.from(this.t.adam.m), v: Float64Array.from(this.t.adam.v), t: this.t.adam.t };
		return s;
	}

	async evaluate() {
		return this.t.evaluate();
	}

	async gradients(rows: number[]): Promise<GradientReport> {
		const { model, data, w } = this.t;
		const g = new Float64Array(w.length);
		const loss = model.lossAndGrad(w, data.train.X, data.train.Y, rows, g);
		const { L, d, h, nb_emb } = this.t.cfg;
		const B = rows.length;
		const out = { z: new Float64Array(B * L * d), attn: new Float64Array(B * L), xi: new Float64Array(B * d), hidden: new Float64Array(B * h), zeta: new Float64Array(B * d) };
		const logits = new Float64Array(B * nb_emb);
		rows.forEach((r, b) => {
			const tr = model.forward(w, data.train.X, r);
			for (const k of INTERMEDIATES) out[k].set(tr[k], b * tr[k].length);
			logits.set(tr.logits, b * nb_emb);
		});
		return { loss, logits, grads: g, intermediates: out };
	}

	async stepBatches(batches: number[][]): Promise<number[]> {
		return batches.map((rows) => this.t.stepOn(rows));
	}

	async lossGrid(plane: Plane, alphas: ArrayLike<number>, betas: ArrayLike<number>, rows?: number): Promise<Float64Array> {
		const { train } = this.t.data;
		const n = Math.min(rows ?? train.n, train.n);
		const split = { X: train.X.subarray(0, n * this.t.cfg.L), Y: train.Y.subarray(0, n), n };
		return lossGrid(this.t.model, split, plane.origin, plane.u, plane.v, Array.from(alphas), Array.from(betas));
	}

	dispose(): void {}
}
