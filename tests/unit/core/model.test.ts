/** Finite-difference checks of the hand-written backward pass on random small configs. */
import { describe, expect, it } from 'vitest';
import { type Config, parseConfig } from '../../../src/lib/core/config';
import { makeDataset } from '../../../src/lib/core/data';
import { relErr } from '../../../src/lib/core/fixture';
import { Model } from '../../../src/lib/core/model';
import { initParams, PARAM_NAMES } from '../../../src/lib/core/params';

function check(partial: Partial<Config>, rowsCount: number) {
	const c = parseConfig({ n: 16, batch: Math.min(rowsCount, 16), ...partial });
	const model = new Model(c);
	const data = makeDataset(c, c.seed);
	const w = initParams(c);
	const rows = Array.from({ length: rowsCount }, (_, i) => (i * 7) % c.n);
	const g = new Float64Array(w.length);
	model.lossAndGrad(w, data.train.X, data.train.Y, rows, g);
	const fd = new Float64Array(w.length);
	const scratch = new Float64Array(w.length);
	const hstep = 1e-6;
	for (let i = 0; i < w.length; i++) {
		const wp = Float64Array.from(w);
		wp[i] += hstep;
		const lp = model.lossAndGrad(wp, data.train.X, data.train.Y, rows, scratch);
		wp[i] -= 2 * hstep;
		const lm = model.lossAndGrad(wp, data.train.X, data.train.Y, rows, scratch);
		fd[i] = (lp - lm) / (2 * hstep);
	}
	for (const name of PARAM_NAMES) {
		const { offset, size } = model.lay[name];
		expect(relErr(g, fd, offset, offset + size), `${name} in ${JSON.stringify(partial)}`).toBeLessThan(1e-6);
	}
}

describe('finite differences agree with the backward pass', () => {
	it('default shapes, batch 4', () => check({ h: 8 }, 4));
	it('batch 1', () => check({ h: 6, seed: 3 }, 1));
	it('d = 3, p = 3', () => check({ d: 3, p: 3, nb_emb: 4, h: 5, L: 7, k: 3, seed: 5 }, 3));
	it('d = 4, p = 5, L = 6', () => check({ d: 4, p: 5, nb_emb: 5, h: 7, L: 6, k: 2, seed: 9 }, 2));
	it('smooth norm near the origin (small init, rho = 2)', () => check({ norm: 'smooth', rho: 2, init_scale: 0.3, h: 6, seed: 2 }, 3));
	it('smooth norm, d = 3, rho = 0.5', () => check({ norm: 'smooth', rho: 0.5, d: 3, h: 4, seed: 11 }, 2));
	it('catches a wrong gradient (the check can fail)', () => {
		const c = parseConfig({ n: 8, batch: 2, h: 4 });
		const model = new Model(c);
		const data = makeDataset(c, 0);
		const w = initParams(c);
		const g = new Float64Array(w.length);
		model.lossAndGrad(w, data.train.X, data.train.Y, [0, 1], g);
		const bad = Float64Array.from(g);
		bad[model.lay.q.offset] *= 1.01;
		expect(relErr(bad, g, model.lay.q.offset, model.lay.q.offset + 2)).toBeGreaterThan(1e-4);
	});
});
