import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/lib/core/config';
import { makeDataset } from '../../../src/lib/core/data';
import { epochBatchGradNorms, fullBatchGradNorms, gradNorms } from '../../../src/lib/core/gradnorms';
import { Model } from '../../../src/lib/core/model';
import { layout } from '../../../src/lib/core/params';
import { epochOrder } from '../../../src/lib/core/rng';
import { Trainer } from '../../../src/lib/core/trainer';

describe('gradient norms along a run', () => {
	const cfg = parseConfig({ n: 128, batch: 16, seed: 3, epochs: 4 });
	const data = makeDataset(cfg, cfg.seed);

	it("an epoch's first mini-batch norm is the gradient of the optimizer's first step of that epoch", () => {
		const t = new Trainer(cfg, { data });
		t.run(2 * t.stepsPerEpoch); // two epochs done: the next step starts epoch index 2
		const at = Float64Array.from(t.w);
		const e = epochBatchGradNorms(cfg, at, data.train, 2);
		// What the trainer computes at its next step: the gradient of the first batch of epoch 2.
		const rows = epochOrder(data.train.n, cfg.seed, 2).subarray(0, cfg.batch);
		const g = new Float64Array(layout(cfg).total);
		new Model(cfg).lossAndGrad(at, data.train.X, data.train.Y, rows, g);
		expect(e.first.layers.mlp).toBeCloseTo(gradNorms(g, layout(cfg)).layers.mlp, 12);
		expect(e.batches).toBe(8);
		// Batches disagree: the mean of their norms exceeds the norm of their mean (the full-batch gradient).
		const full = fullBatchGradNorms(cfg, at, data.train);
		for (const l of ['embeddings', 'attention', 'mlp'] as const) expect(e.layers[l]).toBeGreaterThan(full.layers[l]);
		expect(e.loss).toBeCloseTo(full.loss, 10);
	});

	it('with one batch per epoch (full batch) both are the same gradient', () => {
		const fb = parseConfig({ n: 128, batch: 128, seed: 3 });
		const w = new Trainer(fb, { data }).w;
		const e = epochBatchGradNorms(fb, w, data.train, 0);
		const full = fullBatchGradNorms(fb, w, data.train);
		expect(e.total).toBeCloseTo(full.total, 10);
	});
});
