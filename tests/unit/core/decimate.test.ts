import { describe, expect, it } from 'vitest';
import { decimate, decimatedCount, keepSnapshot } from '../../../src/lib/core/decimate';

describe('snapshot decimation', () => {
	it('keeps the recent past in full, the first and the newest, and bounds a 1000-epoch run', () => {
		for (let i = 1000 - 63; i <= 1000; i++) expect(keepSnapshot(i, 1000)).toBe(true);
		expect(keepSnapshot(0, 1000)).toBe(true);
		expect(keepSnapshot(1, 1000)).toBe(false);
		const n = decimatedCount(1000);
		expect(n).toBeLessThan(250);
		expect(n).toBeGreaterThan(64);
		expect(decimatedCount(100_000)).toBeLessThan(500);
		expect(decimatedCount(10, { recent: 64 })).toBe(11);
	});

	it('pruning as the run goes equals pruning at the end (monotone rule)', () => {
		let kept: number[] = [];
		for (let now = 0; now <= 700; now++) kept = decimate([...kept, now], now, (i) => i, { recent: 16 });
		const once = decimate(Array.from({ length: 701 }, (_, i) => i), 700, (i) => i, { recent: 16 });
		expect(kept).toEqual(once);
		// Ages double: gaps between survivors never shrink going back in time.
		const gaps = once.slice(1).map((x, i) => x - once[i]).reverse();
		for (let i = 1; i < gaps.length - 1; i++) expect(gaps[i]).toBeGreaterThanOrEqual(gaps[i - 1]);
	});
});
