// The loop: the loss and gradient over explicit rows (with a trace of the intermediates for parity
// checks), one step on them, and whole epochs in epoch order with the scheduled evaluations; the
// exports that pick the lane type.

import { adam } from './adam';
import { backwardGroup, finishGrad } from './backward';
import { evaluate } from './evaluate';
import { forwardGroup } from './forward';
import { H_DIVSTEP, H_DIVWHAT, H_EVALEVERY, H_EVALLAST, H_LASTLOSS, H_NTRAIN, H_ORDER, H_ORDEREPOCH, H_PARAMS, H_SEED, H_STEP, H_X, H_XB, H_Y, hi, hp, hset } from './header';
import { at, vat, w32 } from './memory';
import { feistelOrder } from './rng';
import { B, L, d, evalOut, feistel, gacc, gtabU, gtabVZ, gvec, h, idxBuf, maxEpochs, metrics, nParams, nbEmb, p, sA, sHID, sLOGIT, sW, sXI, sZETA, tabZ } from './shapes';
import { buildTables, fillLanes } from './tables';
import { fma, hsum, lanes, ld, splat } from './vec';

/** Copy one group's intermediates to a trace (layout: z, attn, xi, hidden, zeta, logits; nRows rows). */
export function traceGroup<T>(trace: usize, nRows: i32, first: i32, count: i32): void {
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
export function lossAndGrad<T>(ctx: usize, rows: usize, nRows: i32, trace: usize): f32 {
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

/** One step on explicit rows: the loss, then (when `update`) Adam. Marks divergence in the header. */
export function stepRows<T>(ctx: usize, rows: usize, nRows: i32, update: bool, trace: usize): f32 {
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
export function train<T>(ctx: usize, n: i32): i32 {
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
