// The backward pass of one group of lanes, accumulated per lane (and per table entry); then the
// reduction of the lanes and the table gradients' way back through the normalisation to E, P, q, V.

import { at, vat, w32 } from './memory';
import { L, d, gacc, grad, gtabU, gtabVZ, gvec, h, idxBuf, invSqrtD, nParams, nbEmb, oB1, oB2, oE, oP, oQ, oV, oW1, oW2, p, sA, sGA, sGD, sGN, sGXI, sGZETA, sHID, sMask, sNXI, sNorm, sPROB, sVZ, sW, sXI, sY, sZETA, tabC, tabDC, tabE, tabS, tabZ, tmp, tmpD } from './shapes';
import { add, div, fma, hsum, lanes, ld, lsplat, mul, selEq, selGt, splat, st, sub } from './vec';

/** Backward pass of the group just run forward; each lane's gradient is scaled by sW's lane. */
export function backwardGroup<T>(w: usize): void {
	const W = lanes<T>();
	const wl = ld<T>(sW);
	const y = ld<T>(sY);
	for (let j = 0; j < d; j++) st<T>(vat(sGZETA, j), splat<T>(0));
	// Cross-entropy through the tied decoder: ∂/∂logit_k = p_k − [k = y].
	for (let k = 0; k < nbEmb; k++) {
		const gl = mul<T>(sub<T>(ld<T>(vat(sPROB, k)), selEq<T>(y, splat<T>(<f32>k), splat<T>(1), splat<T>(0))), wl);
		for (let j = 0; j < d; j++) {
			const i = oE + k * d + j;
			st<T>(vat(gacc, i), fma<T>(gl, ld<T>(vat(sZETA, j)), ld<T>(vat(gacc, i))));
			st<T>(vat(sGZETA, j), fma<T>(gl, lsplat<T>(at(w, i)), ld<T>(vat(sGZETA, j))));
		}
	}
	for (let j = 0; j < d; j++) {
		st<T>(vat(gacc, oB2 + j), add<T>(ld<T>(vat(gacc, oB2 + j)), ld<T>(vat(sGZETA, j))));
		st<T>(vat(sGN, j), splat<T>(0));
	}
	// MLP, unit by unit.
	if (d == 2) mlpBackward2<T>(w);
	else for (let u = 0; u < h; u++) {
		const hid = ld<T>(vat(sHID, u));
		let gh = splat<T>(0);
		for (let j = 0; j < d; j++) {
			const i = oW2 + j * h + u;
			const gz = ld<T>(vat(sGZETA, j));
			gh = fma<T>(gz, lsplat<T>(at(w, i)), gh);
			st<T>(vat(gacc, i), fma<T>(gz, hid, ld<T>(vat(gacc, i))));
		}
		const gp = mul<T>(gh, ld<T>(vat(sGD, u)));
		st<T>(vat(gacc, oB1 + u), add<T>(ld<T>(vat(gacc, oB1 + u)), gp));
		for (let j = 0; j < d; j++) {
			const i = oW1 + u * d + j;
			st<T>(vat(gacc, i), fma<T>(gp, ld<T>(vat(sNXI, j)), ld<T>(vat(gacc, i))));
			st<T>(vat(sGN, j), fma<T>(gp, lsplat<T>(at(w, i)), ld<T>(vat(sGN, j))));
		}
	}
	// Through N(ξ), plus the residual path: gξ = gζ + c·gn + c'·(ξ·gn)/(d·s)·ξ.
	let vg = splat<T>(0);
	for (let j = 0; j < d; j++) vg = fma<T>(ld<T>(vat(sXI, j)), ld<T>(vat(sGN, j)), vg);
	const c = ld<T>(vat(sNorm, 0));
	const s = ld<T>(vat(sNorm, 2));
	const kk = selGt<T>(s, splat<T>(0), div<T>(mul<T>(ld<T>(vat(sNorm, 1)), vg), mul<T>(s, splat<T>(<f32>d))), splat<T>(0));
	for (let j = 0; j < d; j++)
		st<T>(vat(sGXI, j), fma<T>(kk, ld<T>(vat(sXI, j)), fma<T>(c, ld<T>(vat(sGN, j)), ld<T>(vat(sGZETA, j)))));
	// Attention: ∂/∂a_t = (V z_t)·gξ, then through the softmax over positions.
	let ag = splat<T>(0);
	for (let t = 0; t < L; t++) {
		let ga = splat<T>(0);
		for (let j = 0; j < d; j++) ga = fma<T>(ld<T>(vat(sVZ, t * d + j)), ld<T>(vat(sGXI, j)), ga);
		st<T>(vat(sGA, t), ga);
		ag = fma<T>(ld<T>(vat(sA, t)), ga, ag);
	}
	if (isVector<T>()) {
		if (p == 2) {
			// Two tokens: accumulate lane vectors per entry, masked by token (reduced in finishGrad).
			for (let t = 0; t < L; t++) {
				const a = ld<T>(vat(sA, t));
				const m = v128.load(sMask + (<usize>t << 4));
				const g1 = vat(gvec, (L + t) * (d + 1)), g0 = vat(gvec, t * (d + 1));
				const gu = mul<T>(mul<T>(a, sub<T>(ld<T>(vat(sGA, t)), ag)), splat<T>(invSqrtD));
				for (let j = 0; j < d; j++) {
					const v = mul<T>(a, ld<T>(vat(sGXI, j)));
					const o = <usize>j << 4;
					v128.store(g1 + o, f32x4.add(v128.load(g1 + o), v128.and(v, m)));
					v128.store(g0 + o, f32x4.add(v128.load(g0 + o), v128.andnot(v, m)));
				}
				const o = <usize>d << 4;
				v128.store(g1 + o, f32x4.add(v128.load(g1 + o), v128.and(gu, m)));
				v128.store(g0 + o, f32x4.add(v128.load(g0 + o), v128.andnot(gu, m)));
			}
			return;
		}
	}
	// Scatter into the table gradients, lane by lane (lanes read different entries).
	for (let j = 0; j < d; j++) st<T>(tmpD + (<usize>j << 4), ld<T>(vat(sGXI, j))); // lane l of gξ_j at tmpD[4j + l]
	for (let t = 0; t < L; t++) {
		const a = ld<T>(vat(sA, t));
		st<T>(tmp, a);
		st<T>(tmp + 16, mul<T>(mul<T>(a, sub<T>(ld<T>(vat(sGA, t)), ag)), splat<T>(invSqrtD)));
		for (let l = 0; l < W; l++) {
			const e = load<i32>(idxBuf + <usize>((t * 4 + l) << 2));
			const al = load<f32>(at(tmp, l));
			store<f32>(at(gtabU, e), load<f32>(at(gtabU, e)) + load<f32>(at(tmp + 16, l)));
			for (let j = 0; j < d; j++) {
				const gi = at(gtabVZ, e * d + j);
				store<f32>(gi, load<f32>(gi) + al * load<f32>(at(tmpD, j * 4 + l)));
			}
		}
	}
}

/** The MLP part of backwardGroup for d = 2, in registers (same arithmetic order as the general loop). */
@inline export function mlpBackward2<T>(w: usize): void {
	const gz0 = ld<T>(vat(sGZETA, 0)), gz1 = ld<T>(vat(sGZETA, 1));
	const n0 = ld<T>(vat(sNXI, 0)), n1 = ld<T>(vat(sNXI, 1));
	let gn0 = splat<T>(0), gn1 = splat<T>(0);
	for (let u = 0; u < h; u++) {
		const hid = ld<T>(vat(sHID, u));
		const i0 = oW2 + u, i1 = oW2 + h + u;
		const gh = fma<T>(gz1, lsplat<T>(at(w, i1)), fma<T>(gz0, lsplat<T>(at(w, i0)), splat<T>(0)));
		st<T>(vat(gacc, i0), fma<T>(gz0, hid, ld<T>(vat(gacc, i0))));
		st<T>(vat(gacc, i1), fma<T>(gz1, hid, ld<T>(vat(gacc, i1))));
		const gp = mul<T>(gh, ld<T>(vat(sGD, u)));
		st<T>(vat(gacc, oB1 + u), add<T>(ld<T>(vat(gacc, oB1 + u)), gp));
		const k0 = oW1 + 2 * u, k1 = k0 + 1;
		st<T>(vat(gacc, k0), fma<T>(gp, n0, ld<T>(vat(gacc, k0))));
		st<T>(vat(gacc, k1), fma<T>(gp, n1, ld<T>(vat(gacc, k1))));
		gn0 = fma<T>(gp, lsplat<T>(at(w, k0)), gn0);
		gn1 = fma<T>(gp, lsplat<T>(at(w, k1)), gn1);
	}
	st<T>(vat(sGN, 0), gn0);
	st<T>(vat(sGN, 1), gn1);
}

/** grad[i] = sum of the lanes of gacc[i] for i in [from, to); four at a time by a 4×4 transpose. */
export function reduceLanes<T>(from: i32, to: i32): void {
	let i = from;
	if (isVector<T>()) {
		for (; i + 4 <= to; i += 4) {
			const a = v128.load(vat(gacc, i)), b = v128.load(vat(gacc, i + 1));
			const c = v128.load(vat(gacc, i + 2)), e = v128.load(vat(gacc, i + 3));
			const ab = f32x4.add(v128.shuffle<f32>(a, b, 0, 4, 1, 5), v128.shuffle<f32>(a, b, 2, 6, 3, 7)); // a02 b02 a13 b13
			const ce = f32x4.add(v128.shuffle<f32>(c, e, 0, 4, 1, 5), v128.shuffle<f32>(c, e, 2, 6, 3, 7));
			v128.store(at(grad, i), f32x4.add(v128.shuffle<f32>(ab, ce, 0, 1, 4, 5), v128.shuffle<f32>(ab, ce, 2, 3, 6, 7)));
		}
	}
	for (; i < to; i++) store<f32>(at(grad, i), hsum<T>(ld<T>(vat(gacc, i))));
}

/** After the groups: reduce the lane accumulators, and take the table gradients back to E, P, q, V. */
export function finishGrad<T>(w: usize): void {
	memory.fill(grad, 0, <usize>nParams * 4);
	reduceLanes<T>(oE, oP);
	reduceLanes<T>(oW1, nParams);
	if (isVector<T>()) {
		if (p == 2)
			for (let e = 0; e < 2 * L; e++) {
				for (let j = 0; j < d; j++) store<f32>(at(gtabVZ, e * d + j), hsum<T>(ld<T>(vat(gvec, e * (d + 1) + j))));
				store<f32>(at(gtabU, e), hsum<T>(ld<T>(vat(gvec, e * (d + 1) + d))));
			}
	}
	for (let c = 0; c < p; c++)
		for (let t = 0; t < L; t++) {
			const e = c * L + t;
			const gu = w32(gtabU, e);
			// gz = Vᵀ gvz + gu·q; gV += gvz ⊗ z; gq += gu·z.
			for (let j = 0; j < d; j++) {
				const z = w32(tabZ, e * d + j);
				let gz = gu * w32(w, oQ + j);
				for (let i = 0; i < d; i++) {
					const gv = w32(gtabVZ, e * d + i);
					gz += w32(w, oV + i * d + j) * gv;
					const gi = at(grad, oV + i * d + j);
					store<f32>(gi, load<f32>(gi) + gv * z);
				}
				store<f32>(at(grad, oQ + j), w32(grad, oQ + j) + gu * z);
				store<f32>(at(tmpD, j), gz);
			}
			// Through N(e): ge = c·gz + c'·(e·gz)/(d·s)·e.
			const s = w32(tabS, e);
			let vg: f32 = 0;
			for (let j = 0; j < d; j++) vg += w32(tabE, e * d + j) * w32(tmpD, j);
			const kk: f32 = s > 0 ? (w32(tabDC, e) * vg) / (<f32>d * s) : 0;
			const cs = w32(tabC, e);
			for (let j = 0; j < d; j++) {
				const ge = cs * w32(tmpD, j) + kk * w32(tabE, e * d + j);
				store<f32>(at(grad, oE + c * d + j), w32(grad, oE + c * d + j) + ge);
				store<f32>(at(grad, oP + t * d + j), w32(grad, oP + t * d + j) + ge);
			}
		}
}
