/**
 * Mean and standard deviation, the one definition every figure, table and page uses (on d3-array's
 * mean and sum). The deviation is the population's (ddof = 0, numpy's default), two-pass.
 */
import { mean as d3mean, sum } from 'd3-array';

/** The mean of the finite values (NaN when there are none). */
export function mean(values: ArrayLike<number>): number {
	return d3mean(Array.from(values)) ?? NaN;
}

/** Population standard deviation of the finite values: 0 for one value, NaN for none. */
export function std(values: ArrayLike<number>): number {
	const v = Array.from(values).filter(Number.isFinite);
	if (v.length === 0) return NaN;
	if (v.length === 1) return 0;
	const m = mean(v);
	return Math.sqrt(sum(v, (x) => (x - m) ** 2) / v.length);
}
