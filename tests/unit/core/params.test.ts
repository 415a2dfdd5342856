/**
 * core/params.ts: the flat layout every engine shares, views into it, the fixtures' nested lists,
 * and the initialisation's promises: each tensor's distribution and bounds, a larger h adds units
 * without changing the others, and a seed is a seed.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/lib/core/config';
import { flatten, initParams, layout, MLP_PARAMS, PARAM_NAMES, view } from '../../../src/lib/core/params';

describe('parameter layout', () => {
	it('tensors follow each other in the documented order, with their shapes', () => {
		const c = parseConfig({ nb_emb: 3, L: 12, d: 2, h: 5 });
		const lay = layout(c);
		const sizes = { E: 6, P: 24, q: 2, V: 4, W1: 10, b1: 5, W2: 10, b2: 2 };
		let offset = 0;
		for (const name of PARAM_NAMES) {
			expect(lay[name].offset, name).toBe(offset);
			expect(lay[name].size, name).toBe(sizes[name]);
			offset += sizes[name];
		}
		expect(lay.total).toBe(offset);
		expect(lay.W2.shape).toEqual([2, 5]);
		expect(MLP_PARAMS).toEqual(['W1', 'b1', 'W2', 'b2']);
	});

	it('view is a window onto the flat array, not a copy', () => {
		const c = parseConfig({});
		const lay = layout(c);
		const w = new Float64Array(lay.total);
		view(w, lay, 'q')[1] = 7;
		expect(w[lay.q.offset + 1]).toBe(7);
		expect(view(w, lay, 'b2')).toHaveLength(lay.b2.size);
	});

	it('flatten reads nested lists in layout order and names a tensor of the wrong size', () => {
		const c = { nb_emb: 2, L: 2, d: 2, h: 1 };
		const named = { E: [[1, 2], [3, 4]], P: [[5, 6], [7, 8]], q: [9, 10], V: [[11, 12], [13, 14]], W1: [[15, 16]], b1: [17], W2: [[18], [19]], b2: [20, 21] };
		expect(Array.from(flatten(named, c))).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
		expect(() => flatten({ ...named, V: [1, 2, 3] }, c)).toThrow('parameter V: expected 4 numbers (shape 2×2), got 3');
		expect(() => flatten({ ...named, b1: undefined }, c)).toThrow('parameter b1: expected 1 numbers (shape 1), got none');
	});
});

describe('initialisation', () => {
	const c = parseConfig({ h: 64, d: 4, nb_emb: 8, seed: 5 });
	const lay = layout(c);
	const w = initParams(c);

	it('E, P ~ N(0, 1); q, V, W1, b1 within 1/√d; W2, b2 within 1/√h', () => {
		const E = [...view(w, lay, 'E'), ...view(w, lay, 'P')];
		const mean = E.reduce((a, b) => a + b, 0) / E.length;
		const sd = Math.sqrt(E.reduce((a, b) => a + (b - mean) ** 2, 0) / E.length);
		expect(Math.abs(mean)).toBeLessThan(0.25);
		expect(sd).toBeGreaterThan(0.75);
		expect(sd).toBeLessThan(1.25);
		for (const [names, bound] of [[['q', 'V', 'W1', 'b1'], 1 / 2], [['W2', 'b2'], 1 / 8]] as const)
			for (const n of names) {
				const v = Array.from(view(w, lay, n));
				expect(Math.max(...v.map(Math.abs)), n).toBeLessThanOrEqual(bound);
				expect(Math.max(...v.map(Math.abs)), n).toBeGreaterThan(bound / 2); // spread over the range, not stuck near 0
			}
	});

	it('the same seed gives the same weights, another seed others; init_scale scales them all', () => {
		expect(initParams(c)).toEqual(w);
		expect(initParams(c, 6)).not.toEqual(w);
		const half = initParams({ ...c, init_scale: 0.5 });
		half.forEach((x, i) => expect(x).toBe(0.5 * w[i]));
	});

	it('more hidden units keep the first ones: W1 rows and b1 equal, W2 columns equal up to the 1/√h scale', () => {
		const small = parseConfig({ ...c, h: 16 });
		const ls = layout(small);
		const ws = initParams(small);
		expect(Array.from(view(ws, ls, 'W1'))).toEqual(Array.from(view(w, lay, 'W1').subarray(0, 16 * c.d)));
		expect(Array.from(view(ws, ls, 'b1'))).toEqual(Array.from(view(w, lay, 'b1').subarray(0, 16)));
		const W2s = view(ws, ls, 'W2');
		const W2 = view(w, lay, 'W2');
		for (let r = 0; r < c.d; r++) for (let u = 0; u < 16; u++) expect(W2s[r * 16 + u] * 4).toBeCloseTo(W2[r * 64 + u] * 8, 15); // the same draw, × 1/√16 vs × 1/√64
		expect(Array.from(view(ws, ls, 'E'))).toEqual(Array.from(view(w, lay, 'E')));
	});
});
