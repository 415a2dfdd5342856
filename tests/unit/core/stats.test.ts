/** core/stats.ts: the one mean and standard deviation (population, ddof = 0, as numpy's default). */
import { describe, expect, it } from 'vitest';
import { mean, std } from '../../../src/lib/core/stats';
import { stats } from '../../../src/lib/experiments/aggregate';

describe('mean and standard deviation', () => {
	it('population deviation, NaN values left out, edge cases named', () => {
		expect(mean([1, 2, 3, 6])).toBe(3);
		expect(std([1, 2, 3, 6])).toBeCloseTo(Math.sqrt(3.5), 12); // ((4 + 1 + 0 + 9) / 4)
		expect(std([2, 4])).toBe(1); // not the sample deviation √2
		expect(mean([1, NaN, 3])).toBe(2);
		expect(std([5])).toBe(0);
		expect(Number.isNaN(mean([]))).toBe(true);
		expect(Number.isNaN(std([]))).toBe(true);
	});

	it('is what the sweep tables report', () => {
		const rec = (test_acc: number) => ({ final: { epoch: 1, loss: 0, acc: 0, test_loss: 0, test_acc } }) as Parameters<typeof stats>[0][number];
		const s = stats([rec(0.5), rec(1), rec(1), rec(0.5)]);
		expect(s.mean).toBe(0.75);
		expect(s.std).toBe(0.25);
	});
});
