/**
 * The drop finder marks the drops a reader sees on the article's log loss axis (clipped at
 * LOSS_FLOOR): on curves whose drops are known — built ones, and a trained run whose curve we read —
 * and not the tail of a solved run, the fall back after a spike, or losses of exactly 0.
 */
import { describe, expect, it } from 'vitest';
import { findDrops, findPhases, LOSS_FLOOR, movingAverage } from '../../../src/lib/core/drops';
import { parseConfig, stepsPerEpoch } from '../../../src/lib/core/config';
import { createEngine } from '../../../src/lib/engines/index';
import { STREAM, normal, streamKey } from '../../../src/lib/core/rng';

const key = streamKey(7, STREAM.probe);
const noise = (i: number, s: number) => Math.exp(s * normal(key, i));
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** ln 2 until e1, a fall to `mid` around e1, a second fall to `end` around e2 (log-linear steps), noise. */
function steps(n: number, e1: number, e2: number, mid = 0.25, end = 1e-6, width = 5, s = 0.02): number[] {
	return Array.from({ length: n }, (_, i) => {
		const a = (Math.log(mid) - Math.log(0.69)) * sigmoid((i - e1) / width);
		const b = (Math.log(end) - Math.log(mid)) * sigmoid((i - e2) / width);
		return Math.exp(Math.log(0.69) + a + b) * noise(i, s);
	});
}
const inside = (d: { start: number; end: number }, e: number, slack = 10) => d.start - slack <= e && e <= d.end + slack;

describe('drops a reader sees', () => {
	it('finds the two drops of a two-phase curve whose tail sinks far below the floor', () => {
		const loss = steps(1000, 210, 640);
		const ph = findPhases(loss);
		expect(ph.drops).toHaveLength(2);
		expect(inside(ph.drops[0], 210)).toBe(true);
		expect(inside(ph.drops[1], 640)).toBe(true);
		// The fall continues to 1e-6 in the data; the reader's axis stops at the floor, so does the drop.
		expect(ph.drops[1].to).toBeGreaterThanOrEqual(LOSS_FLOOR * 0.99);
	});

	it('the tail of a solved run (noise between 1e-4 and exactly 0) is no drop', () => {
		const loss = steps(1000, 100, 200);
		for (let i = 400; i < 1000; i++) loss[i] = i % 7 === 0 ? 0 : 1e-4 * noise(i, 2);
		const drops = findDrops(loss);
		expect(drops.every((d) => d.end < 400)).toBe(true);
	});

	it('a spike and the fall back from it are no drop, and do not hide the real ones', () => {
		const loss = steps(1000, 300, 600, 0.25, 0.01);
		for (let i = 800; i < 806; i++) loss[i] = 0.6; // up from 0.01 and back: a spike
		const ph = findPhases(loss);
		expect(ph.drops).toHaveLength(2);
		expect(inside(ph.drops[0], 300)).toBe(true);
		expect(inside(ph.drops[1], 600)).toBe(true);
		expect(findDrops(loss).some((d) => d.start >= 790)).toBe(false);
	});

	it('a flat plateau has no drop; a single drop has no second snapshot', () => {
		expect(findDrops(Array.from({ length: 800 }, (_, i) => 0.69 * noise(i, 0.05)))).toEqual([]);
		const one = findPhases(Array.from({ length: 800 }, (_, i) => 0.69 - 0.6 * sigmoid((i - 500) / 5)));
		expect(one.drops).toHaveLength(1);
		expect(inside(one.drops[0], 500)).toBe(true);
		expect(one.snapshots.secondDrop).toBeUndefined();
	});

	it('a trained run with known drops: seed 3 at the defaults falls at epochs 15–25 and 200–250', async () => {
		// Its loss, read off the run: 0.69 at epoch 15, 0.31 at 25 (the first drop); 0.12 at 200, 2e-4 at 250 (the second).
		const cfg = parseConfig({ seed: 3, epochs: 400 });
		const e = await createEngine('wasm');
		await e.init(cfg);
		const { epochs } = await e.step(cfg.epochs * stepsPerEpoch(cfg));
		e.dispose();
		const loss = epochs.map((m) => m.loss);
		expect(loss[14]).toBeGreaterThan(0.6);
		expect(loss[24]).toBeLessThan(0.4);
		expect(loss[199]).toBeGreaterThan(0.05);
		expect(loss[249]).toBeLessThan(0.01);
		const ph = findPhases(loss);
		expect(ph.drops).toHaveLength(2);
		expect(inside(ph.drops[0], 20, 5)).toBe(true);
		expect(inside(ph.drops[1], 225, 25)).toBe(true);
	}, 60_000);
});

describe('loss drops', () => {
	// Its own noise (seed 42), as these cases were written with.
	const noise = (i: number, s: number) => Math.exp(s * normal(streamKey(42, STREAM.probe), i));
	/** A plateau at ln 2, a drop to 0.25 around e1, a second to 0.01 around e2, multiplicative noise. */
	function twoDrops(n: number, e1: number, e2: number, width = 8, s = 0.02): number[] {
		return Array.from({ length: n }, (_, i) => {
			const l1 = Math.log(0.69) + (Math.log(0.25) - Math.log(0.69)) * sigmoid((i - e1) / width);
			const l2 = (Math.log(0.01) - Math.log(0.25)) * sigmoid((i - e2) / width);
			return Math.exp(l1 + l2) * noise(i, s);
		});
	}

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
