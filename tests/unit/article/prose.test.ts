import { describe, expect, it } from 'vitest';
import { ratesAgainstSweep, sci } from '../../../src/lib/article/prose';

describe('ratesAgainstSweep: a population read against our sweep', () => {
	const ref = (rate: number, lo: number, hi: number) => ({ rate, lo, hi, n: 20 });
	it('says nothing before any run has finished', () => {
		expect(ratesAgainstSweep([{ label: 'd = 2', learned: 0, runs: 0, ref: ref(0.4, 0.2, 0.6) }], 'our sweep')).toBe('');
	});
	it('counts each value trained so far and skips the others', () => {
		const s = ratesAgainstSweep(
			[
				{ label: 'd = 2', learned: 1, runs: 4, ref: ref(0.4, 0.22, 0.61) },
				{ label: 'd = 8', learned: 0, runs: 0, ref: ref(0.95, 0.76, 0.99) }
			],
			'our sweep'
		);
		expect(s).toContain('d = 2, 1 of 4 learned');
		expect(s).not.toContain('d = 8');
		expect(s).toContain('within sampling error of our sweep');
	});
	it('names a value whose rate is further from the sweep than sampling error allows', () => {
		// 0 of 10 here: Wilson's upper end ≈ 0.28, below the sweep's interval 0.76–0.99.
		const s = ratesAgainstSweep([{ label: 'd = 8', learned: 0, runs: 10, ref: ref(0.95, 0.76, 0.99) }], 'our sweep');
		expect(s).toContain('At d = 8 the rate here (0 of 10)');
		expect(s).not.toContain('within sampling error');
	});
	it('without a reference, only counts', () => {
		expect(ratesAgainstSweep([{ label: 'd = 5', learned: 2, runs: 3 }], 'our sweep')).toBe('In your page: d = 5, 2 of 3 learned.');
	});
});

describe('sci: numbers in prose', () => {
	it('writes small and large numbers with a power of ten', () => {
		expect(sci(0.0207)).toBe('2.1·10⁻²');
		expect(sci(0.003)).toBe('3·10⁻³');
		expect(sci(1e-4)).toBe('10⁻⁴');
		expect(sci(10000)).toBe('10⁴');
		expect(sci(0.5)).toBe('0.5');
		expect(sci(32)).toBe('32');
	});
});
