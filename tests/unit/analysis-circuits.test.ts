import { describe, expect, it } from 'vitest';
import { CIRCUIT_THRESHOLDS, circuitSentences, classifyCircuit, countClusters, labelCircuit, measureCircuit } from '../../src/lib/core/circuits';
import { parseConfig } from '../../src/lib/core/config';
import { makeDataset } from '../../src/lib/core/data';
import { FAULTY_ATTENTION_CORRECTED_BY_V, LEAKY_ATTENTION_UNCORRECTED, idealCircuit } from '../../src/lib/core/ideal';
import { Model } from '../../src/lib/core/model';
import { initParams, layout, view } from '../../src/lib/core/params';
import { idealClusterCount } from '../../src/lib/core/probes';

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

describe('circuit classifier', () => {
	it('the ideal circuit classifies as ideal (p = 2 and 3)', () => {
		for (const p of [2, 3]) {
			const c = idealCircuit({ p });
			const v = classifyCircuit(c.config, c.params, { testAcc: testAcc(c) });
			expect(v.label, v.reason).toBe('ideal');
			expect(v.measurements.prefixMass).toBeGreaterThan(0.99);
			expect(v.measurements.clusters).toBe(v.measurements.idealClusters);
			expect(v.measurements.accuracySource).toBe('test');
		}
	});

	it('attention leaking to spurious positions, collapsed by V → faulty-attention-corrected-by-V', () => {
		const c = idealCircuit({ p: 2, ...FAULTY_ATTENTION_CORRECTED_BY_V });
		const v = classifyCircuit(c.config, c.params, { testAcc: testAcc(c) });
		expect(v.label, v.reason).toBe('faulty-attention-corrected-by-V');
		expect(v.measurements.prefixMass).toBeLessThan(CIRCUIT_THRESHOLDS.prefixMass);
		expect(v.measurements.spuriousValueSpread).toBeLessThan(0.1);
	});

	it('the same leak without V collapsing the suffix is not faulty-corrected', () => {
		const c = idealCircuit({ p: 2, ...LEAKY_ATTENTION_UNCORRECTED });
		const v = classifyCircuit(c.config, c.params, { testAcc: 1 });
		expect(v.measurements.suffixRatio).toBeGreaterThan(CIRCUIT_THRESHOLDS.invariance);
		expect(v.label).toBe('partial-invariants');
	});

	it('random initialisations are not ideal, and fail on accuracy', () => {
		for (const seed of [0, 1, 2]) {
			const cfg = parseConfig({ seed });
			const w = initParams(cfg);
			const v = classifyCircuit(cfg, w);
			expect(v.label).toBe('failed');
			expect(v.measurements.accuracySource).toBe('probes');
			// Even granted a perfect accuracy, the geometry is not an ideal one.
			expect(labelCircuit({ ...v.measurements, accuracy: 1 }).label).not.toMatch(/ideal|faulty/);
		}
	});

	it('labelCircuit follows the documented thresholds', () => {
		const base = { prefixMass: 0.95, separation: 1, suffixRatio: 0.01, permutationRatio: 0.01, familyRatio: 0.01, clusters: 6, idealClusters: 6, spuriousValueSpread: 1, accuracy: 1, accuracySource: 'test' as const, sentences: 52 };
		expect(labelCircuit(base).label).toBe('ideal');
		expect(labelCircuit({ ...base, accuracy: 0.89 }).label).toBe('failed');
		expect(labelCircuit({ ...base, prefixMass: 0.5 }).label).toBe('faulty-attention-corrected-by-V');
		expect(labelCircuit({ ...base, suffixRatio: 0.5, familyRatio: 0.3 }).label).toBe('partial-invariants');
		expect(labelCircuit({ ...base, permutationRatio: 0.5, familyRatio: 0.3 }).label).toBe('partial-invariants');
		expect(labelCircuit({ ...base, suffixRatio: 2, familyRatio: 2 }).label).toBe('fuzzy');
	});

	it('sentences and cluster counting', () => {
		const S = circuitSentences({ p: 2, k: 5, L: 12 });
		expect(S.families).toBe(6);
		expect(S.n).toBe(S.Y.length);
		expect(countClusters(Float64Array.of(0, 0, 0.05, 0, 1, 1, 1, 1.04, 5, 5), 2, 0.1)).toBe(3);
	});
});
