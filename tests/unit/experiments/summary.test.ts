/** experiments/summary.ts: what a results record keeps of a run — its decimated curve, spikes, sparsity, circuit class. */
import { describe, expect, it } from 'vitest';
import { classifyCircuit } from '../../../src/lib/core/circuits';
import { parseConfig } from '../../../src/lib/core/config';
import { makeDataset } from '../../../src/lib/core/data';
import { nanMetrics } from '../../../src/lib/core/metrics';
import { initParams } from '../../../src/lib/core/params';
import { activationSparsity, SPARSITY_EPS } from '../../../src/lib/core/sparsity';
import { circuitClass, countSpikes, decimateCurve, round, sparsityOf } from '../../../src/lib/experiments/summary';

describe('run summaries', () => {
	it('the curve keeps every k-th epoch and the last one, rounded to 5 digits', () => {
		const epochs = Array.from({ length: 23 }, (_, i) => ({ epoch: i + 1, loss: 1 / (i + 1), acc: 0, test_loss: 0, test_acc: 0.123456789 }));
		const c = decimateCurve(epochs, 10);
		expect(c.every).toBe(10);
		expect(c.epoch).toEqual([10, 20, 23]);
		expect(c.loss).toEqual([0.1, 0.05, 0.043478]);
		expect(c.test_acc).toEqual([0.12346, 0.12346, 0.12346]);
		expect(decimateCurve([nanMetrics(1)], 5).loss).toEqual([NaN]);
	});

	it('round keeps the significant digits asked for and leaves non-finite values alone', () => {
		expect(round(123456, 3)).toBe(123000);
		expect(round(0.000123456, 2)).toBe(0.00012);
		expect(round(-Infinity, 3)).toBe(-Infinity);
	});

	it('spikes: a jump in an otherwise falling loss counts once; non-finite epochs are skipped; too short a curve has none', () => {
		const loss = Array.from({ length: 100 }, (_, i) => 0.5 * (1 + 0.02 * Math.sin(i)));
		expect(countSpikes(loss)).toBe(0);
		loss[40] = 5;
		loss[10] = NaN;
		expect(countSpikes(loss)).toBe(1);
		expect(countSpikes([1, NaN, 50])).toBe(0);
	});

	it('sparsity and circuit class are core’s, on the run’s own test set; a class that cannot be computed is absent', () => {
		const c = parseConfig({ n: 64, h: 8, seed: 6 });
		const w = initParams(c);
		const want = activationSparsity(c, w, makeDataset(c, c.seed).test, SPARSITY_EPS);
		const got = sparsityOf(c, w);
		expect(got.eps).toHaveLength(SPARSITY_EPS.length);
		got.frac.forEach((f, i) => expect(f).toBeCloseTo(want.frac[i], 4));
		expect(circuitClass(c, w, 0.5)).toBe(classifyCircuit(c, w, { testAcc: 0.5 }).label);
		expect(circuitClass(c, null as unknown as number[], 0.5)).toBeUndefined(); // the classifier threw
	});
});
