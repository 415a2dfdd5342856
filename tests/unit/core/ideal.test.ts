import { describe, expect, it } from 'vitest';
import { measureCircuit } from '../../../src/lib/core/circuits';
import { parseConfig } from '../../../src/lib/core/config';
import { makeDataset } from '../../../src/lib/core/data';
import { idealCircuit } from '../../../src/lib/core/ideal';
import { Model } from '../../../src/lib/core/model';
import { layout, view } from '../../../src/lib/core/params';
import { idealClusterCount } from '../../../src/lib/core/probes';

const testAcc = (c: { config: ReturnType<typeof parseConfig>; params: Float64Array }, seed = 1) =>
	new Model(c.config).evaluate(c.params, makeDataset({ ...c.config, n: 2048 }, seed).test).acc;

describe('ideal circuit (Fig 1)', () => {
	for (const p of [2, 3, 4]) {
		it(`p = ${p}: 100% accuracy on a data set, C(k+p−1, k) clusters, invariants hold`, () => {
			const c = idealCircuit({ p });
			expect(c.separable).toBe(true);
			expect(c.config.d).toBe(2);
			expect(c.clusters.length).toBe(idealClusterCount(p, 5));
			const data = makeDataset({ ...c.config, n: 2048 }, 7);
			expect(new Model(c.config).evaluate(c.params, data.train).acc).toBe(1);
			expect(new Model(c.config).evaluate(c.params, data.test).acc).toBe(1);
			// Prefix positions share one embedding, spurious ones another.
			const P = view(c.params, layout(c.config), 'P');
			for (let t = 1; t < 12; t++) {
				const ref = t < 5 ? 0 : 5;
				expect([P[2 * t], P[2 * t + 1]]).toEqual([P[2 * ref], P[2 * ref + 1]]);
			}
			expect(Math.hypot(P[0] - P[10], P[1] - P[11])).toBeGreaterThan(1);
		});
	}

	it('other k and L, and more units than h when needed', () => {
		const c = idealCircuit({ p: 3, k: 3, L: 7, h: 4 });
		expect(c.config.h).toBe(Math.max(4, c.units));
		const data = makeDataset({ ...c.config, n: 1024 }, 2);
		expect(new Model(c.config).evaluate(c.params, data.test).acc).toBe(1);
	});

	it('spread and perturbation degrade it, deterministically', () => {
		const clean = idealCircuit({ p: 2 });
		const spread = idealCircuit({ p: 2, spread: 0.4 });
		expect(Array.from(idealCircuit({ p: 2, spread: 0.4 }).params)).toEqual(Array.from(spread.params));
		expect(testAcc(spread)).toBeLessThan(1);
		expect(testAcc(idealCircuit({ p: 2, perturbation: 0.5, seed: 3 }))).toBeLessThan(0.9);
		expect(testAcc(idealCircuit({ p: 2, perturbation: 0.01 }))).toBe(1);
		// Spread breaks permutation invariance, measured.
		expect(measureCircuit(spread.config, spread.params).permutationRatio).toBeGreaterThan(measureCircuit(clean.config, clean.params).permutationRatio + 0.1);
	});
});
