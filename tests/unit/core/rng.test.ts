import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/lib/core/config';
import { makeDataset } from '../../../src/lib/core/data';
import { initParams } from '../../../src/lib/core/params';
import { epochOrder, FeistelPermutation, mix32, normal, streamKey, uniform } from '../../../src/lib/core/rng';

describe('counter-based RNG', () => {
	it('mix32 is a known bijective hash (pinned values guard cross-engine ports)', () => {
		expect(mix32(0)).toBe(0);
		expect(mix32(1)).not.toBe(mix32(2));
		const seen = new Set<number>();
		for (let i = 0; i < 1 << 16; i++) seen.add(mix32(i));
		expect(seen.size).toBe(1 << 16);
	});
	it('uniform is in [0,1) with the right mean and normal has mean 0, var 1', () => {
		const k = streamKey(7, 3);
		let s = 0, s2 = 0, m = 0, m2 = 0;
		const N = 20000;
		for (let i = 0; i < N; i++) {
			const u = uniform(k, i);
			expect(u).toBeGreaterThanOrEqual(0);
			expect(u).toBeLessThan(1);
			s += u; s2 += u * u;
			const z = normal(k, i);
			m += z; m2 += z * z;
		}
		expect(s / N).toBeCloseTo(0.5, 2);
		expect(m / N).toBeCloseTo(0, 1);
		expect(m2 / N).toBeCloseTo(1, 1);
	});
	it('epoch orders are permutations, differ across epochs and seeds, and are reproducible', () => {
		for (const n of [1, 2, 3, 31, 2048, 1000]) {
			const o = epochOrder(n, 0, 0);
			expect([...o].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
		}
		expect([...epochOrder(2048, 0, 0)]).not.toEqual([...epochOrder(2048, 0, 1)]);
		expect([...epochOrder(2048, 0, 0)]).not.toEqual([...epochOrder(2048, 1, 0)]);
		expect([...epochOrder(2048, 5, 9)]).toEqual([...epochOrder(2048, 5, 9)]);
		const p = new FeistelPermutation(100, 123);
		expect(p.at(5)).toBe(new FeistelPermutation(100, 123).at(5));
	});
	it('a shuffle moves every position about uniformly', () => {
		const n = 64;
		const counts = new Float64Array(n);
		for (let e = 0; e < 2000; e++) counts[epochOrder(n, 3, e)[0]]++;
		const mean = 2000 / n;
		for (const c of counts) expect(Math.abs(c - mean)).toBeLessThan(6 * Math.sqrt(mean));
	});
	it('data and initialisation depend only on (config, seed)', () => {
		const c = parseConfig({ n: 64 });
		expect(makeDataset(c, 1).train.X).toEqual(makeDataset(c, 1).train.X);
		expect(makeDataset(c, 1).train.X).not.toEqual(makeDataset(c, 2).train.X);
		const d = makeDataset(c, 1);
		for (let r = 0; r < d.train.n; r++) {
			let s = 0;
			for (let t = 0; t < c.k; t++) s += d.train.X[r * c.L + t];
			expect(d.train.Y[r]).toBe(s % c.p);
		}
		expect(initParams(c)).toEqual(initParams(c));
	});
	it('a hidden unit draws the same numbers whatever h is', () => {
		const a = initParams(parseConfig({ h: 8 }));
		const b = initParams(parseConfig({ h: 16 }));
		// W1 rows of the first 8 units agree; W2 columns agree up to the 1/sqrt(h) scale.
		const la = 3 * 2 + 12 * 2 + 2 + 4; // E P q V
		for (let i = 0; i < 16; i++) expect(b[la + i]).toBeCloseTo(a[la + i], 12);
	});
});
