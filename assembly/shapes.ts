// The shapes and hyperparameters shared by every model of an instance, and the instance's scratch
// (the tables, the per-lane accumulators, the per-group vectors): set and allocated once, by setup.

import { alloc } from './memory';

export let p = 0, L = 0, d = 0, h = 0, nbEmb = 0, B = 0;
export let smooth = false;
export let eps: f32 = 1e-5, rho: f32 = 1, invRho: f32 = 1, invSqrtD: f32 = 1, invD: f32 = 1;
export let beta1: f32 = 0.9, beta2: f32 = 0.999, adamEps: f32 = 1e-8;
export let beta1d: f64 = 0.9, beta2d: f64 = 0.999;
export let nParams = 0;
// Offsets (in floats) of the tensors in the flat layout of src/lib/core/params.ts.
export let oE = 0, oP = 0, oQ = 0, oV = 0, oW1 = 0, oB1 = 0, oW2 = 0, oB2 = 0;
export let maxEpochs = 0;

// ---- scratch (one per instance) ----
export let tabE: usize = 0, tabS: usize = 0, tabC: usize = 0, tabDC: usize = 0, tabZ: usize = 0, tabU: usize = 0, tabVZ: usize = 0;
export let gtabVZ: usize = 0, gtabU: usize = 0;
export let gacc: usize = 0; // per-lane gradient accumulators, nParams vectors of 16 bytes
export let grad: usize = 0; // the reduced gradient, nParams floats
export let idxBuf: usize = 0; // table entry of each (position, lane): L × 4 i32
export let tmp: usize = 0; // small per-lane spill area
export let tmpD: usize = 0; // 4 lanes × d floats
export let feistel: usize = 0;
export let metrics: usize = 0; // 5 f64 per epoch: epoch, loss, acc, test_loss, test_acc (accuracies exact: count / n)
export let evalOut: usize = 0;
// Per-group vectors (16 bytes each, also in the scalar build).
export let sA: usize = 0, sGA: usize = 0, sXI: usize = 0, sNXI: usize = 0, sZETA: usize = 0, sGZETA: usize = 0, sGN: usize = 0, sGXI: usize = 0;
export let sHID: usize = 0, sGD: usize = 0, sLOGIT: usize = 0, sPROB: usize = 0, sY: usize = 0, sW: usize = 0, sNorm: usize = 0;
export let tabX: usize = 0; // e^(score − M), M the largest score of the table (see buildTables)
export let sVZ: usize = 0; // V z of each (position, component) for the group's lanes, kept from the forward pass
// p = 2 (the paper's default): lane masks of token 1 per position, and per-entry vector accumulators of
// the table gradients (entry (c, t): d components of V z, then the score), reduced once per step.
export let sMask: usize = 0, gvec: usize = 0;

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
