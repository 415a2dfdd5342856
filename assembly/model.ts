// The sandbox transformer in float32: forward, backward, Adam, whole epochs and the per-epoch
// evaluation, all on linear memory. Generic over the lane type T (see vec.ts): lanes are
// sequences of one batch (or rows of the evaluation list), W = 4 of them per group.
//
// Before attention every quantity depends only on (token, position), so each step first fills
// tables of p×L entries (e = E[x]+P[t], its norm, z, the score z·q/√d and V z) and the backward
// pass accumulates gradients per table entry; only the table's p×L entries then go back through
// the normalisation to E, P, q and V.
//
// Memory: an instance has one set of shapes (setup) and scratch; each model (a "context": one
// single run, or one member of a population) has a header and its own parameters, Adam state,
// data and shuffle order. Nothing is allocated once training runs.

import { add, div, fma, gather, hsum, lanes, ld, lsplat, mul, selEq, selGt, selLt, splat, st, sub, vexp, vgelu, vlog, vmax, vsqrt } from './vec';
import { feistelOrder } from './rng';

// ---- memory: a bump allocator that grows the memory as needed (nothing is ever freed) ----
let top: usize = 0;

export function alloc(bytes: usize): usize {
	if (top == 0) top = (__heap_base + 15) & ~(<usize>15);
	const ptr = top;
	top = (top + bytes + 15) & ~(<usize>15);
	const need = <i32>((top + 0xffff) >>> 16) - memory.size();
	if (need > 0 && memory.grow(need) < 0) unreachable();
	return ptr;
}

// ---- shapes and hyperparameters shared by every model of the instance ----
let p = 0, L = 0, d = 0, h = 0, nbEmb = 0, B = 0;
let smooth = false;
let eps: f32 = 1e-5, rho: f32 = 1, invRho: f32 = 1, invSqrtD: f32 = 1, invD: f32 = 1;
let beta1: f32 = 0.9, beta2: f32 = 0.999, adamEps: f32 = 1e-8;
let beta1d: f64 = 0.9, beta2d: f64 = 0.999;
let nParams = 0;
// Offsets (in floats) of the tensors in the flat layout of src/lib/core/params.ts.
let oE = 0, oP = 0, oQ = 0, oV = 0, oW1 = 0, oB1 = 0, oW2 = 0, oB2 = 0;
let maxEpochs = 0;

// ---- scratch (one per instance) ----
let tabE: usize = 0, tabS: usize = 0, tabC: usize = 0, tabDC: usize = 0, tabZ: usize = 0, tabU: usize = 0, tabVZ: usize = 0;
let gtabVZ: usize = 0, gtabU: usize = 0;
let gacc: usize = 0; // per-lane gradient accumulators, nParams vectors of 16 bytes
let grad: usize = 0; // the reduced gradient, nParams floats
let idxBuf: usize = 0; // table entry of each (position, lane): L × 4 i32
let tmp: usize = 0; // small per-lane spill area
let tmpD: usize = 0; // 4 lanes × d floats
let feistel: usize = 0;
let metrics: usize = 0; // 5 f64 per epoch: epoch, loss, acc, test_loss, test_acc (accuracies exact: count / n)
let evalOut: usize = 0;
// Per-group vectors (16 bytes each, also in the scalar build).
let sA: usize = 0, sGA: usize = 0, sXI: usize = 0, sNXI: usize = 0, sZETA: usize = 0, sGZETA: usize = 0, sGN: usize = 0, sGXI: usize = 0;
let sHID: usize = 0, sGD: usize = 0, sLOGIT: usize = 0, sPROB: usize = 0, sY: usize = 0, sW: usize = 0, sNorm: usize = 0;
let tabX: usize = 0; // e^(score − M), M the largest score of the table (see buildTables)
let expTable = false;
let sVZ: usize = 0; // V z of each (position, component) for the group's lanes, kept from the forward pass
// p = 2 (the paper's default): lane masks of token 1 per position, and per-entry vector accumulators of
// the table gradients (entry (c, t): d components of V z, then the score), reduced once per step.
let sMask: usize = 0, gvec: usize = 0;

// ---- model header: i32/f32 fields at ctx + 4·index ----
export const H_NTRAIN = 0;
export const H_NTEST = 1;
export const H_NEVAL = 2;
export const H_SEED = 3;
export const H_STEP = 4;
export const H_ADAMT = 5;
export const H_DIVSTEP = 6; // 0 while finite; else the step where NaN/Inf appeared
export const H_DIVWHAT = 7; // 1: the loss, 2: a parameter
export const H_ORDEREPOCH = 8;
export const H_LR = 9; // f32
export const H_LRMLP = 10; // f32
export const H_LASTLOSS = 11; // f32
export const H_XB = 12; // two tokens, L ≤ 32: training rows as bit masks (u32 each; 0 otherwise)
export const H_EXB = 13; // ... and the evaluation rows
export const H_EVALEVERY = 14; // evaluate after epochs that are multiples of this (1: every epoch) ...
export const H_EVALLAST = 15; // ... and after this epoch (the run's last; 0: none)
export const H_PARAMS = 16; // pointers
export const H_M = 17;
export const H_V = 18;
export const H_X = 19; // training tokens, u8, nTrain × L
export const H_Y = 20; // training labels, u8
export const H_EX = 21; // evaluation rows (distinct sequences of train ∪ test), u8, nEval × L
export const H_EY = 22; // their labels, u8
export const H_ECTR = 23; // f32 per row: how many times it occurs in the training set
export const H_ECTE = 24; // ... and in the test set
export const H_ORDER = 25; // the current epoch's order, i32 × nTrain
const H_POWT = 26; // the Adam step whose β1^t, β2^t (f64 at bytes 112 and 120: fields 28..31) are cached
const HEADER = 128;

@inline function hi(ctx: usize, f: i32): i32 {
	return load<i32>(ctx + (<usize>f << 2));
}
@inline function hset(ctx: usize, f: i32, v: i32): void {
	store<i32>(ctx + (<usize>f << 2), v);
}
@inline function hf(ctx: usize, f: i32): f32 {
	return load<f32>(ctx + (<usize>f << 2));
}
@inline function hp(ctx: usize, f: i32): usize {
	return <usize>load<i32>(ctx + (<usize>f << 2));
}
@inline function at(base: usize, i: i32): usize {
	return base + (<usize>i << 2);
}
@inline function vat(base: usize, i: i32): usize {
	return base + (<usize>i << 4);
}
@inline function w32(base: usize, i: i32): f32 {
	return load<f32>(base + (<usize>i << 2));
}

/** Shapes and shared hyperparameters; allocates the instance's scratch. Call once per instance. */
export function setup(p_: i32, L_: i32, d_: i32, h_: i32, nbEmb_: i32, batch: i32, smooth_: bool, eps_: f32, rho_: f32, beta1_: f64, beta2_: f64, adamEps_: f32, maxEpochs_: i32): void {
	p = p_; L = L_; d = d_; h = h_; nbEmb = nbEmb_; B = batch; smooth = smooth_;
	eps = eps_; rho = rho_; invRho = 1 / rho_; invSqrtD = <f32>(1 / Math.sqrt(<f64>d_)); invD = <f32>(1 / <f64>d_);
	beta1d = beta1_; beta2d = beta2_; beta1 = <f32>beta1_; beta2 = <f32>beta2_; adamEps = adamEps_;
	maxEpochs = maxEpochs_;
	oE = 0; oP = oE + nbEmb * d; oQ = oP + L * d; oV = oQ + d; oW1 = oV + d * d; oB1 = oW1 + h * d; oW2 = oB1 + h; oB2 = oW2 + d * h;
	nParams = oB2 + d;
	const entries = <usize>(p * L);
	tabE = alloc(entries * d * 4); tabZ = alloc(entries * d * 4); tabVZ = alloc(entries * d * 4);
	tabS = alloc(entries * 4); tabC = alloc(entries * 4); tabDC = alloc(entries * 4); tabU = alloc(entries * 4);
	gtabVZ = alloc(entries * d * 4); gtabU = alloc(entries * 4);
	gacc = alloc(<usize>nParams * 16); grad = alloc(<usize>nParams * 4);
	idxBuf = alloc(<usize>L * 16); tmp = alloc(64); tmpD = alloc(<usize>d * 4 * 4);
	feistel = alloc(6 * 256 * 4); metrics = alloc(<usize>maxEpochs * 40); evalOut = alloc(32);
	sA = alloc(<usize>L * 16); sGA = alloc(<usize>L * 16);
	sXI = alloc(<usize>d * 16); sNXI = alloc(<usize>d * 16); sZETA = alloc(<usize>d * 16); sGZETA = alloc(<usize>d * 16);
	sGN = alloc(<usize>d * 16); sGXI = alloc(<usize>d * 16);
	sHID = alloc(<usize>h * 16); sGD = alloc(<usize>h * 16);
	sLOGIT = alloc(<usize>nbEmb * 16); sPROB = alloc(<usize>nbEmb * 16);
	sY = alloc(16); sW = alloc(16); sNorm = alloc(64);
	tabX = alloc(entries * 4);
	sVZ = alloc(<usize>(L * d) * 16); sMask = alloc(<usize>L * 16); gvec = alloc(<usize>(2 * L * (d + 1)) * 16);
}

export function param_count(): i32 { return nParams; }
export function grad_ptr(): usize { return grad; }
export function metrics_ptr(): usize { return metrics; }
export function eval_ptr(): usize { return evalOut; }

/** A model context with room for its parameters, Adam state, data and order. */
export function model_new(nTrain: i32, nTest: i32, nEval: i32, seed: u32, lr: f32, lrMlp: f32): usize {
	const ctx = alloc(HEADER);
	hset(ctx, H_NTRAIN, nTrain); hset(ctx, H_NTEST, nTest); hset(ctx, H_NEVAL, nEval); hset(ctx, H_SEED, <i32>seed);
	hset(ctx, H_ORDEREPOCH, -1);
	hset(ctx, H_EVALEVERY, 1);
	store<f32>(at(ctx, H_LR), lr); store<f32>(at(ctx, H_LRMLP), lrMlp); store<f32>(at(ctx, H_LASTLOSS), NaN);
	const np = <usize>nParams * 4;
	hset(ctx, H_PARAMS, <i32>alloc(np)); hset(ctx, H_M, <i32>alloc(np)); hset(ctx, H_V, <i32>alloc(np));
	hset(ctx, H_X, <i32>alloc(<usize>(nTrain * L))); hset(ctx, H_Y, <i32>alloc(<usize>nTrain));
	// Evaluation rows are read four at a time: counts past nEval stay 0 (fresh memory is zero).
	const nE4 = <usize>((nEval + 3) & ~3);
	hset(ctx, H_EX, <i32>alloc(<usize>(nEval * L))); hset(ctx, H_EY, <i32>alloc(<usize>nEval));
	hset(ctx, H_ECTR, <i32>alloc(nE4 * 4)); hset(ctx, H_ECTE, <i32>alloc(nE4 * 4));
	hset(ctx, H_ORDER, <i32>alloc(<usize>nTrain * 4));
	return ctx;
}

/**
 * Call once the model's data is written: with two tokens and L ≤ 32 each row is also kept as a bit
 * mask (bit t: token 1 at position t), from which fillLanes builds its lane masks in a few vector ops.
 */
export function model_ready(ctx: usize): void {
	if (p != 2 || L > 32) return;
	for (let k = 0; k < 2; k++) {
		const n = hi(ctx, k == 0 ? H_NTRAIN : H_NEVAL);
		const X = hp(ctx, k == 0 ? H_X : H_EX);
		const bits = alloc(<usize>n * 4);
		for (let r = 0; r < n; r++) {
			let b: u32 = 0;
			for (let t = 0; t < L; t++) if (load<u8>(X + <usize>(r * L + t)) == 1) b |= (<u32>1) << t;
			store<u32>(at(bits, r), b);
		}
		hset(ctx, k == 0 ? H_XB : H_EXB, <i32>bits);
	}
}

// ---------------------------------------------------------------------------------------------
// Normalisation N(v) = c(s)·v, s = sqrt(mean v²): c = 1/(s+eps) (rms) or g(s/ρ)/(s+eps) (smooth,
// g(t) = t(2−t) below 1, else 1). Also c'(s), for the backward pass.

/** Scalar: returns c, writes c' to store tmp[0]. */
function normScale(s: f32): f32 {
	const inv: f32 = 1 / (s + eps);
	if (!smooth) {
		store<f32>(tmp, -inv * inv);
		return inv;
	}
	const t = s * invRho;
	const g: f32 = t < 1 ? t * (2 - t) : 1;
	const dg: f32 = t < 1 ? (2 - 2 * t) * invRho : 0;
	store<f32>(tmp, dg * inv - g * inv * inv);
	return g * inv;
}

/** Lane-wise normScale: c into sNorm[0], c' into sNorm[1] (vectors). */
@inline function normScaleV<T>(s: T): void {
	const inv = div<T>(splat<T>(1), add<T>(s, splat<T>(eps)));
	if (!smooth) {
		st<T>(vat(sNorm, 0), inv);
		st<T>(vat(sNorm, 1), mul<T>(mul<T>(inv, inv), splat<T>(-1)));
		return;
	}
	const t = mul<T>(s, splat<T>(invRho));
	const one = splat<T>(1);
	const g = selLt<T>(t, one, mul<T>(t, sub<T>(splat<T>(2), t)), one);
	const dg = selLt<T>(t, one, mul<T>(sub<T>(splat<T>(2), add<T>(t, t)), splat<T>(invRho)), splat<T>(0));
	st<T>(vat(sNorm, 0), mul<T>(g, inv));
	st<T>(vat(sNorm, 1), sub<T>(mul<T>(dg, inv), mul<T>(mul<T>(g, inv), inv)));
}

// ---------------------------------------------------------------------------------------------

/** The (token, position) tables for the current parameters. */
function buildTables(w: usize): void {
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
function fillLanes<T>(X: usize, Y: usize, bits: usize, rows: usize, first: i32, count: i32, needIdx: bool): void {
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
@inline function tget<T>(tab: usize, t: i32, stride: i32, j: i32): T {
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

/** Forward pass of one group of lanes (fillLanes first); returns the cross-entropy per lane. */
function forwardGroup<T>(w: usize, training: bool): T {
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

/** Backward pass of the group just run forward; each lane's gradient is scaled by sW's lane. */
function backwardGroup<T>(w: usize): void {
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
@inline function mlpBackward2<T>(w: usize): void {
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
function reduceLanes<T>(from: i32, to: i32): void {
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
function finishGrad<T>(w: usize): void {
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

/** Copy one group's intermediates to a trace (layout: z, attn, xi, hidden, zeta, logits; nRows rows). */
function traceGroup<T>(trace: usize, nRows: i32, first: i32, count: i32): void {
	const W = lanes<T>();
	const oA = nRows * L * d, oXi = oA + nRows * L, oH = oXi + nRows * d, oZ = oH + nRows * h, oLg = oZ + nRows * d;
	for (let l = 0; l < W && l < count; l++) {
		const b = first + l;
		for (let t = 0; t < L; t++) {
			const e = load<i32>(idxBuf + <usize>((t * 4 + l) << 2));
			for (let j = 0; j < d; j++) store<f32>(at(trace, (b * L + t) * d + j), w32(tabZ, e * d + j));
			store<f32>(at(trace, oA + b * L + t), load<f32>(vat(sA, t) + (<usize>l << 2)));
		}
		for (let j = 0; j < d; j++) {
			store<f32>(at(trace, oXi + b * d + j), load<f32>(vat(sXI, j) + (<usize>l << 2)));
			store<f32>(at(trace, oZ + b * d + j), load<f32>(vat(sZETA, j) + (<usize>l << 2)));
		}
		for (let u = 0; u < h; u++) store<f32>(at(trace, oH + b * h + u), load<f32>(vat(sHID, u) + (<usize>l << 2)));
		for (let k = 0; k < nbEmb; k++) store<f32>(at(trace, oLg + b * nbEmb + k), load<f32>(vat(sLOGIT, k) + (<usize>l << 2)));
	}
}

/** Mean loss and gradient (into grad) over nRows training rows listed at rows (i32). */
function lossAndGrad<T>(ctx: usize, rows: usize, nRows: i32, trace: usize): f32 {
	const W = lanes<T>();
	const w = hp(ctx, H_PARAMS);
	const X = hp(ctx, H_X), Y = hp(ctx, H_Y);
	buildTables(w);
	memory.fill(gacc, 0, <usize>nParams * 16);
	memory.fill(gtabVZ, 0, <usize>(p * L * d) * 4);
	memory.fill(gtabU, 0, <usize>(p * L) * 4);
	if (p == 2) memory.fill(gvec, 0, <usize>(2 * L * (d + 1)) * 16);
	const inv: f32 = 1 / <f32>nRows;
	let loss = splat<T>(0);
	for (let first = 0; first < nRows; first += W) {
		const count = nRows - first;
		fillLanes<T>(X, Y, hp(ctx, H_XB), rows, first, count, trace != 0);
		for (let l = 0; l < W; l++) store<f32>(at(sW, l), l < count ? inv : 0);
		const wl = ld<T>(sW);
		loss = fma<T>(wl, forwardGroup<T>(w, true), loss);
		if (trace) traceGroup<T>(trace, nRows, first, count);
		backwardGroup<T>(w);
	}
	finishGrad<T>(w);
	return hsum<T>(loss);
}

/** One Adam step (PyTorch's form) on the context's parameters; false if a parameter is not finite. */
function adam<T>(ctx: usize): bool {
	const W = lanes<T>();
	const t = hi(ctx, H_ADAMT) + 1;
	hset(ctx, H_ADAMT, t);
	// β^t by one multiplication per step (pow only after a resume), as 1 − β^t in float64 like PyTorch.
	let b1t: f64, b2t: f64;
	if (hi(ctx, H_POWT) == t - 1 && t > 1) {
		b1t = load<f64>(ctx + 112) * beta1d;
		b2t = load<f64>(ctx + 120) * beta2d;
	} else {
		b1t = Math.pow(beta1d, <f64>t);
		b2t = Math.pow(beta2d, <f64>t);
	}
	store<f64>(ctx + 112, b1t);
	store<f64>(ctx + 120, b2t);
	hset(ctx, H_POWT, t);
	const bc1 = 1 - b1t;
	const sbc2 = <f32>Math.sqrt(1 - b2t);
	const w = hp(ctx, H_PARAMS), m = hp(ctx, H_M), v = hp(ctx, H_V);
	let bad = splat<T>(0); // w·0 is NaN exactly where w is not finite
	for (let seg = 0; seg < 2; seg++) {
		const from = seg == 0 ? 0 : oW1;
		const to = seg == 0 ? oW1 : nParams;
		const lr: f32 = <f32>(<f64>hf(ctx, seg == 0 ? H_LR : H_LRMLP) / bc1);
		let i = from;
		for (; i + W <= to; i += W) {
			const g = ld<T>(at(grad, i));
			const mi = fma<T>(splat<T>(beta1), ld<T>(at(m, i)), mul<T>(splat<T>(1 - beta1), g));
			const vi = fma<T>(splat<T>(beta2), ld<T>(at(v, i)), mul<T>(mul<T>(splat<T>(1 - beta2), g), g));
			const den = add<T>(div<T>(vsqrt<T>(vi), splat<T>(sbc2)), splat<T>(adamEps));
			const wi = sub<T>(ld<T>(at(w, i)), mul<T>(splat<T>(lr), div<T>(mi, den)));
			st<T>(at(m, i), mi);
			st<T>(at(v, i), vi);
			st<T>(at(w, i), wi);
			bad = fma<T>(wi, splat<T>(0), bad);
		}
		for (; i < to; i++) {
			const g = w32(grad, i);
			const mi = beta1 * w32(m, i) + (1 - beta1) * g;
			const vi = beta2 * w32(v, i) + (1 - beta2) * g * g;
			const wi = w32(w, i) - lr * (mi / (Mathf.sqrt(vi) / sbc2 + adamEps));
			store<f32>(at(m, i), mi);
			store<f32>(at(v, i), vi);
			store<f32>(at(w, i), wi);
			bad = add<T>(bad, splat<T>(wi * 0));
		}
	}
	const b = hsum<T>(bad);
	return b == b;
}

/** Loss and accuracy on the full train and test sets into evalOut (4 f64). */
function evaluate<T>(ctx: usize): void {
	const W = lanes<T>();
	const w = hp(ctx, H_PARAMS);
	const X = hp(ctx, H_EX), Y = hp(ctx, H_EY), cTr = hp(ctx, H_ECTR), cTe = hp(ctx, H_ECTE);
	const n = hi(ctx, H_NEVAL);
	buildTables(w);
	let lTr = splat<T>(0), lTe = splat<T>(0), aTr = splat<T>(0), aTe = splat<T>(0);
	for (let first = 0; first < n; first += W) {
		fillLanes<T>(X, Y, hp(ctx, H_EXB), 0, first, n - first, false);
		const loss = forwardGroup<T>(w, false);
		// argmax, the first maximum winning (as torch.argmax).
		let best = ld<T>(sLOGIT);
		let arg = splat<T>(0);
		for (let k = 1; k < nbEmb; k++) {
			const l = ld<T>(vat(sLOGIT, k));
			arg = selGt<T>(l, best, splat<T>(<f32>k), arg);
			best = vmax<T>(best, l);
		}
		const ok = selEq<T>(arg, ld<T>(sY), splat<T>(1), splat<T>(0));
		const ctr = ld<T>(at(cTr, first)), cte = ld<T>(at(cTe, first));
		lTr = fma<T>(ctr, loss, lTr);
		lTe = fma<T>(cte, loss, lTe);
		aTr = fma<T>(ctr, ok, aTr);
		aTe = fma<T>(cte, ok, aTe);
	}
	const nTr = <f64>hi(ctx, H_NTRAIN), nTe = <f64>hi(ctx, H_NTEST);
	store<f64>(evalOut, <f64>hsum<T>(lTr) / nTr);
	store<f64>(evalOut + 8, <f64>hsum<T>(aTr) / nTr);
	store<f64>(evalOut + 16, <f64>hsum<T>(lTe) / nTe);
	store<f64>(evalOut + 24, <f64>hsum<T>(aTe) / nTe);
}

/** One step on explicit rows: the loss, then (when `update`) Adam. Marks divergence in the header. */
function stepRows<T>(ctx: usize, rows: usize, nRows: i32, update: bool, trace: usize): f32 {
	const loss = lossAndGrad<T>(ctx, rows, nRows, trace);
	if (!update) return loss;
	const step = hi(ctx, H_STEP);
	if (!isFinite(loss)) {
		hset(ctx, H_DIVSTEP, step + 1);
		hset(ctx, H_DIVWHAT, 1);
		return loss;
	}
	const ok = adam<T>(ctx);
	hset(ctx, H_STEP, step + 1);
	store<f32>(at(ctx, H_LASTLOSS), loss);
	if (!ok) {
		hset(ctx, H_DIVSTEP, step + 1);
		hset(ctx, H_DIVWHAT, 2);
	}
	return loss;
}

/**
 * n steps in epoch order (order of epoch e = the Feistel shuffle of (seed, e); batch s of an epoch is
 * order[s·B .. min(N, (s+1)·B))), evaluating after each scheduled epoch (H_EVALEVERY, H_EVALLAST)
 * into the metrics buffer, one row per evaluation (epoch number first).
 * Returns the number of rows written, or −1 when the run diverged (see the header).
 */
function train<T>(ctx: usize, n: i32): i32 {
	const N = hi(ctx, H_NTRAIN);
	const spe = (N + B - 1) / B;
	const order = hp(ctx, H_ORDER);
	const every = max<i32>(1, hi(ctx, H_EVALEVERY));
	const last = hi(ctx, H_EVALLAST);
	let epochs = 0;
	if (hi(ctx, H_DIVSTEP)) return -1;
	for (let i = 0; i < n; i++) {
		const step = hi(ctx, H_STEP);
		const epoch = step / spe;
		const s = step - epoch * spe;
		if (hi(ctx, H_ORDEREPOCH) != epoch) {
			feistelOrder(N, <u32>hi(ctx, H_SEED), <u32>epoch, order, feistel);
			hset(ctx, H_ORDEREPOCH, epoch);
		}
		const first = s * B;
		stepRows<T>(ctx, at(order, first), min(B, N - first), true, 0);
		if (hi(ctx, H_DIVSTEP)) return -1;
		const done = (step + 1) / spe;
		// Evaluation costs about as much as the epoch's training; a sweep that keeps only every k-th
		// epoch's metrics skips the others.
		if ((step + 1) % spe == 0 && (done % every == 0 || done == last)) {
			if (epochs >= maxEpochs) unreachable(); // the caller sizes n to the metrics buffer
			evaluate<T>(ctx);
			const out = metrics + <usize>(epochs * 40);
			store<f64>(out, <f64>done);
			memory.copy(out + 8, evalOut, 32);
			epochs++;
		}
	}
	return epochs;
}

// ---- exports: the build picks the lane type ----

export function train_steps(ctx: usize, n: i32): i32 {
	if (ASC_FEATURE_SIMD) return train<v128>(ctx, n);
	else return train<f32>(ctx, n);
}

export function step_rows(ctx: usize, rows: usize, nRows: i32, update: bool, trace: usize): f32 {
	if (ASC_FEATURE_SIMD) return stepRows<v128>(ctx, rows, nRows, update, trace);
	else return stepRows<f32>(ctx, rows, nRows, update, trace);
}

export function evaluate_model(ctx: usize): void {
	if (ASC_FEATURE_SIMD) evaluate<v128>(ctx);
	else evaluate<f32>(ctx);
}

/** The order of one epoch, for tests of the shuffle. */
export function epoch_order(n: i32, seed: u32, epoch: u32, out: usize): void {
	feistelOrder(n, seed, epoch, out, feistel);
}

/** Lane-wise math on an array in place (for accuracy tests): 0 exp, 1 log, 2 gelu, 3 gelu'. */
export function math_test(kind: i32, ptr: usize, n: i32): void {
	if (ASC_FEATURE_SIMD) mathTest<v128>(kind, ptr, n);
	else mathTest<f32>(kind, ptr, n);
}

function mathTest<T>(kind: i32, ptr: usize, n: i32): void {
	const W = lanes<T>();
	for (let i = 0; i + W <= n; i += W) {
		const x = ld<T>(at(ptr, i));
		let y: T;
		if (kind == 0) y = vexp<T>(x);
		else if (kind == 1) y = vlog<T>(x);
		else {
			y = vgelu<T>(x, tmp);
			if (kind == 3) y = ld<T>(tmp);
		}
		st<T>(at(ptr, i), y);
	}
}
