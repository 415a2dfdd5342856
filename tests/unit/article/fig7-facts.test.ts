/** fig7-facts.ts: what §4 and §6 quote from our Fig 7 sweep is derived correctly from its summary. */
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../../src/lib/core/config';
import { defaultCircuits, FIG7, learnedIn } from '../../../src/lib/article/fig7-facts';
import { REFERENCES, referenceAxis } from '../../../src/lib/article/reference';

const lr = referenceAxis(REFERENCES.fig7, 'train', 'lr');
const discount = referenceAxis(REFERENCES.fig7, 'train', 'mlp_lr_discount');

describe('FIG7: the sweep as the prose quotes it', () => {
	it('the defaults row is the default config, 100 seeds', () => {
		expect(FIG7.defaults.point).toEqual({ batch: DEFAULTS.batch });
		expect(FIG7.defaults.n).toBe(100);
		expect(learnedIn(FIG7.defaults)).toBe(Math.round(FIG7.defaults.success * 100));
	});
	it('the dead end of large learning rates: no run learns from there up, one does just below', () => {
		const from = FIG7.lr.dead.from;
		const above = lr.filter((r) => Number(r.point.lr) >= from);
		expect(above.length).toBeGreaterThan(0);
		expect(above.every((r) => learnedIn(r) === 0)).toBe(true);
		expect(FIG7.lr.dead.runs).toBe(above.reduce((a, r) => a + r.n, 0));
		const below = lr.filter((r) => Number(r.point.lr) < from).at(-1)!;
		expect(learnedIn(below)).toBeGreaterThan(0);
		// "a guess": the best of those runs is near chance for p = 2.
		expect(FIG7.lr.dead.bestAcc).toBeLessThan(0.6);
	});
	it('the dead end of small discounts, and the best discount, batch and width', () => {
		const dead = discount.filter((r) => Number(r.point.mlp_lr_discount) <= FIG7.discount.dead.to);
		expect(dead.every((r) => learnedIn(r) === 0)).toBe(true);
		expect(FIG7.discount.dead.runs).toBe(dead.reduce((a, r) => a + r.n, 0));
		expect(Math.max(...discount.map((r) => r.success))).toBe(FIG7.discount.best.success);
		expect(FIG7.hidden.best.success).toBeGreaterThanOrEqual(FIG7.hidden.largest.success);
	});
	it('the peak of the mean over lr sits next to the default', () => {
		expect(Math.abs(Math.log10(FIG7.lr.peak.lr / DEFAULTS.lr))).toBeLessThan(0.25);
		expect(FIG7.lr.peak.mean).toBe(Math.max(...lr.map((r) => r.mean)));
	});
	it('the circuit classes of the default runs add up to its runs, most common first', () => {
		const s = defaultCircuits({});
		const counts = s.split(', ').map((x) => Number(x.split(' ')[0]));
		expect(counts.reduce((a, b) => a + b, 0)).toBe(FIG7.defaults.n);
		expect([...counts].sort((a, b) => b - a)).toEqual(counts);
	});
});
