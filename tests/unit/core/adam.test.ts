/** core/adam.ts: two steps of bias-corrected Adam against the formula worked out by hand, per tensor's learning rate. */
import { describe, expect, it } from 'vitest';
import { Adam } from '../../../src/lib/core/adam';
import { parseConfig } from '../../../src/lib/core/config';
import { layout, MLP_PARAMS, PARAM_NAMES } from '../../../src/lib/core/params';

describe('Adam', () => {
	const cfg = parseConfig({ lr: 0.01, beta1: 0.9, beta2: 0.99, adam_eps: 1e-8, mlp_lr_discount: 4 });
	const lay = layout(cfg);
	const lrOf = (i: number) => {
		const name = PARAM_NAMES.find((n) => i >= lay[n].offset && i < lay[n].offset + lay[n].size)!;
		return MLP_PARAMS.includes(name) ? 0.0025 : 0.01;
	};

	it('first step: m = 0.1 g, v = 0.01 g², and each weight moves by its lr against the sign of g', () => {
		const w = new Float64Array(lay.total).fill(1);
		const g = Float64Array.from({ length: lay.total }, (_, i) => (i % 3 === 0 ? 0 : (i % 2 ? 1 : -1) * (0.5 + i / 100)));
		const adam = new Adam(cfg, lay);
		adam.step(w, g);
		expect(adam.t).toBe(1);
		for (let i = 0; i < lay.total; i++) {
			expect(adam.m[i]).toBeCloseTo(0.1 * g[i], 15);
			expect(adam.v[i]).toBeCloseTo(0.01 * g[i] * g[i], 15);
			// m̂ = g and √v̂ = |g| after one step, so the update is lr · g / (|g| + ε): lr · sign(g), and 0 where g = 0.
			const want = 1 - (g[i] === 0 ? 0 : (lrOf(i) * g[i]) / (Math.abs(g[i]) + 1e-8));
			expect(w[i]).toBeCloseTo(want, 14);
		}
	});

	it('second step: the moments carry the first gradient, corrected by 1 − β^2', () => {
		const w = new Float64Array(lay.total);
		const adam = new Adam(cfg, lay);
		const i = lay.W1.offset; // an MLP entry (lr / 4) ...
		const j = lay.E.offset; // ... and an embedding entry (lr)
		const g1 = new Float64Array(lay.total);
		const g2 = new Float64Array(lay.total);
		g1[i] = 2;
		g2[i] = -1;
		g1[j] = 0.5;
		g2[j] = 0.5;
		adam.step(w, g1);
		const afterFirst = [w[i], w[j]];
		adam.step(w, g2);
		// By hand for entry i: m = 0.9·0.2 + 0.1·(−1) = 0.08, v = 0.99·0.04 + 0.01·1 = 0.0496;
		// m̂ = 0.08 / (1 − 0.81) = 0.4210526…, √v̂ = √(0.0496 / (1 − 0.9801)) = 1.5787…
		const mHat = 0.08 / 0.19;
		const vHat = 0.0496 / 0.0199;
		expect(adam.m[i]).toBeCloseTo(0.08, 15);
		expect(adam.v[i]).toBeCloseTo(0.0496, 15);
		expect(w[i] - afterFirst[0]).toBeCloseTo((-0.0025 * mHat) / (Math.sqrt(vHat) + 1e-8), 14);
		// A constant gradient keeps m̂ = g and √v̂ = |g|: another full step of lr.
		expect(w[j] - afterFirst[1]).toBeCloseTo(-0.01, 9);
		expect(afterFirst[1]).toBeCloseTo(-0.01, 9);
		// Untouched entries stay at zero.
		expect(w[lay.total - 1]).toBe(0);
	});
});
