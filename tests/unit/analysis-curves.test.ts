import { describe, expect, it } from 'vitest';
import { findDrops, findPhases, movingAverage } from '../../src/lib/core/drops';
import { STREAM, normal, streamKey } from '../../src/lib/core/rng';
import { detectSpikes, rollingMedianMad, spikeSummary } from '../../src/lib/core/spikes';

const key = streamKey(42, STREAM.probe);
const noise = (i: number, s: number) => Math.exp(s * normal(key, i));
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** A plateau at ln 2, a drop to 0.25 around e1, a second to 0.01 around e2, multiplicative noise. */
function twoDrops(n: number, e1: number, e2: number, width = 8, s = 0.02): number[] {
	return Array.from({ length: n }, (_, i) => {
		const l1 = Math.log(0.69) + (Math.log(0.25) - Math.log(0.69)) * sigmoid((i - e1) / width);
		const l2 = (Math.log(0.01) - Math.log(0.25)) * sigmoid((i - e2) / width);
		return Math.exp(l1 + l2) * noise(i, s);
	});
}

describe('loss drops', () => {
	it('finds both drops of a synthetic two-phase curve, and the Fig 5 snapshots in order', () => {
		for (const [e1, e2] of [[250, 700], [600, 680], [100, 300]]) {
			const ph = findPhases(twoDrops(1000, e1, e2));
			expect(ph.drops.length).toBe(2);
			expect(Math.abs(ph.drops[0].peak - e1)).toBeLessThan(15);
			expect(Math.abs(ph.drops[1].peak - e2)).toBeLessThan(15);
			const s = ph.snapshots;
			expect(s.before!).toBeLessThan(ph.drops[0].start);
			expect(s.firstDrop!).toBeGreaterThan(e1);
			expect(s.between!).toBeGreaterThan(s.firstDrop!);
			expect(s.between!).toBeLessThan(ph.drops[1].start + 1);
			expect(s.secondDrop!).toBeGreaterThan(e2);
			expect(ph.plateau![1]).toBe(ph.drops[0].start);
		}
	});

	it('a flat noisy curve has no drop; a single drop gives no second snapshot', () => {
		expect(findDrops(Array.from({ length: 500 }, (_, i) => 0.69 * noise(i, 0.05)))).toEqual([]);
		const one = findPhases(Array.from({ length: 500 }, (_, i) => 0.69 - 0.6 * sigmoid((i - 200) / 5)));
		expect(one.drops.length).toBe(1);
		expect(one.snapshots.secondDrop).toBeUndefined();
		expect(one.snapshots.before).toBeLessThan(200);
	});

	it('moving average of a constant is the constant; of a line, the line (inside)', () => {
		const m = movingAverage([3, 3, 3, 3, 3], 3);
		expect(Array.from(m)).toEqual([3, 3, 3, 3, 3]);
		const l = movingAverage([0, 1, 2, 3, 4, 5], 3);
		expect(l[2]).toBeCloseTo(2, 12);
	});
});

describe('loss spikes', () => {
	it('finds inserted spikes at their positions, with their heights, on a decaying noisy curve', () => {
		const n = 3000;
		const where = [400, 1200, 1210, 2500];
		const loss = Array.from({ length: n }, (_, i) => (0.05 + 0.6 * Math.exp(-i / 500)) * noise(i, 0.1));
		for (const w of where) loss[w] *= 6;
		loss[1800] *= 3;
		loss[1801] *= 4; // a two-step spike counts once
		const spikes = detectSpikes(loss);
		expect(spikes.map((s) => s.index)).toEqual([400, 1200, 1210, 1801, 2500]);
		expect(spikes.find((s) => s.index === 1801)!.start).toBe(1800);
		for (const s of spikes.filter((s) => where.includes(s.index))) expect(s.ratio).toBeGreaterThan(4);
		const sum = spikeSummary(spikes);
		expect(sum.count).toBe(5);
		expect(sum.maxRatio).toBeGreaterThan(sum.medianRatio * 0.99);
	});

	it('noise alone and a smooth drop are not spikes', () => {
		const flat = Array.from({ length: 2000 }, (_, i) => 0.3 * noise(i, 0.1));
		expect(detectSpikes(flat)).toEqual([]);
		const drop = Array.from({ length: 1000 }, (_, i) => 0.69 - 0.68 * sigmoid((i - 500) / 3));
		expect(detectSpikes(drop)).toEqual([]);
		expect(spikeSummary([]).count).toBe(0);
	});

	it('rolling median / MAD of a window', () => {
		const { median, mad } = rollingMedianMad([1, 2, 100, 3, 4], 5);
		expect(median[2]).toBe(3);
		expect(mad[2]).toBe(1);
	});
});
