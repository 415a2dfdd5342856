/**
 * The sandbox transformer, forward and backward written out by hand, in float64.
 * This is the reference every faster engine is checked against: plain loops, no tricks.
 *
 *   e_t  = E[x_t] + P[t]                 z_t = N(e_t)          (N: RMSNorm or its smoothed form, norm.ts)
 *   a    = softmax_t(z_t·q / √d)         ξ   = Σ_t a_t V z_t
 *   ζ    = ξ + W2 gelu(W1 N(ξ) + b1) + b2
 *   logits_y = E[y]·ζ,  loss = cross-entropy, averaged over the batch
 */
import type { Config } from './config';
import { layout, type Layout } from './params';
import { gelu, geluGrad } from './math';
import { normalize, normalizeBackward } from './norm';

export type ModelConfig = Pick<Config, 'p' | 'L' | 'k' | 'd' | 'h' | 'nb_emb' | 'eps' | 'norm' | 'rho'>;

/** Everything the forward pass computes for one sequence (the widgets draw these). */
export interface Trace {
	e: Float64Array; // L×d raw embeddings
	se: Float64Array; // L rms of e_t
	z: Float64Array; // L×d normalised embeddings
	attn: Float64Array; // L attention weights
	vz: Float64Array; // L×d value transform V z_t
	xi: Float64Array; // d sequence embedding
	sxi: number; // rms of ξ
	nxi: Float64Array; // d normalised MLP input
	hpre: Float64Array; // h pre-activations
	hidden: Float64Array; // h GELU activations
	zeta: Float64Array; // d MLP output (with residual)
	logits: Float64Array; // nb_emb
	probs: Float64Array; // nb_emb softmax of logits
}

export function newTrace(m: ModelConfig): Trace {
	const { L, d, h, nb_emb } = m;
	return {
		e: new Float64Array(L * d),
		se: new Float64Array(L),
		z: new Float64Array(L * d),
		attn: new Float64Array(L),
		vz: new Float64Array(L * d),
		xi: new Float64Array(d),
		sxi: 0,
		nxi: new Float64Array(d),
		hpre: new Float64Array(h),
		hidden: new Float64Array(h),
		zeta: new Float64Array(d),
		logits: new Float64Array(nb_emb),
		probs: new Float64Array(nb_emb)
	};
}

/** Forward pass of the sequence X[xo .. xo+L) into tr. */
export function forward(w: ArrayLike<number>, m: ModelConfig, lay: Layout, X: ArrayLike<number>, xo: number, tr: Trace): void {
	const { L, d } = m;
	const E = lay.E.offset, P = lay.P.offset, q = lay.q.offset, V = lay.V.offset;
	const sd = Math.sqrt(d);
	// Embeddings, normalisation, attention scores.
	let max = -Infinity;
	for (let t = 0; t < L; t++) {
		const x = X[xo + t];
		for (let j = 0; j < d; j++) tr.e[t * d + j] = w[E + x * d + j] + w[P + t * d + j];
		tr.se[t] = normalize(tr.e, t * d, d, m, tr.z, t * d);
		let u = 0;
		for (let j = 0; j < d; j++) u += tr.z[t * d + j] * w[q + j];
		tr.attn[t] = u / sd;
		if (tr.attn[t] > max) max = tr.attn[t];
	}
	let sum = 0;
	for (let t = 0; t < L; t++) sum += tr.attn[t] = Math.exp(tr.attn[t] - max);
	for (let t = 0; t < L; t++) tr.attn[t] /= sum;
	// Value transform and the sequence embedding ξ.
	tr.xi.fill(0);
	for (let t = 0; t < L; t++)
		for (let i = 0; i < d; i++) {
			let s = 0;
			for (let j = 0; j < d; j++) s += w[V + i * d + j] * tr.z[t * d + j];
			tr.vz[t * d + i] = s;
			tr.xi[i] += tr.attn[t] * s;
		}
	// Pre-norm MLP with residual, then the tied decoder.
	mlpHead(w, m, lay, tr.xi, 0, tr);
}

// ---------------------------------------------------------------------------------------------
// After attention: the model as a function of ξ alone (the level-line panels evaluate it over a
// plane; forward uses it for every sequence).

export interface HeadOut {
	sxi: number; // rms of ξ
	nxi: Float64Array; // d: N(ξ), the MLP input
	hpre: Float64Array; // h
	hidden: Float64Array; // h
	zeta: Float64Array; // d
	logits: Float64Array; // nb_emb
	probs: Float64Array; // nb_emb
}

export function newHeadOut(m: Pick<ModelConfig, 'd' | 'h' | 'nb_emb'>): HeadOut {
	return {
		sxi: 0,
		nxi: new Float64Array(m.d),
		hpre: new Float64Array(m.h),
		hidden: new Float64Array(m.h),
		zeta: new Float64Array(m.d),
		logits: new Float64Array(m.nb_emb),
		probs: new Float64Array(m.nb_emb)
	};
}

/** MLP with residual, from ξ (length d at xi[xo..]) to ζ, logits and probabilities. */
export function mlpHead(w: ArrayLike<number>, m: ModelConfig, lay: Layout, xi: ArrayLike<number>, xo: number, out: HeadOut): HeadOut {
	const { d, h } = m;
	const W1 = lay.W1.offset, b1 = lay.b1.offset, W2 = lay.W2.offset, b2 = lay.b2.offset;
	out.sxi = normalize(xi, xo, d, m, out.nxi, 0);
	for (let u = 0; u < h; u++) {
		let s = w[b1 + u];
		for (let j = 0; j < d; j++) s += w[W1 + u * d + j] * out.nxi[j];
		out.hpre[u] = s;
		out.hidden[u] = gelu(s);
	}
	for (let i = 0; i < d; i++) {
		let s = xi[xo + i] + w[b2 + i];
		for (let u = 0; u < h; u++) s += w[W2 + i * h + u] * out.hidden[u];
		out.zeta[i] = s;
	}
	decode(w, m, lay, out.zeta, 0, out.logits, out.probs);
	return out;
}

/** Tied decoding: logits_y = E[y] · ζ and their softmax over all nb_emb classes. */
export function decode(w: ArrayLike<number>, m: Pick<ModelConfig, 'd' | 'nb_emb'>, lay: Layout, zeta: ArrayLike<number>, zo: number, logits: Float64Array, probs: Float64Array): void {
	const { d, nb_emb } = m;
	const E = lay.E.offset;
	let max = -Infinity;
	for (let y = 0; y < nb_emb; y++) {
		let s = 0;
		for (let j = 0; j < d; j++) s += w[E + y * d + j] * zeta[zo + j];
		logits[y] = s;
		if (s > max) max = s;
	}
	let sum = 0;
	for (let y = 0; y < nb_emb; y++) sum += probs[y] = Math.exp(logits[y] - max);
	for (let y = 0; y < nb_emb; y++) probs[y] /= sum;
}

/** Scratch buffers for the backward pass of one sequence. */
interface Scratch {
	gzeta: Float64Array;
	ghid: Float64Array;
	gn: Float64Array;
	gxi: Float64Array;
	gz: Float64Array;
	ge: Float64Array;
	gu: Float64Array;
}

function newScratch(m: ModelConfig): Scratch {
	const { L, d, h } = m;
	return {
		gzeta: new Float64Array(d),
		ghid: new Float64Array(h),
		gn: new Float64Array(d),
		gxi: new Float64Array(d),
		gz: new Float64Array(L * d),
		ge: new Float64Array(L * d),
		gu: new Float64Array(L)
	};
}

/**
 * Backward pass of one sequence whose forward is in tr, with label y, scaled by `scale` (1/B for
 * a mean over the batch); gradients are added into g (same layout as w).
 */
export function backward(w: ArrayLike<number>, m: ModelConfig, lay: Layout, X: ArrayLike<number>, xo: number, y: number, tr: Trace, scale: number, g: Float64Array, s: Scratch): void {
	const { L, d, h, nb_emb } = m;
	const E = lay.E.offset, P = lay.P.offset, q = lay.q.offset, V = lay.V.offset;
	const W1 = lay.W1.offset, b1 = lay.b1.offset, W2 = lay.W2.offset, b2 = lay.b2.offset;
	const sd = Math.sqrt(d);
	// Cross-entropy through the tied decoder: ∂L/∂logit_c = p_c − [c = y].
	s.gzeta.fill(0);
	for (let c = 0; c < nb_emb; c++) {
		const gl = (tr.probs[c] - (c === y ? 1 : 0)) * scale;
		for (let j = 0; j < d; j++) {
			g[E + c * d + j] += gl * tr.zeta[j];
			s.gzeta[j] += gl * w[E + c * d + j];
		}
	}
	// MLP: ζ = ξ + W2 gelu(W1 n + b1) + b2.
	for (let i = 0; i < d; i++) g[b2 + i] += s.gzeta[i];
	s.ghid.fill(0);
	for (let i = 0; i < d; i++)
		for (let u = 0; u < h; u++) {
			g[W2 + i * h + u] += s.gzeta[i] * tr.hidden[u];
			s.ghid[u] += s.gzeta[i] * w[W2 + i * h + u];
		}
	s.gn.fill(0);
	for (let u = 0; u < h; u++) {
		const gp = s.ghid[u] * geluGrad(tr.hpre[u]);
		g[b1 + u] += gp;
		for (let j = 0; j < d; j++) {
			g[W1 + u * d + j] += gp * tr.nxi[j];
			s.gn[j] += gp * w[W1 + u * d + j];
		}
	}
	s.gxi.set(s.gzeta); // residual path
	normalizeBackward(tr.xi, 0, tr.sxi, d, m, s.gn, 0, s.gxi, 0);
	// Attention: ξ = Σ_t a_t V z_t.
	let ag = 0;
	s.gz.fill(0);
	for (let t = 0; t < L; t++) {
		let ga = 0;
		for (let i = 0; i < d; i++) {
			ga += tr.vz[t * d + i] * s.gxi[i];
			const gv = tr.attn[t] * s.gxi[i];
			for (let j = 0; j < d; j++) {
				g[V + i * d + j] += gv * tr.z[t * d + j];
				s.gz[t * d + j] += gv * w[V + i * d + j];
			}
		}
		s.gu[t] = ga;
		ag += tr.attn[t] * ga;
	}
	// Softmax over positions, then the scores u_t = z_t·q/√d.
	s.ge.fill(0);
	for (let t = 0; t < L; t++) {
		const gu = (tr.attn[t] * (s.gu[t] - ag)) / sd;
		for (let j = 0; j < d; j++) {
			g[q + j] += gu * tr.z[t * d + j];
			s.gz[t * d + j] += gu * w[q + j];
		}
		normalizeBackward(tr.e, t * d, tr.se[t], d, m, s.gz, t * d, s.ge, t * d);
		const x = X[xo + t];
		for (let j = 0; j < d; j++) {
			g[E + x * d + j] += s.ge[t * d + j];
			g[P + t * d + j] += s.ge[t * d + j];
		}
	}
}

/** −log p(y), computed stably from the logits. */
export function crossEntropy(tr: Trace, y: number): number {
	let max = -Infinity;
	for (const l of tr.logits) if (l > max) max = l;
	let sum = 0;
	for (const l of tr.logits) sum += Math.exp(l - max);
	return max + Math.log(sum) - tr.logits[y];
}

/** argmax of the logits (first maximum wins, as torch.argmax). */
export function predict(tr: Trace): number {
	let best = 0;
	for (let c = 1; c < tr.logits.length; c++) if (tr.logits[c] > tr.logits[best]) best = c;
	return best;
}

/** A reusable model: holds its layout and scratch space. */
export class Model {
	readonly lay: Layout;
	readonly trace: Trace;
	private readonly scratch: Scratch;
	constructor(readonly m: ModelConfig) {
		this.lay = layout(m);
		this.trace = newTrace(m);
		this.scratch = newScratch(m);
	}

	/** Mean loss over the given rows and its gradient (overwrites g). Returns the loss. */
	lossAndGrad(w: ArrayLike<number>, X: ArrayLike<number>, Y: ArrayLike<number>, rows: ArrayLike<number>, g: Float64Array): number {
		g.fill(0);
		const B = rows.length;
		let loss = 0;
		for (let b = 0; b < B; b++) {
			const r = rows[b];
			this.forward(w, X, r);
			loss += crossEntropy(this.trace, Y[r]);
			backward(w, this.m, this.lay, X, r * this.m.L, Y[r], this.trace, 1 / B, g, this.scratch);
		}
		return loss / B;
	}

	forward(w: ArrayLike<number>, X: ArrayLike<number>, row: number): Trace {
		forward(w, this.m, this.lay, X, row * this.m.L, this.trace);
		return this.trace;
	}

	/** Mean loss and accuracy over a whole split. */
	evaluate(w: ArrayLike<number>, split: { X: ArrayLike<number>; Y: ArrayLike<number>; n: number }): { loss: number; acc: number } {
		let loss = 0;
		let correct = 0;
		for (let r = 0; r < split.n; r++) {
			this.forward(w, split.X, r);
			loss += crossEntropy(this.trace, split.Y[r]);
			if (predict(this.trace) === split.Y[r]) correct++;
		}
		return { loss: loss / split.n, acc: correct / split.n };
	}
}
