/** core/data.ts: the task's labels, the train and test draws of a seed, and splits from explicit rows. */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/lib/core/config';
import { label, makeDataset, splitFromRows } from '../../../src/lib/core/data';

describe('sparse modular addition data', () => {
	it('the label is the sum of the first k tokens mod p, the rest ignored', () => {
		expect(label([1, 1, 1, 0, 0, 1, 1], 5, 2)).toBe(1);
		expect(label([2, 2, 1, 0, 0, 2, 2], 5, 3)).toBe(2);
		expect(label([9, 9, 1, 2, 3], 3, 5, 2)).toBe(1); // from offset 2: 1 + 2 + 3 = 6
	});

	it('train and test: n rows each of tokens below p, labelled, and the same for the same seed', () => {
		const c = parseConfig({ p: 3, nb_emb: 3, n: 200 });
		const ds = makeDataset(c, 4);
		for (const s of [ds.train, ds.test]) {
			expect(s.n).toBe(200);
			expect(s.X).toHaveLength(200 * c.L);
			for (let r = 0; r < s.n; r++) expect(s.Y[r]).toBe(label(s.X, c.k, c.p, r * c.L));
			expect(Math.max(...s.X)).toBe(2);
			expect(Math.min(...s.X)).toBe(0);
		}
		expect(makeDataset(c, 4)).toEqual(ds);
		expect(makeDataset(c, 5).train.X).not.toEqual(ds.train.X);
		// Every class occurs: p = 3, 200 rows.
		expect(new Set(ds.train.Y).size).toBe(3);
	});

	it('the test set is the rows after the training set: a larger n keeps the first rows', () => {
		const small = makeDataset(parseConfig({ n: 50 }), 2);
		const large = makeDataset(parseConfig({ n: 100 }), 2);
		const L = small.L;
		expect(large.train.X.subarray(0, 50 * L)).toEqual(small.train.X);
		// The small test set (rows 50..99) is the large training set's second half.
		expect(large.train.X.subarray(50 * L)).toEqual(small.test.X);
	});

	it('splitFromRows lays the rows out row-major and recomputes their labels', () => {
		const s = splitFromRows([[1, 0, 1, 1], [0, 0, 1, 0]], 3, 2);
		expect(s.n).toBe(2);
		expect(Array.from(s.X)).toEqual([1, 0, 1, 1, 0, 0, 1, 0]);
		expect(Array.from(s.Y)).toEqual([0, 1]);
		expect(splitFromRows([], 3, 2)).toEqual({ X: new Int32Array(0), Y: new Int32Array(0), n: 0 });
	});
});
