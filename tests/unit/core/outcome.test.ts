import { describe, expect, it } from 'vitest';
import { atChance, epochLearned, outcome, SUCCESS_ACC } from '../../../src/lib/core/outcome';
import type { EpochMetrics } from '../../../src/lib/core/metrics';

const m = (epoch: number, loss: number, test_acc: number): EpochMetrics => ({ epoch, loss, acc: test_acc, test_loss: loss, test_acc });

describe('outcome', () => {
	it('names a run at loss ln p and accuracy 1/p as at chance, and one that learned as not', () => {
		expect(atChance(m(10, Math.log(2), 0.5), 2)).toBe(true);
		expect(atChance(m(10, Math.log(3) * 1.02, 0.36), 3)).toBe(true);
		expect(atChance(m(10, 0.3, 0.8), 2)).toBe(false);
		expect(atChance(m(10, Math.log(2), 0.7), 2)).toBe(false);
	});
	it('distinguishes stalled (finished) from plateau (still training)', () => {
		const flat = [m(1, 0.7, 0.5), m(2, 0.69, 0.51)];
		expect(outcome(flat, { p: 2, epochs: 2 }).kind).toBe('stalled');
		expect(outcome(flat, { p: 2, epochs: 2 }).text).toMatch(/^stalled at chance/);
		expect(outcome(flat, { p: 2, epochs: 100 }).kind).toBe('plateau');
	});
	it('learned above the threshold, partial below it, diverged on non-finite loss', () => {
		expect(outcome([m(5, 0.01, SUCCESS_ACC + 0.01)], { p: 2, epochs: 10 }).kind).toBe('learned');
		expect(outcome([m(10, 0.4, 0.8)], { p: 2, epochs: 10 }).kind).toBe('partial');
		expect(outcome([m(5, 0.4, 0.8)], { p: 2, epochs: 10 }).kind).toBe('learning');
		expect(outcome([m(5, NaN, 0.5)], { p: 2, epochs: 10 }).kind).toBe('diverged');
		expect(outcome([], { p: 2, epochs: 10 }).kind).toBe('untrained');
		expect(outcome([m(1, 0.7, 0.5)], { p: 2, epochs: 10, diverged: true }).kind).toBe('diverged');
	});
	it('finds the first epoch above the threshold', () => {
		expect(epochLearned([m(1, 0.7, 0.5), m(2, 0.1, 0.95), m(3, 0.05, 0.99)])).toBe(2);
		expect(epochLearned([m(1, 0.7, 0.5)])).toBeUndefined();
	});
});
