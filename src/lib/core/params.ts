/**
 * Parameters live in one flat array, tensor after tensor, each row-major, in this order:
 * E (nb_emb×d), P (L×d), q (d), V (d×d), W1 (h×d), b1 (h), W2 (d×h), b2 (d).
 * Every engine uses the same layout, so a snapshot is one array plus this table.
 */
import type { Config } from './config';
import { STREAM, normal, streamKey, uniform } from './rng';

export const PARAM_NAMES = ['E', 'P', 'q', 'V', 'W1', 'b1', 'W2', 'b2'] as const;
export type ParamName = (typeof PARAM_NAMES)[number];
/** The MLP trains at lr / mlp_lr_discount. */
export const MLP_PARAMS: readonly ParamName[] = ['W1', 'b1', 'W2', 'b2'];

export interface Slot {
	offset: number;
	size: number;
	shape: number[];
}
export type Layout = Record<ParamName, Slot> & { total: number };

type Shape = Pick<Config, 'nb_emb' | 'L' | 'd' | 'h'>;

export function shapes(c: Shape): Record<ParamName, number[]> {
	return { E: [c.nb_emb, c.d], P: [c.L, c.d], q: [c.d], V: [c.d, c.d], W1: [c.h, c.d], b1: [c.h], W2: [c.d, c.h], b2: [c.d] };
}

export function layout(c: Shape): Layout {
	const s = shapes(c);
	let offset = 0;
	const out = {} as Layout;
	for (const name of PARAM_NAMES) {
		const size = s[name].reduce((a, b) => a * b, 1);
		out[name] = { offset, size, shape: s[name] };
		offset += size;
	}
	out.total = offset;
	return out;
}

/** A view of one tensor inside the flat array (no copy). */
export function view<T extends Float32Array | Float64Array>(flat: T, lay: Layout, name: ParamName): T {
	const { offset, size } = lay[name];
	return flat.subarray(offset, offset + size) as T;
}

/**
 * PyTorch's default initialisation, drawn from our counter-based streams:
 * E, P ~ N(0, 1); q, V, W1, b1 ~ U(−1/√d, 1/√d); W2, b2 ~ U(−1/√h, 1/√h).
 * Entry (i, j) of a tensor uses counter i·cols + j of its own stream, so a larger vocabulary or
 * more positions add entries without changing the others. The MLP draws per hidden unit (W1 row,
 * b1 entry and W2 column of unit u use counters that depend on u, not on h) and W2/b2 are then
 * scaled by 1/√h: a sweep over h changes how many units there are, not who they are.
 */
export function initParams(c: Config, seed = c.seed): Float64Array {
	const lay = layout(c);
	const out = new Float64Array(lay.total);
	const { d, h } = c;
	const s = c.init_scale;
	const fill = (name: ParamName, f: (key: number, i: number) => number) => {
		const key = streamKey(seed, STREAM[name]);
		const v = view(out, lay, name);
		for (let i = 0; i < v.length; i++) v[i] = s * f(key, i);
	};
	const bd = 1 / Math.sqrt(d);
	const bh = 1 / Math.sqrt(h);
	const sym = (key: number, i: number) => 2 * uniform(key, i) - 1;
	fill('E', normal);
	fill('P', normal);
	fill('q', (k, i) => sym(k, i) * bd);
	fill('V', (k, i) => sym(k, i) * bd);
	fill('W1', (k, i) => sym(k, i) * bd); // row u = unit u: counters u·d + j
	fill('b1', (k, i) => sym(k, i) * bd);
	// W2 is d×h; its column u belongs to unit u: use counter u·d + row, independent of h.
	const w2 = view(out, lay, 'W2');
	const k2 = streamKey(seed, STREAM.W2);
	for (let r = 0; r < d; r++) for (let u = 0; u < h; u++) w2[r * h + u] = s * sym(k2, u * d + r) * bh;
	fill('b2', (k, i) => sym(k, i) * bh);
	return out;
}

/** Nested row-major lists (the fixtures' format) to the flat layout. */
export function flatten(named: Record<string, unknown>, c: Shape): Float64Array {
	const lay = layout(c);
	const out = new Float64Array(lay.total);
	for (const name of PARAM_NAMES) {
		const values = (named[name] as unknown[] | undefined)?.flat(Infinity) as number[] | undefined;
		if (!values || values.length !== lay[name].size)
			throw new Error(`parameter ${name}: expected ${lay[name].size} numbers (shape ${lay[name].shape.join('×')}), got ${values?.length ?? 'none'}`);
		out.set(values, lay[name].offset);
	}
	return out;
}
