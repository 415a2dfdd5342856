// The forward pass of one group of lanes: attention over positions (scores from the tables), the
// sequence embedding ξ and its norm, the MLP, the tied decoder and the cross-entropy.

import { at, vat } from './memory';
import { normScaleV } from './norm';
import { L, d, h, invD, nbEmb, oB1, oB2, oE, oW1, oW2, sA, sGD, sHID, sLOGIT, sNXI, sNorm, sPROB, sVZ, sXI, sY, sZETA, tabU, tabVZ, tabX } from './shapes';
import { expTable, tget } from './tables';
import { add, div, fma, ld, lsplat, mul, selEq, splat, st, sub, vexp, vgelu, vlog, vmax, vsqrt } from './vec';

/** Forward pass of one group of lanes (fillLanes first); returns the cross-entropy per lane. */
export function forwardGroup<T>(w: usize, training: bool): T {
	// Attention over positions: scores from the table, softmax.
	let mx = splat<T>(-Infinity);
	let sum = splat<T>(0);
	if (expTable) {
		for (let t = 0; t < L; t++) {
			const e = tget<T>(tabX, t, 1, 0);
			st<T>(vat(sA, t), e);
			sum = add<T>(sum, e);
		}
	} else {
		for (let t = 0; t < L; t++) {
			const u = tget<T>(tabU, t, 1, 0);
			st<T>(vat(sA, t), u);
			mx = vmax<T>(mx, u);
		}
		for (let t = 0; t < L; t++) {
			const e = vexp<T>(sub<T>(ld<T>(vat(sA, t)), mx));
			st<T>(vat(sA, t), e);
			sum = add<T>(sum, e);
		}
	}
	const inv = div<T>(splat<T>(1), sum);
	for (let t = 0; t < L; t++) st<T>(vat(sA, t), mul<T>(ld<T>(vat(sA, t)), inv));
	// ξ = Σ_t a_t V z_t, then its norm.
	let ss = splat<T>(0);
	for (let j = 0; j < d; j++) {
		let acc = splat<T>(0);
		for (let t = 0; t < L; t++) {
			const vz = tget<T>(tabVZ, t, d, j);
			st<T>(vat(sVZ, t * d + j), vz);
			acc = fma<T>(ld<T>(vat(sA, t)), vz, acc);
		}
		st<T>(vat(sXI, j), acc);
		ss = fma<T>(acc, acc, ss);
	}
	const s = vsqrt<T>(mul<T>(ss, splat<T>(invD)));
	normScaleV<T>(s);
	st<T>(vat(sNorm, 2), s);
	const c = ld<T>(vat(sNorm, 0));
	for (let j = 0; j < d; j++) st<T>(vat(sNXI, j), mul<T>(c, ld<T>(vat(sXI, j))));
	// MLP: hidden = gelu(W1 n + b1) (and gelu' for the backward pass), ζ = ξ + W2 hidden + b2.
	if (d == 2) {
		// The default (and the paper's) d = 2, with everything in registers; same arithmetic order.
		const n0 = ld<T>(vat(sNXI, 0)), n1 = ld<T>(vat(sNXI, 1));
		let z0 = add<T>(ld<T>(vat(sXI, 0)), lsplat<T>(at(w, oB2))), z1 = add<T>(ld<T>(vat(sXI, 1)), lsplat<T>(at(w, oB2 + 1)));
		for (let u = 0; u < h; u++) {
			const pre = fma<T>(lsplat<T>(at(w, oW1 + 2 * u + 1)), n1, fma<T>(lsplat<T>(at(w, oW1 + 2 * u)), n0, lsplat<T>(at(w, oB1 + u))));
			const hid = vgelu<T>(pre, training ? vat(sGD, u) : 0);
			st<T>(vat(sHID, u), hid);
			z0 = fma<T>(lsplat<T>(at(w, oW2 + u)), hid, z0);
			z1 = fma<T>(lsplat<T>(at(w, oW2 + h + u)), hid, z1);
		}
		st<T>(vat(sZETA, 0), z0);
		st<T>(vat(sZETA, 1), z1);
	} else {
		for (let u = 0; u < h; u++) {
			let pre = lsplat<T>(at(w, oB1 + u));
			for (let j = 0; j < d; j++) pre = fma<T>(lsplat<T>(at(w, oW1 + u * d + j)), ld<T>(vat(sNXI, j)), pre);
			st<T>(vat(sHID, u), vgelu<T>(pre, training ? vat(sGD, u) : 0));
		}
		for (let j = 0; j < d; j++) {
			let acc = add<T>(ld<T>(vat(sXI, j)), lsplat<T>(at(w, oB2 + j)));
			const row = oW2 + j * h;
			for (let u = 0; u < h; u++) acc = fma<T>(lsplat<T>(at(w, row + u)), ld<T>(vat(sHID, u)), acc);
			st<T>(vat(sZETA, j), acc);
		}
	}
	// Tied decoder, softmax over classes, cross-entropy.
	mx = splat<T>(-Infinity);
	for (let k = 0; k < nbEmb; k++) {
		let l = splat<T>(0);
		for (let j = 0; j < d; j++) l = fma<T>(lsplat<T>(at(w, oE + k * d + j)), ld<T>(vat(sZETA, j)), l);
		st<T>(vat(sLOGIT, k), l);
		mx = vmax<T>(mx, l);
	}
	sum = splat<T>(0);
	const y = ld<T>(sY);
	let ly = splat<T>(0);
	for (let k = 0; k < nbEmb; k++) {
		const l = ld<T>(vat(sLOGIT, k));
		const e = vexp<T>(sub<T>(l, mx));
		st<T>(vat(sPROB, k), e);
		sum = add<T>(sum, e);
		ly = selEq<T>(y, splat<T>(<f32>k), l, ly);
	}
	const inv2 = div<T>(splat<T>(1), sum);
	for (let k = 0; k < nbEmb; k++) st<T>(vat(sPROB, k), mul<T>(ld<T>(vat(sPROB, k)), inv2));
	return sub<T>(add<T>(mx, vlog<T>(sum)), ly);
}
