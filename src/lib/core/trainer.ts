/**
 * The reference training loop: per epoch, the counter-based shuffle orders the training set,
 * mini-batches of `batch` rows (the last one possibly smaller) take an Adam step each, then loss
 * and accuracy are measured on the full train and test sets.
 */
import { Adam } from './adam';
import type { Config } from './config';
import { stepsPerEpoch } from './config';
import { makeDataset, type Dataset } from './data';
import { DivergenceError, allFinite, type EpochMetrics } from './metrics';
import { Model } from './model';
import { initParams } from './params';
import { epochOrder } from './rng';

export class Trainer {
	readonly model: Model;
	readonly adam: Adam;
	readonly w: Float64Array;
	readonly g: Float64Array;
	readonly data: Dataset;
	/** Steps taken so far; the epoch is step / stepsPerEpoch. */
	step = 0;
	lastLoss = NaN;
	private order: Int32Array;
	private orderEpoch = -1;

	constructor(
		readonly cfg: Config,
		init?: { params?: ArrayLike<number>; data?: Dataset }
	) {
		this.model = new Model(cfg);
		this.w = init?.params ? Float64Array.from(init.params) : initParams(cfg);
		this.g = new Float64Array(this.w.length);
		this.adam = new Adam(cfg, this.model.lay);
		this.data = init?.data ?? makeDataset(cfg, cfg.seed);
		this.order = new Int32Array(this.data.train.n);
	}

	get stepsPerEpoch(): number {
		return stepsPerEpoch({ n: this.data.train.n, batch: this.cfg.batch });
	}

	/** One Adam step on explicit rows of the training set. Throws DivergenceError on NaN/Inf. */
	stepOn(rows: ArrayLike<number>): number {
		const { X, Y } = this.data.train;
		const loss = this.model.lossAndGrad(this.w, X, Y, rows, this.g);
		if (!Number.isFinite(loss)) throw new DivergenceError(this.step + 1, 'loss');
		this.adam.step(this.w, this.g);
		this.step++;
		if (!allFinite(this.w)) throw new DivergenceError(this.step, 'a parameter');
		return (this.lastLoss = loss);
	}

	/** Run n steps in epoch order; returns the metrics of every epoch completed on the way. */
	run(n: number): EpochMetrics[] {
		const spe = this.stepsPerEpoch;
		const N = this.data.train.n;
		const out: EpochMetrics[] = [];
		for (let i = 0; i < n; i++) {
			const epoch = Math.floor(this.step / spe);
			const s = this.step % spe;
			if (this.orderEpoch !== epoch) {
				epochOrder(N, this.cfg.seed, epoch, this.order);
				this.orderEpoch = epoch;
			}
			this.stepOn(this.order.subarray(s * this.cfg.batch, Math.min(N, (s + 1) * this.cfg.batch)));
			if (this.step % spe === 0) out.push(this.evaluate());
		}
		return out;
	}

	evaluate(): EpochMetrics {
		const tr = this.model.evaluate(this.w, this.data.train);
		const te = this.model.evaluate(this.w, this.data.test);
		return { epoch: Math.floor(this.step / this.stepsPerEpoch), loss: tr.loss, acc: tr.acc, test_loss: te.loss, test_acc: te.acc };
	}
}
