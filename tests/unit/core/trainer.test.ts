/**
 * core/trainer.ts: the reference loop — each epoch's shuffle cut into batches (the last one smaller),
 * one Adam step each, metrics on the full sets after every epoch — and a divergence named by its step.
 */
import { describe, expect, it } from 'vitest';
import { Adam } from '../../../src/lib/core/adam';
import { parseConfig, stepsPerEpoch } from '../../../src/lib/core/config';
import { makeDataset } from '../../../src/lib/core/data';
import { DivergenceError } from '../../../src/lib/core/metrics';
import { Model } from '../../../src/lib/core/model';
import { initParams } from '../../../src/lib/core/params';
import { epochOrder } from '../../../src/lib/core/rng';
import { Trainer } from '../../../src/lib/core/trainer';

const cfg = parseConfig({ n: 50, batch: 16, h: 6, seed: 3 }); // 4 steps an epoch: 16, 16, 16, 2 rows

describe('the reference trainer', () => {
	it('two epochs equal the same steps done by hand, and report one metrics line per epoch', () => {
		const t = new Trainer(cfg);
		expect(t.stepsPerEpoch).toBe(4);
		const metrics = t.run(8);
		expect(metrics.map((m) => m.epoch)).toEqual([1, 2]);
		expect(t.step).toBe(8);

		const model = new Model(cfg);
		const data = makeDataset(cfg, cfg.seed);
		const w = initParams(cfg);
		const g = new Float64Array(w.length);
		const adam = new Adam(cfg, model.lay);
		const sizes: number[] = [];
		for (let e = 0; e < 2; e++) {
			const order = epochOrder(cfg.n, cfg.seed, e);
			for (let s = 0; s < stepsPerEpoch(cfg); s++) {
				const rows = order.subarray(s * 16, Math.min(cfg.n, (s + 1) * 16));
				sizes.push(rows.length);
				model.lossAndGrad(w, data.train.X, data.train.Y, rows, g);
				adam.step(w, g);
			}
		}
		expect(sizes).toEqual([16, 16, 16, 2, 16, 16, 16, 2]);
		expect(Array.from(t.w)).toEqual(Array.from(w));
		const tr = model.evaluate(w, data.train);
		const te = model.evaluate(w, data.test);
		expect(metrics[1]).toEqual({ epoch: 2, loss: tr.loss, acc: tr.acc, test_loss: te.loss, test_acc: te.acc });
	});

	it('a run split across calls is the same run; it starts from given parameters when asked', () => {
		const whole = new Trainer(cfg);
		whole.run(6);
		const parts = new Trainer(cfg);
		parts.run(3);
		parts.run(3);
		expect(parts.w).toEqual(whole.w);
		const from = new Trainer(cfg, { params: whole.w });
		expect(from.w).toEqual(whole.w);
		expect(from.w).not.toBe(whole.w); // a copy
	});

	it('a non-finite loss stops it with a DivergenceError naming the step', () => {
		const t = new Trainer(cfg);
		t.run(2);
		t.w[0] = NaN;
		expect(() => t.run(1)).toThrow(DivergenceError);
		expect(() => t.run(1)).toThrow('training diverged at step 3: loss is not finite');
	});
});
