/**
 * The part of the model after attention, as a function of the sentence embedding ξ alone:
 *   ζ = ξ + W2 gelu(W1 N(ξ) + b1) + b2,   p(y | ξ) = softmax_y(E[y] · ζ).
 * The level-line panels evaluate it over a grid of the plane, the ideal circuit is designed with
 * it. It uses model.ts's `normalize` and math.ts's `gelu`, and the tests check it against
 * `forward`'s trace, so it cannot drift from the model.
 */
import { gelu } from './math';
import { normalize, type ModelConfig } from './model';
import type { Layout } from './params';

export interface HeadOut {
	nxi: Float64Array; // d: N(ξ), the MLP input
	hpre: Float64Array; // h
	hidden: Float64Array; // h
	zeta: Float64Array; // d
	logits: Float64Array; // nb_emb
	probs: Float64Array; // nb_emb
}

export function newHeadOut(m: Pick<ModelConfig, 'd' | 'h' | 'nb_emb'>): HeadOut {
	return {
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
	normalize(xi, xo, d, m, out.nxi, 0);
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
