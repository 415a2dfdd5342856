import { describe, expect, it } from 'vitest';
import { CIRCUIT_THRESHOLDS, circuitSentences, classifyCircuit, countClusters, labelCircuit } from '../../../src/lib/core/circuits';
import { parseConfig } from '../../../src/lib/core/config';
import { makeDataset } from '../../../src/lib/core/data';
import { FAULTY_ATTENTION_CORRECTED_BY_V, idealCircuit, LEAKY_ATTENTION_UNCORRECTED } from '../../../src/lib/core/ideal';
import { Model } from '../../../src/lib/core/model';
import { initParams } from '../../../src/lib/core/params';

const testAcc = (c: { config: ReturnType<typeof parseConfig>; params: Float64Array }, seed = 1) =>
	new Model(c.config).evaluate(c.params, makeDataset({ ...c.config, n: 2048 }, seed).test).acc;

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
