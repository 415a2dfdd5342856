import { describe, expect, it } from 'vitest';
import { normal, STREAM, streamKey } from '../../../src/lib/core/rng';
import { detectSpikes, rollingMedianMad, spikeSummary } from '../../../src/lib/core/spikes';

const key = streamKey(42, STREAM.probe);

const noise = (i: number, s: number) => Math.exp(s * normal(key, i));

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

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
