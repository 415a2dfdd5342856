/**
 * Sparse modular addition data: x ∈ {0..p−1}^L uniformly, label (x_1 + … + x_k) mod p.
 * The training set is rows 0..n−1 of the seed's data stream and the test set rows n..2n−1:
 * a second draw from the same generator, after the training set.
 */
import type { Config } from './config';
import { STREAM, below, streamKey } from './rng';

export interface Split {
	/** n × L tokens, row-major. */
	X: Int32Array;
	/** n labels. */
	Y: Int32Array;
	n: number;
}
export interface Dataset {
	train: Split;
	test: Split;
	L: number;
	p: number;
}

export function label(x: ArrayLike<number>, k: number, p: number, offset = 0): number {
	let s = 0;
	for (let t = 0; t < k; t++) s += x[offset + t];
	return s % p;
}

function draw(c: Pick<Config, 'p' | 'L' | 'k'>, key: number, firstRow: number, n: number): Split {
	const X = new Int32Array(n * c.L);
	const Y = new Int32Array(n);
	for (let r = 0; r < n; r++) {
		for (let t = 0; t < c.L; t++) X[r * c.L + t] = below(key, (firstRow + r) * c.L + t, c.p);
		Y[r] = label(X, c.k, c.p, r * c.L);
	}
	return { X, Y, n };
}

export function makeDataset(c: Pick<Config, 'p' | 'L' | 'k' | 'n'>, seed: number): Dataset {
	const key = streamKey(seed, STREAM.data);
	return { train: draw(c, key, 0, c.n), test: draw(c, key, c.n, c.n), L: c.L, p: c.p };
}

/** A split from explicit rows (fixtures, imported data); labels are recomputed from k and p. */
export function splitFromRows(rows: number[][], k: number, p: number): Split {
	const n = rows.length;
	const L = rows[0]?.length ?? 0;
	const X = new Int32Array(n * L);
	const Y = new Int32Array(n);
	rows.forEach((row, r) => {
		X.set(row, r * L);
		Y[r] = label(row, k, p);
	});
	return { X, Y, n };
}
