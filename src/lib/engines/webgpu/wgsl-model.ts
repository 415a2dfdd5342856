/**
 * The WGSL program of one population shape: the model's forward and backward for one sequence
 * (a line-by-line port of core/model.ts in float32), and three entry points:
 *
 *  - `train`: one invocation per member runs `nsteps` Adam steps without leaving the kernel. The
 *    member's parameters and gradient live in private memory; Adam's m and v stay in storage.
 *    Batches come from the reference's epoch order, evaluated on the GPU (Feistel on mix32), or
 *    from an explicit index list (parity fixtures).
 *  - `grad`: loss, logits, gradient and intermediates of one member on one explicit batch.
 *  - `evaluate`: one workgroup per member, rows strided over its threads and reduced in shared
 *    memory: loss and accuracy on the train and test sets (or the train set only, for the grid).
 *
 * Shapes are compile-time constants (one pipeline per shape), so every inner loop over d, h, L has
 * a fixed trip count and the private arrays have fixed sizes.
 *
 * Storage layouts: parameters are member-interleaved, entry i of member r at i·R + r, so that the
 * 32 threads of a warp touching the same entry read consecutive words. Tokens come either from the
 * data stream (token (row, t) = below(dataKey, row·L + t, p), test rows after the n train rows, as
 * core/data.ts) or from an uploaded u32 buffer.
 */
import type { Config } from '../../core/config';
import { layout } from '../../core/params';
import { BINDING, uniformStruct } from './bindings';
import { ERF_WGSL, RNG_WGSL } from './wgsl-lib';

export type ShapeConfig = Pick<Config, 'p' | 'L' | 'k' | 'd' | 'h' | 'nb_emb' | 'eps' | 'norm' | 'rho'>;

export const EVAL_WG = 64;
export const TRAIN_WG = 64;
/** Evaluation dispatches are 2-D: member = x + y·evalRow (at most 65535 workgroups per dimension). */
export const EVAL_ROW = 32768;

/** Bit flags of Uniforms.flags. */
export const FLAG = { uploaded: 1, explicit: 2, record: 4, trainOnly: 8 } as const;

function f32lit(x: number): string {
	const s = String(x);
	return /[.e]/.test(s) ? s : s + '.0';
}

/** The WGSL source for one shape. */
export function programSource(c: ShapeConfig): string {
	const lay = layout(c);
	const { L, d: D, h: H, nb_emb: NB, p, k } = c;
	return /* wgsl */ `
${uniformStruct()}
const L: u32 = ${L}u;
const D: u32 = ${D}u;
const H: u32 = ${H}u;
const NB: u32 = ${NB}u;
const PV: u32 = ${p}u;
const K: u32 = ${k}u;
const NP: u32 = ${lay.total}u;
const OE: u32 = ${lay.E.offset}u;
const OP: u32 = ${lay.P.offset}u;
const OQ: u32 = ${lay.q.offset}u;
const OV: u32 = ${lay.V.offset}u;
const OW1: u32 = ${lay.W1.offset}u;
const OB1: u32 = ${lay.b1.offset}u;
const OW2: u32 = ${lay.W2.offset}u;
const OB2: u32 = ${lay.b2.offset}u;
const EPS: f32 = ${f32lit(c.eps)};
const RHO: f32 = ${f32lit(c.rho)};
const SMOOTH: bool = ${c.norm === 'smooth'};
const SQRT_D: f32 = ${f32lit(Math.sqrt(D))};
const FD: f32 = ${f32lit(D)};

@group(0) @binding(${BINDING.uniforms}) var<uniform> U: Uniforms;
// Parameters, member-interleaved: entry i of member r at W[i * R + r].
@group(0) @binding(${BINDING.W}) var<storage, read_write> W: array<f32>;
// Adam moments: m at opt[i * R + r], v at opt[(NP + i) * R + r].
@group(0) @binding(${BINDING.opt}) var<storage, read_write> opt: array<f32>;
// Per member: (lr, mlp lr, shuffle stream key, data stream key); floats as bits.
@group(0) @binding(${BINDING.members}) var<storage, read> members: array<vec4<u32>>;
// Uploaded data (train X, train Y, test X, test Y) when FLAG uploaded.
@group(0) @binding(${BINDING.data}) var<storage, read> data: array<u32>;
// Explicit batches: offsets[nsteps + 1] then row indices.
@group(0) @binding(${BINDING.batches}) var<storage, read> batches: array<u32>;
// Per step of this dispatch: (1 − β1^t, sqrt(1 − β2^t)), computed in float64 on the host.
@group(0) @binding(${BINDING.bias}) var<storage, read> bias: array<vec2<f32>>;
// Per member: (last loss bits, diverged step or 0), then per step per member the loss (FLAG record).
// The grad entry point writes its report here instead.
@group(0) @binding(${BINDING.out}) var<storage, read_write> outp: array<u32>;
// Evaluation: per slot per member (train loss, train acc, test loss, test acc).
@group(0) @binding(${BINDING.evals}) var<storage, read_write> evals: array<f32>;

${RNG_WGSL}
${ERF_WGSL}

var<private> w: array<f32, NP>;
var<private> g: array<f32, NP>;
var<private> xs: array<u32, L>;
var<private> e: array<f32, ${L * D}>;
var<private> se: array<f32, L>;
var<private> z: array<f32, ${L * D}>;
var<private> attn: array<f32, L>;
var<private> vz: array<f32, ${L * D}>;
var<private> xi: array<f32, D>;
var<private> sxi: f32;
var<private> nxi: array<f32, D>;
var<private> hpre: array<f32, H>;
var<private> hid: array<f32, H>;
var<private> hphi: array<f32, H>; // Φ(hpre), kept for the backward pass (saves an erf per unit)
var<private> zeta: array<f32, D>;
var<private> logits: array<f32, NB>;
var<private> probs: array<f32, NB>;
// Backward scratch.
var<private> gzeta: array<f32, D>;
var<private> ghid: array<f32, H>;
var<private> gn: array<f32, D>;
var<private> gxi: array<f32, D>;
var<private> gz: array<f32, ${L * D}>;
var<private> gu: array<f32, L>;

fn is_finite(x: f32) -> bool { return (bitcast<u32>(x) & 0x7f800000u) != 0x7f800000u; }

// N(v) = c(s)·v, s = sqrt(mean v²): returns (c, dc/ds).
fn norm_scale(s: f32) -> vec2<f32> {
	let inv = 1.0 / (s + EPS);
	if (!SMOOTH) { return vec2<f32>(inv, -inv * inv); }
	let t = s / RHO;
	var gg = 1.0;
	var dg = 0.0;
	if (t < 1.0) { gg = t * (2.0 - t); dg = (2.0 - 2.0 * t) / RHO; }
	return vec2<f32>(gg * inv, dg * inv - gg * inv * inv);
}

// Tokens of one row into xs; returns its label. split 0 = train, 1 = test.
fn load_row(row: u32, split: u32, data_key: u32) -> u32 {
	if ((U.flags & ${FLAG.uploaded}u) != 0u) {
		var ox = 0u;
		var oy = U.o_train_y;
		if (split == 1u) { ox = U.o_test_x; oy = U.o_test_y; }
		for (var t = 0u; t < L; t++) { xs[t] = data[ox + row * L + t]; }
		return data[oy + row];
	}
	let first = row + split * U.n; // the test set is drawn after the n training rows
	var s = 0u;
	for (var t = 0u; t < L; t++) {
		let x = below(data_key, (first * L + t), PV);
		xs[t] = x;
		if (t < K) { s += x; }
	}
	return s % PV;
}

fn load_params(r: u32) {
	for (var i = 0u; i < NP; i++) { w[i] = W[i * U.R + r]; }
}

// Forward pass of the sequence in xs; returns the cross-entropy with label y.
fn forward(y: u32) -> f32 {
	var mx = -3.0e38;
	for (var t = 0u; t < L; t++) {
		let x = xs[t];
		var ss = 0.0;
		for (var j = 0u; j < D; j++) {
			let v = w[OE + x * D + j] + w[OP + t * D + j];
			e[t * D + j] = v;
			ss += v * v;
		}
		let s = sqrt(ss / FD);
		se[t] = s;
		let c = norm_scale(s).x;
		var u = 0.0;
		for (var j = 0u; j < D; j++) {
			let zz = c * e[t * D + j];
			z[t * D + j] = zz;
			u += zz * w[OQ + j];
		}
		attn[t] = u / SQRT_D;
		mx = max(mx, attn[t]);
	}
	var sum = 0.0;
	for (var t = 0u; t < L; t++) { let a = exp(attn[t] - mx); attn[t] = a; sum += a; }
	for (var t = 0u; t < L; t++) { attn[t] /= sum; }
	for (var i = 0u; i < D; i++) { xi[i] = 0.0; }
	for (var t = 0u; t < L; t++) {
		for (var i = 0u; i < D; i++) {
			var s = 0.0;
			for (var j = 0u; j < D; j++) { s += w[OV + i * D + j] * z[t * D + j]; }
			vz[t * D + i] = s;
			xi[i] += attn[t] * s;
		}
	}
	var ss = 0.0;
	for (var j = 0u; j < D; j++) { ss += xi[j] * xi[j]; }
	sxi = sqrt(ss / FD);
	let c = norm_scale(sxi).x;
	for (var j = 0u; j < D; j++) { nxi[j] = c * xi[j]; }
	for (var u = 0u; u < H; u++) {
		var s = w[OB1 + u];
		for (var j = 0u; j < D; j++) { s += w[OW1 + u * D + j] * nxi[j]; }
		hpre[u] = s;
		let ph = phi_cdf(s);
		hphi[u] = ph;
		hid[u] = s * ph;
	}
	for (var i = 0u; i < D; i++) {
		var s = xi[i] + w[OB2 + i];
		for (var u = 0u; u < H; u++) { s += w[OW2 + i * H + u] * hid[u]; }
		zeta[i] = s;
	}
	mx = -3.0e38;
	for (var q = 0u; q < NB; q++) {
		var s = 0.0;
		for (var j = 0u; j < D; j++) { s += w[OE + q * D + j] * zeta[j]; }
		logits[q] = s;
		mx = max(mx, s);
	}
	sum = 0.0;
	for (var q = 0u; q < NB; q++) { let a = exp(logits[q] - mx); probs[q] = a; sum += a; }
	for (var q = 0u; q < NB; q++) { probs[q] /= sum; }
	return mx + log(sum) - logits[y];
}

fn predict() -> u32 {
	var best = 0u;
	for (var q = 1u; q < NB; q++) { if (logits[q] > logits[best]) { best = q; } }
	return best;
}

// Gradient through N at v (length D, rms s), upstream gz_in: returns dL/dv_j for one j via k, c.
// Used inline below as: gv_j += c·gz_j + k·v_j with k = dc·(v·gz)/(D·s).

// Backward pass of the sequence in xs (forward state in the private arrays), label y, scaled by
// 1/B: adds into g. Mirrors core/model.ts backward().
fn backward(y: u32, scale: f32) {
	for (var j = 0u; j < D; j++) { gzeta[j] = 0.0; }
	for (var q = 0u; q < NB; q++) {
		var gl = probs[q];
		if (q == y) { gl -= 1.0; }
		gl *= scale;
		for (var j = 0u; j < D; j++) {
			g[OE + q * D + j] += gl * zeta[j];
			gzeta[j] += gl * w[OE + q * D + j];
		}
	}
	for (var i = 0u; i < D; i++) { g[OB2 + i] += gzeta[i]; }
	for (var u = 0u; u < H; u++) { ghid[u] = 0.0; }
	for (var i = 0u; i < D; i++) {
		for (var u = 0u; u < H; u++) {
			g[OW2 + i * H + u] += gzeta[i] * hid[u];
			ghid[u] += gzeta[i] * w[OW2 + i * H + u];
		}
	}
	for (var j = 0u; j < D; j++) { gn[j] = 0.0; }
	for (var u = 0u; u < H; u++) {
		let x = hpre[u];
		let gp = ghid[u] * (hphi[u] + x * 0.39894228040143267794 * exp(-0.5 * x * x)); // GELU' = Φ + x·φ
		g[OB1 + u] += gp;
		for (var j = 0u; j < D; j++) {
			g[OW1 + u * D + j] += gp * nxi[j];
			gn[j] += gp * w[OW1 + u * D + j];
		}
	}
	// Residual path plus the normalisation of ξ.
	{
		let cd = norm_scale(sxi);
		var vg = 0.0;
		for (var j = 0u; j < D; j++) { vg += xi[j] * gn[j]; }
		var kk = 0.0;
		if (sxi > 0.0) { kk = cd.y * vg / (FD * sxi); }
		for (var j = 0u; j < D; j++) { gxi[j] = gzeta[j] + cd.x * gn[j] + kk * xi[j]; }
	}
	var ag = 0.0;
	for (var t = 0u; t < L; t++) {
		for (var j = 0u; j < D; j++) { gz[t * D + j] = 0.0; }
		var ga = 0.0;
		for (var i = 0u; i < D; i++) {
			ga += vz[t * D + i] * gxi[i];
			let gv = attn[t] * gxi[i];
			for (var j = 0u; j < D; j++) {
				g[OV + i * D + j] += gv * z[t * D + j];
				gz[t * D + j] += gv * w[OV + i * D + j];
			}
		}
		gu[t] = ga;
		ag += attn[t] * ga;
	}
	for (var t = 0u; t < L; t++) {
		let gs = attn[t] * (gu[t] - ag) / SQRT_D;
		for (var j = 0u; j < D; j++) {
			g[OQ + j] += gs * z[t * D + j];
			gz[t * D + j] += gs * w[OQ + j];
		}
		let s = se[t];
		let cd = norm_scale(s);
		var vg = 0.0;
		for (var j = 0u; j < D; j++) { vg += e[t * D + j] * gz[t * D + j]; }
		var kk = 0.0;
		if (s > 0.0) { kk = cd.y * vg / (FD * s); }
		let x = xs[t];
		for (var j = 0u; j < D; j++) {
			let ge = cd.x * gz[t * D + j] + kk * e[t * D + j];
			g[OE + x * D + j] += ge;
			g[OP + t * D + j] += ge;
		}
	}
}

// Row index of sample i (0 ≤ i < n) of epoch ep: the reference's FeistelPermutation(n, epochKey).at(i).
fn epoch_row(i: u32, shuffle_key: u32, ep: u32) -> u32 {
	return feistel_at(i, U.n, draw32(shuffle_key, ep), U.fhalf, U.fmask);
}

@compute @workgroup_size(${TRAIN_WG})
fn train(@builtin(global_invocation_id) gid: vec3<u32>) {
	let r = gid.x;
	if (r >= U.R) { return; }
	if (outp[2u * r + 1u] != 0u) { return; } // diverged earlier: frozen
	let mem = members[r];
	let lr = bitcast<f32>(mem.x);
	let lr_mlp = bitcast<f32>(mem.y);
	load_params(r);
	let b1 = U.beta1;
	let b2 = U.beta2;
	var last = bitcast<f32>(outp[2u * r]);
	for (var s = 0u; s < U.nsteps; s++) {
		let step = U.step0 + s;
		var lo: u32;
		var hi: u32;
		let expl = (U.flags & ${FLAG.explicit}u) != 0u;
		if (expl) {
			lo = batches[s];
			hi = batches[s + 1u];
		} else {
			let j = step % U.spe;
			lo = j * U.batch;
			hi = min(U.n, lo + U.batch);
		}
		let ep = step / U.spe;
		let scale = 1.0 / f32(hi - lo);
		for (var i = 0u; i < NP; i++) { g[i] = 0.0; }
		var loss = 0.0;
		for (var b = lo; b < hi; b++) {
			var row: u32;
			if (expl) { row = batches[U.nsteps + 1u + b]; } else { row = epoch_row(b, mem.z, ep); }
			let y = load_row(row, 0u, mem.w);
			loss += forward(y);
			backward(y, scale);
		}
		loss *= scale;
		if ((U.flags & ${FLAG.record}u) != 0u) { outp[2u * U.R + s * U.R + r] = bitcast<u32>(loss); }
		last = loss;
		if (!is_finite(loss)) { outp[2u * r + 1u] = step + 1u; break; }
		// Adam, PyTorch's bias-corrected form: w -= lr/bc1 · m / (sqrt(v)/sqrt(bc2) + eps).
		let bc = bias[U.bias_base + s];
		var ok = true;
		for (var i = 0u; i < NP; i++) {
			let gi = g[i];
			let im = i * U.R + r;
			let iv = (NP + i) * U.R + r;
			let m = b1 * opt[im] + (1.0 - b1) * gi;
			let v = b2 * opt[iv] + (1.0 - b2) * gi * gi;
			opt[im] = m;
			opt[iv] = v;
			var a = lr;
			if (i >= OW1) { a = lr_mlp; }
			let wi = w[i] - (a / bc.x) * (m / (sqrt(v) / bc.y + U.adam_eps));
			w[i] = wi;
			ok = ok && is_finite(wi);
		}
		if (!ok) { outp[2u * r + 1u] = step + 1u; break; }
	}
	outp[2u * r] = bitcast<u32>(last);
	for (var i = 0u; i < NP; i++) { W[i * U.R + r] = w[i]; }
}

// Loss, logits, gradient and intermediates of member 0 on explicit batch 0, written to outp as
// f32 bits: [loss, logits B·NB, grad NP, z B·L·D, attn B·L, xi B·D, hidden B·H, zeta B·D].
@compute @workgroup_size(1)
fn grad() {
	let mem = members[0];
	load_params(0u);
	let lo = batches[0];
	let hi = batches[1];
	let B = hi - lo;
	let scale = 1.0 / f32(B);
	for (var i = 0u; i < NP; i++) { g[i] = 0.0; }
	var loss = 0.0;
	let o_logits = 1u;
	let o_g = o_logits + B * NB;
	let o_z = o_g + NP;
	let o_attn = o_z + B * L * D;
	let o_xi = o_attn + B * L;
	let o_hid = o_xi + B * D;
	let o_zeta = o_hid + B * H;
	for (var b = 0u; b < B; b++) {
		let y = load_row(batches[U.nsteps + 1u + lo + b], 0u, mem.w);
		loss += forward(y);
		backward(y, scale);
		for (var q = 0u; q < NB; q++) { outp[o_logits + b * NB + q] = bitcast<u32>(logits[q]); }
		for (var i = 0u; i < L * D; i++) { outp[o_z + b * L * D + i] = bitcast<u32>(z[i]); }
		for (var t = 0u; t < L; t++) { outp[o_attn + b * L + t] = bitcast<u32>(attn[t]); }
		for (var j = 0u; j < D; j++) {
			outp[o_xi + b * D + j] = bitcast<u32>(xi[j]);
			outp[o_zeta + b * D + j] = bitcast<u32>(zeta[j]);
		}
		for (var u = 0u; u < H; u++) { outp[o_hid + b * H + u] = bitcast<u32>(hid[u]); }
	}
	outp[0] = bitcast<u32>(loss * scale);
	for (var i = 0u; i < NP; i++) { outp[o_g + i] = bitcast<u32>(g[i]); }
}

var<workgroup> red: array<vec4<f32>, ${EVAL_WG}>;

// One workgroup per member; threads take rows lid, lid + ${EVAL_WG}, … and reduce in shared memory.
@compute @workgroup_size(${EVAL_WG})
fn evaluate(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
	let r = wid.x + wid.y * U.eval_row;
	if (r >= U.R) { return; } // uniform across the workgroup
	let mem = members[r];
	if (lid < max(U.n, U.n_test)) { load_params(r); } // threads without rows (tiny data sets) skip the loads
	var acc = vec4<f32>(0.0);
	for (var row = lid; row < U.n; row += ${EVAL_WG}u) {
		let y = load_row(row, 0u, mem.w);
		acc.x += forward(y);
		if (predict() == y) { acc.y += 1.0; }
	}
	if ((U.flags & ${FLAG.trainOnly}u) == 0u) {
		for (var row = lid; row < U.n_test; row += ${EVAL_WG}u) {
			let y = load_row(row, 1u, mem.w);
			acc.z += forward(y);
			if (predict() == y) { acc.w += 1.0; }
		}
	}
	red[lid] = acc;
	workgroupBarrier();
	for (var st = ${EVAL_WG / 2}u; st > 0u; st >>= 1u) {
		if (lid < st) { red[lid] += red[lid + st]; }
		workgroupBarrier();
	}
	if (lid == 0u) {
		let t = red[0];
		let nt = max(f32(U.n_test), 1.0);
		let o = (U.eval_slot * U.R + r) * 4u;
		evals[o] = t.x / f32(U.n);
		evals[o + 1u] = t.y / f32(U.n);
		evals[o + 2u] = t.z / nt;
		evals[o + 3u] = t.w / nt;
	}
}
`;
}
