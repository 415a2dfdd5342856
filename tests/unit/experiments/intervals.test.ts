import { describe, expect, it } from 'vitest';
import { fmtInterval, meanInterval, pairedDifference, tCdf, tQuantile, wilson } from '../../../src/lib/experiments/intervals';

describe('confidence intervals', () => {
	it("Student's t quantiles match the tables", () => {
		// Two-sided 95 %: t_{0.975, df}.
		const table: [number, number][] = [[1, 12.7062047], [2, 4.30265273], [9, 2.26215716], [49, 2.00957524], [249, 1.96949]];
		for (const [df, t] of table) expect(tQuantile(0.975, df)).toBeCloseTo(t, 4);
		expect(tCdf(0, 5)).toBeCloseTo(0.5, 12);
		expect(tCdf(-2.015, 5)).toBeCloseTo(0.05, 3);
	});

	it('Wilson intervals stay inside [0, 1] and match the textbook values', () => {
		const a = wilson(21, 50);
		expect(a.est).toBe(0.42);
		expect(a.lo).toBeCloseTo(0.2938, 3);
		expect(a.hi).toBeCloseTo(0.5577, 3);
		const zero = wilson(0, 20);
		expect(zero.lo).toBe(0);
		expect(zero.hi).toBeCloseTo(0.1611, 3);
		const all = wilson(20, 20);
		expect(all.hi).toBe(1);
		expect(all.lo).toBeCloseTo(0.8389, 3);
		expect(Number.isNaN(wilson(0, 0).est)).toBe(true);
	});

	it('mean and paired-difference t intervals', () => {
		const v = [1, 2, 3, 4, 5];
		const m = meanInterval(v);
		// mean 3, sd √2.5, t_{0.975,4} = 2.776445
		expect(m.est).toBe(3);
		expect(m.hi - 3).toBeCloseTo((2.776445 * Math.sqrt(2.5)) / Math.sqrt(5), 4);
		const one = meanInterval([0.5]);
		expect(one.lo).toBe(-Infinity);
		const d = pairedDifference([0.9, 0.5, 0.7], [0.5, 0.5, 0.5]);
		expect(d.est).toBeCloseTo(0.2, 12);
		expect(() => pairedDifference([1], [1, 2])).toThrow(/paired/);
		expect(fmtInterval(wilson(21, 50))).toBe('0.42 [0.29, 0.56]');
	});
});
