import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/lib/core/config';
import { makeDataset } from '../../../src/lib/core/data';
import { idealCircuit } from '../../../src/lib/core/ideal';
import { gelu } from '../../../src/lib/core/math';
import { Model } from '../../../src/lib/core/model';
import { initParams } from '../../../src/lib/core/params';
import { activationSparsity, epsGrid, SPARSITY_EPS } from '../../../src/lib/core/sparsity';

describe('activation sparsity', () => {
	const cfg = parseConfig({ seed: 5, n: 256 });
	const w = initParams(cfg);
	const data = makeDataset(cfg, 5).test;

	it('the ε grid spans 1e-5 … 1e2', () => {
		expect(SPARSITY_EPS.length).toBe(29);
		expect(SPARSITY_EPS[0]).toBe(1e-5);
		expect(SPARSITY_EPS[28]).toBe(100);
		expect(epsGrid(-1, 1, 1)).toEqual([0.1, 1, 10]);
	});

	it('matches a brute-force count, rises with ε from 0 to 1', () => {
		const s = activationSparsity(cfg, w, data);
		for (let i = 1; i < s.frac.length; i++) expect(s.frac[i]).toBeGreaterThanOrEqual(s.frac[i - 1]);
		expect(s.frac[0]).toBeLessThan(0.05);
		expect(s.frac[28]).toBe(1);
		const model = new Model(cfg);
		const e = 0.1;
		let c = 0;
		for (let r = 0; r < data.n; r++) {
			const tr = model.forward(w, data.X, r);
			for (let u = 0; u < cfg.h; u++) if (Math.abs(gelu(tr.hpre[u])) < e) c++;
		}
		expect(activationSparsity(cfg, w, data, [10, e]).frac[1]).toBeCloseTo(c / (data.n * cfg.h), 12);
	});

	it('the ideal circuit is sparse: one unit per run of clusters fires', () => {
		const c = idealCircuit({ p: 2 });
		const s = activationSparsity(c.config, c.params, makeDataset({ ...c.config, n: 256 }, 1).test, [1e-3]);
		expect(s.frac[0]).toBeGreaterThan(0.9);
	});
});
