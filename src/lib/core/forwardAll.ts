/**
 * Everything the sixteen sandbox panels draw, for one snapshot's flat parameters, in one call.
 *
 * Before attention every quantity depends only on the (token, position) pair, so the tables
 * (raw and normalised embeddings, attention scores, V z) have nb_emb × L entries; they are read
 * off model.ts's `forward` run on the constant sentences (x, x, …, x), whose trace holds
 * E[x] + P[t], z and V z for every t. The probe sentences go through `forward` as they are.
 * Layouts are row-major; a table entry (x, t) is at (x·L + t)·d.
 */
import { forward, newTrace, type ModelConfig } from './model';
import { layout, view, type Layout } from './params';
import type { ProbeSet } from './probes';

export interface TokenPositionTables {
	/** nb_emb × L × d: E[x] + P[t]. */
	raw: Float64Array;
	/** nb_emb × L × d: z = N(E[x] + P[t]). */
	normed: Float64Array;
	/** nb_emb × L: attention score z·q/√d (before the softmax over positions). */
	scores: Float64Array;
	/** nb_emb × L × d: V z. */
	valueZ: Float64Array;
}

export interface ProbeForward {
	n: number;
	/** n × L attention weights. */
	attn: Float64Array;
	/** n × d sequence embeddings ξ. */
	xi: Float64Array;
	/** n × d normalised MLP inputs N(ξ). */
	xiNorm: Float64Array;
	/** n × h GELU activations. */
	hidden: Float64Array;
	/** n × d MLP outputs ζ (with the residual). */
	zeta: Float64Array;
	/** n × nb_emb output probabilities. */
	probs: Float64Array;
	/** n predicted classes (argmax, first wins). */
	pred: Int32Array;
}

export interface SnapshotView extends TokenPositionTables {
	m: ModelConfig;
	lay: Layout;
	/** nb_emb × d token embeddings (also the decoder). */
	tokenEmb: Float64Array;
	/** L × d position embeddings. */
	posEmb: Float64Array;
	/** d: the attention query. */
	query: Float64Array;
	/** h × d receptors: rows of W1. */
	receptors: Float64Array;
	/** h: MLP biases b1. */
	biases: Float64Array;
	/** h × d assemblers: columns of W2 (unit u's output direction), transposed to rows. */
	assemblers: Float64Array;
	/** d: output bias b2. */
	outBias: Float64Array;
	probes: ProbeForward;
}

/** The (token, position) tables for all nb_emb tokens and L positions. */
export function tokenPositionTables(w: ArrayLike<number>, m: ModelConfig, lay: Layout = layout(m)): TokenPositionTables {
	const { L, d, nb_emb } = m;
	const raw = new Float64Array(nb_emb * L * d);
	const normed = new Float64Array(nb_emb * L * d);
	const scores = new Float64Array(nb_emb * L);
	const valueZ = new Float64Array(nb_emb * L * d);
	const tr = newTrace(m);
	const X = new Int32Array(L);
	const q = lay.q.offset;
	for (let x = 0; x < nb_emb; x++) {
		X.fill(x);
		forward(w, m, lay, X, 0, tr);
		raw.set(tr.e, x * L * d);
		normed.set(tr.z, x * L * d);
		valueZ.set(tr.vz, x * L * d);
		for (let t = 0; t < L; t++) {
			let s = 0;
			for (let j = 0; j < d; j++) s += tr.z[t * d + j] * w[q + j];
			scores[x * L + t] = s / Math.sqrt(d);
		}
	}
	return { raw, normed, scores, valueZ };
}

/** The forward pass of every row of X (n × L), keeping what the panels draw. */
export function forwardRows(w: ArrayLike<number>, m: ModelConfig, X: ArrayLike<number>, n: number, lay: Layout = layout(m)): ProbeForward {
	const { L, d, h, nb_emb } = m;
	const out: ProbeForward = {
		n,
		attn: new Float64Array(n * L),
		xi: new Float64Array(n * d),
		xiNorm: new Float64Array(n * d),
		hidden: new Float64Array(n * h),
		zeta: new Float64Array(n * d),
		probs: new Float64Array(n * nb_emb),
		pred: new Int32Array(n)
	};
	const tr = newTrace(m);
	for (let r = 0; r < n; r++) {
		forward(w, m, lay, X, r * L, tr);
		out.attn.set(tr.attn, r * L);
		out.xi.set(tr.xi, r * d);
		out.xiNorm.set(tr.nxi, r * d);
		out.hidden.set(tr.hidden, r * h);
		out.zeta.set(tr.zeta, r * d);
		out.probs.set(tr.probs, r * nb_emb);
		let best = 0;
		for (let c = 1; c < nb_emb; c++) if (tr.logits[c] > tr.logits[best]) best = c;
		out.pred[r] = best;
	}
	return out;
}

/** Everything the panels draw for one snapshot (see SnapshotView). */
export function forwardAll(w: ArrayLike<number>, m: ModelConfig, probes: Pick<ProbeSet, 'X' | 'n'>): SnapshotView {
	const lay = layout(m);
	const { d, h } = m;
	const flat = Float64Array.from(w as ArrayLike<number>);
	const W2 = view(flat, lay, 'W2');
	const assemblers = new Float64Array(h * d);
	for (let u = 0; u < h; u++) for (let i = 0; i < d; i++) assemblers[u * d + i] = W2[i * h + u];
	return {
		m,
		lay,
		tokenEmb: view(flat, lay, 'E').slice(),
		posEmb: view(flat, lay, 'P').slice(),
		query: view(flat, lay, 'q').slice(),
		receptors: view(flat, lay, 'W1').slice(),
		biases: view(flat, lay, 'b1').slice(),
		assemblers,
		outBias: view(flat, lay, 'b2').slice(),
		...tokenPositionTables(flat, m, lay),
		probes: forwardRows(flat, m, probes.X, probes.n, lay)
	};
}
