import { describe, expect, it } from 'vitest';
import { ratesAgainstSweep, runSentence } from '../../../src/lib/article/prose';
import { DEFAULTS, parseConfig } from '../../../src/lib/core/config';

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

describe('runSentence: where a run stands', () => {
	const c = parseConfig({ ...DEFAULTS, epochs: 10 });
	const m = (epoch: number, loss: number, test_acc: number) => ({ epoch, loss, acc: test_acc, test_loss: loss, test_acc });
	it('calls a run at chance after all its epochs "stalled at chance", with how common that is', () => {
		const s = runSentence(c, Array.from({ length: 10 }, (_, i) => m(i + 1, Math.log(2), 0.5)));
		expect(s).toMatch(/^Stalled at chance/);
	});
	it('names the epoch a run learned at', () => {
		const s = runSentence(c, [m(1, 0.69, 0.5), m(2, 0.3, 0.8), m(3, 0.05, 0.95), ...Array.from({ length: 7 }, (_, i) => m(i + 4, 0.01, 1))]);
		expect(s).toContain('Learned');
		expect(s).toContain('epoch 3');
	});
});
