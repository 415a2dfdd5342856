/** core/metrics.ts: the one NaN placeholder, the divergence error's message, the finiteness check. */
import { describe, expect, it } from 'vitest';
import { allFinite, DivergenceError, nanMetrics } from '../../../src/lib/core/metrics';

describe('epoch metrics', () => {
	it('nanMetrics keeps the epoch and nothing else', () => {
		const m = nanMetrics(7);
		expect(m.epoch).toBe(7);
		for (const k of ['loss', 'acc', 'test_loss', 'test_acc'] as const) expect(m[k]).toBeNaN();
	});

	it('a divergence names its step and what was not finite', () => {
		const e = new DivergenceError(42, 'the loss');
		expect(e).toBeInstanceOf(Error);
		expect(e.name).toBe('DivergenceError');
		expect([e.step, e.what, e.message]).toEqual([42, 'the loss', 'training diverged at step 42: the loss is not finite']);
	});

	it('allFinite: false at the first NaN or ±Infinity, true for an empty array', () => {
		expect(allFinite([])).toBe(true);
		expect(allFinite(new Float32Array([1, -2, 3e38]))).toBe(true);
		for (const bad of [NaN, Infinity, -Infinity]) expect(allFinite([0, 1, bad, 2])).toBe(false);
	});
});
