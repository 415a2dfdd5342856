// A model context: one single run, or one member of a population. Its header holds i32/f32 fields
// at ctx + 4·index (H_*), then pointers to its own parameters, Adam state, data and shuffle order.

import { alloc, at } from './memory';
import { L, nParams, p } from './shapes';

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
export const H_POWT = 26; // the Adam step whose β1^t, β2^t (f64 at bytes 112 and 120: fields 28..31) are cached
export const HEADER = 128;

@inline export function hi(ctx: usize, f: i32): i32 {
	return load<i32>(ctx + (<usize>f << 2));
}
@inline export function hset(ctx: usize, f: i32, v: i32): void {
	store<i32>(ctx + (<usize>f << 2), v);
}
@inline export function hf(ctx: usize, f: i32): f32 {
	return load<f32>(ctx + (<usize>f << 2));
}
@inline export function hp(ctx: usize, f: i32): usize {
	return <usize>load<i32>(ctx + (<usize>f << 2));
}

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
