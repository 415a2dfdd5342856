// Tables: before attention every quantity depends only on (token, position), so each step first
// fills tables of p×L entries (e = E[x]+P[t], its norm, z, the score z·q/√d and V z); then the W
// lanes of a group are pointed at their rows, and read their entries from the tables.

import { at, w32 } from './memory';
import { normScale } from './norm';
import { L, d, idxBuf, invD, invSqrtD, oE, oP, oQ, oV, p, sMask, sY, tabC, tabDC, tabE, tabS, tabU, tabVZ, tabX, tabZ, tmp } from './shapes';
import { gather, lanes, splat, vexp } from './vec';

export let expTable = false;

/** The (token, position) tables for the current parameters. */
export function buildTables(w: usize): void {
	for (let c = 0; c < p; c++)
		for (let t = 0; t < L; t++) {
			const e = c * L + t;
			let ss: f32 = 0;
			for (let j = 0; j < d; j++) {
				const v = w32(w, oE + c * d + j) + w32(w, oP + t * d + j);
				store<f32>(at(tabE, e * d + j), v);
				ss += v * v;
			}
			const s = Mathf.sqrt(ss * invD);
			const cs = normScale(s);
			store<f32>(at(tabS, e), s);
			store<f32>(at(tabC, e), cs);
			store<f32>(at(tabDC, e), load<f32>(tmp));
			let u: f32 = 0;
			for (let j = 0; j < d; j++) {
				const z = cs * w32(tabE, e * d + j);
				store<f32>(at(tabZ, e * d + j), z);
				u += z * w32(w, oQ + j);
			}
			store<f32>(at(tabU, e), u * invSqrtD);
			for (let i = 0; i < d; i++) {
				let acc: f32 = 0;
				for (let j = 0; j < d; j++) acc += w32(w, oV + i * d + j) * w32(tabZ, e * d + j);
				store<f32>(at(tabVZ, e * d + i), acc);
			}
		}
	// The attention softmax only needs e^(score) up to a common factor: with M the largest score of
	// the table, e^(score − M) ≤ 1 is computed once per entry instead of once per sequence and
	// position. Only when the scores span less than 80 (else a sequence whose scores all sit far
	// below M could underflow to a zero sum; then softmax subtracts each sequence's own maximum).
	let mx: f32 = -Infinity, mn: f32 = Infinity;
	const n = p * L;
	for (let e = 0; e < n; e++) {
		const u = w32(tabU, e);
		mx = max(mx, u);
		mn = min(mn, u);
	}
	expTable = mx - mn < 80; // false for NaN too
	if (expTable) for (let e = 0; e < n; e++) store<f32>(at(tabX, e), vexp<f32>(w32(tabU, e) - mx));
}

/**
 * Point the W lanes at rows of a token array: lane l reads row rows[first + l] (rows = 0: row
 * first + l itself); lanes past `count` repeat the first row (their weight is 0). Fills the label
 * vector and either the table index of every (position, lane), or, with two tokens and L ≤ 32
 * (bits: the rows as bit masks, one u32 each; see model_ready), only the lane masks of token 1.
 */
export function fillLanes<T>(X: usize, Y: usize, bits: usize, rows: usize, first: i32, count: i32, needIdx: bool): void {
	const W = lanes<T>();
	if (isVector<T>()) {
		if (bits && !needIdx) {
			const r0 = rows ? load<i32>(at(rows, first)) : first;
			const r1 = count > 1 ? (rows ? load<i32>(at(rows, first + 1)) : first + 1) : r0;
			const r2 = count > 2 ? (rows ? load<i32>(at(rows, first + 2)) : first + 2) : r0;
			const r3 = count > 3 ? (rows ? load<i32>(at(rows, first + 3)) : first + 3) : r0;
			let v = i32x4.splat(load<i32>(at(bits, r0)));
			v = i32x4.replace_lane(v, 1, load<i32>(at(bits, r1)));
			v = i32x4.replace_lane(v, 2, load<i32>(at(bits, r2)));
			v = i32x4.replace_lane(v, 3, load<i32>(at(bits, r3)));
			for (let t = 0; t < L; t++) v128.store(sMask + (<usize>t << 4), i32x4.ne(v128.and(v, i32x4.splat(1 << t)), i32x4.splat(0)));
			let y = f32x4.splat(<f32>load<u8>(Y + <usize>r0));
			y = f32x4.replace_lane(y, 1, <f32>load<u8>(Y + <usize>r1));
			y = f32x4.replace_lane(y, 2, <f32>load<u8>(Y + <usize>r2));
			y = f32x4.replace_lane(y, 3, <f32>load<u8>(Y + <usize>r3));
			v128.store(sY, y);
			return;
		}
	}
	for (let l = 0; l < W; l++) {
		const i = first + (l < count ? l : 0);
		const r = rows ? load<i32>(at(rows, i)) : i;
		const xr = X + <usize>(r * L);
		for (let t = 0; t < L; t++) {
			const x = <i32>load<u8>(xr + <usize>t);
			store<i32>(idxBuf + <usize>((t * 4 + l) << 2), x * L + t);
			store<i32>(sMask + <usize>((t * 4 + l) << 2), x == 1 ? -1 : 0);
		}
		store<f32>(at(sY, l), <f32>load<u8>(Y + <usize>r));
	}
}

/** The table value (component j of an entry of `stride` floats) of each lane's token at position t. */
@inline export function tget<T>(tab: usize, t: i32, stride: i32, j: i32): T {
	if (isVector<T>()) {
		if (p == 2) {
			// Two tokens: a lane-wise choice between the entries of token 1 and token 0 (no gather).
			const t0 = v128.load32_splat(at(tab, t * stride + j));
			const t1 = v128.load32_splat(at(tab, (L + t) * stride + j));
			return v128.bitselect(t1, t0, v128.load(sMask + (<usize>t << 4)));
		}
	}
	return gather<T>(tab, idxBuf + <usize>(t << 4), stride, j);
}
