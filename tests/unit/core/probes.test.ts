import { describe, expect, it } from 'vitest';
import { label } from '../../../src/lib/core/data';
import { binomial, countsOf, idealClusterCount, makeProbes, multisets, PAPER_PROBES, positionMarker, probeStyle } from '../../../src/lib/core/probes';

describe('probe sentences', () => {
	for (const p of [2, 3]) {
		it(`p = ${p}: exactly SPEC.md's prefix × suffix lists`, () => {
			const s = makeProbes({ p, k: 5, L: 12 });
			expect(s.source).toBe('paper');
			const want = PAPER_PROBES[p].prefixes.flatMap((a) => PAPER_PROBES[p].suffixes.map((b) => a + b));
			expect(s.probes.map((q) => q.tokens.join(''))).toEqual(want);
			expect(s.n).toBe(want.length);
			for (const q of s.probes) {
				expect(Array.from(s.X.subarray(q.index * 12, q.index * 12 + 12))).toEqual(q.tokens);
				expect(q.label).toBe(label(q.tokens, 5, p));
				expect(s.Y[q.index]).toBe(q.label);
				expect(s.families[q.family].counts).toEqual(countsOf(q.tokens, p, 0, 5));
			}
		});
	}

	it('p = 2: ten prefixes in six families, two arrangements for each mixed family', () => {
		const s = makeProbes({ p: 2, k: 5, L: 12 });
		expect(s.families.length).toBe(6);
		expect(s.families.map((f) => f.counts)).toEqual(multisets(5, 2));
		const shades = s.prefixes.map((_, i) => s.probes[i * s.suffixes.length].shade);
		expect(shades).toEqual([0, 0, 0, 1, 0, 1, 0, 1, 0, 1]);
	});

	it('multisets: C(k+p−1, k) of them, distinct, summing to k', () => {
		for (const [k, p] of [[5, 2], [5, 3], [4, 5], [3, 10]]) {
			const all = multisets(k, p);
			expect(all.length).toBe(binomial(k + p - 1, k));
			expect(all.length).toBe(idealClusterCount(p, k));
			expect(new Set(all.map((c) => c.join())).size).toBe(all.length);
			for (const c of all) expect(c.reduce((a, b) => a + b)).toBe(k);
		}
	});

	it('derived sets (p = 5, p = 10, other k and L) cover every class, are deterministic and well formed', () => {
		for (const c of [{ p: 5, k: 5, L: 12 }, { p: 10, k: 5, L: 12 }, { p: 2, k: 3, L: 8 }, { p: 3, k: 4, L: 4 }]) {
			const s = makeProbes(c);
			expect(s.source).toBe('derived');
			expect(makeProbes(c).probes.map((q) => q.text)).toEqual(s.probes.map((q) => q.text));
			expect(new Set(s.probes.map((q) => q.label)).size).toBe(c.p);
			expect(s.families.length).toBeLessThanOrEqual(12);
			for (const q of s.probes) {
				expect(q.tokens.length).toBe(c.L);
				expect(q.tokens.every((x) => x >= 0 && x < c.p)).toBe(true);
				expect(q.label).toBe(label(q.tokens, c.k, c.p));
			}
			if (c.L > c.k) {
				expect(s.suffixes[0].every((x) => x === 0)).toBe(true);
				expect(s.suffixes[1].every((x) => x === c.p - 1)).toBe(true);
			} else expect(s.suffixes).toEqual([[]]);
		}
	});

	it('styles are indices: colour by family, shade by arrangement, marker by class', () => {
		const s = makeProbes({ p: 3, k: 5, L: 12 });
		for (const q of s.probes) {
			const st = probeStyle(q);
			expect(Number.isInteger(st.color) && st.color >= 0 && st.color < 8).toBe(true);
			expect(st.marker).toBe(['circle', 'square', 'triangle'][q.label]);
		}
		expect(positionMarker(4, 5)).toBe('circle');
		expect(positionMarker(5, 5)).toBe('square');
	});
});
