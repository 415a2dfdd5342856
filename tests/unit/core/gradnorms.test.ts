import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/lib/core/config';
import { makeDataset } from '../../../src/lib/core/data';
import { epochBatchGradNorms, fullBatchGradNorms, gradNorms, LAYERS } from '../../../src/lib/core/gradnorms';
import { Model } from '../../../src/lib/core/model';
import { initParams, layout, PARAM_NAMES } from '../../../src/lib/core/params';
import { epochOrder } from '../../../src/lib/core/rng';
import { Trainer } from '../../../src/lib/core/trainer';
import { idealCircuit } from '../../../src/lib/core/ideal';

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

describe('gradient norms', () => {
	const cfg = parseConfig({ seed: 2, n: 128 });
	const lay = layout(cfg);

	it('tensor, layer and total norms of a flat vector', () => {
		const g = Float64Array.from({ length: lay.total }, (_, i) => Math.sin(i));
		const n = gradNorms(g, lay);
		const sq = (name: (typeof PARAM_NAMES)[number]) => {
			let s = 0;
			for (let i = lay[name].offset; i < lay[name].offset + lay[name].size; i++) s += g[i] ** 2;
			return s;
		};
		for (const name of PARAM_NAMES) expect(n.tensors[name]).toBeCloseTo(Math.sqrt(sq(name)), 12);
		expect(n.layers.embeddings).toBeCloseTo(Math.sqrt(sq('E') + sq('P')), 12);
		expect(n.layers.mlp ** 2 + n.layers.attention ** 2 + n.layers.embeddings ** 2).toBeCloseTo(n.total ** 2, 10);
		expect(Object.values(LAYERS).flat().sort()).toEqual([...PARAM_NAMES].sort());
	});

	it('full-batch gradient: near zero at the ideal circuit, not at initialisation', () => {
		const c = idealCircuit({ p: 2 });
		const ideal = fullBatchGradNorms(c.config, c.params, makeDataset({ ...c.config, n: 128 }, 1).train);
		const init = fullBatchGradNorms(cfg, initParams(cfg), makeDataset(cfg, 2).train);
		expect(ideal.loss).toBeLessThan(1e-3);
		expect(ideal.total).toBeLessThan(1e-2);
		expect(init.total).toBeGreaterThan(100 * ideal.total);
		expect(init.loss).toBeGreaterThan(0.3);
	});
});
