/**
 * Per-layer gradient norms (the paper's App. A.1, Fig 15–16: drops and spikes of the loss come
 * with bursts of gradient norm). Layers group the tensors of params.ts's flat layout:
 * embeddings (E, P), attention (q, V), MLP (W1, b1, W2, b2). Norms are Euclidean.
 *
 * Which gradient: a full-batch run (batch = n) steps on the full-batch gradient, so
 * `fullBatchGradNorms` at its snapshots is the gradient it used. A mini-batch run steps on one
 * batch's gradient at a time; `epochBatchGradNorms` gives the norms of the gradients of an epoch's
 * own mini-batches (in the order the trainer draws them), all taken at the parameters that epoch
 * starts from: the first is exactly the optimizer's first step of the epoch, the others approximate
 * its later steps (the weights move a little within the epoch). Their mean is what the optimizer
 * feels; the norm of their mean is the full-batch gradient, smaller whenever the batches disagree.
 */
import type { Config } from './config';
import type { Split } from './data';
import { Model, type ModelConfig } from './model';
import { layout, PARAM_NAMES, type Layout, type ParamName } from './params';
import { epochOrder } from './rng';

export const LAYERS = {
	embeddings: ['E', 'P'],
	attention: ['q', 'V'],
	mlp: ['W1', 'b1', 'W2', 'b2']
} as const satisfies Record<string, readonly ParamName[]>;
export type LayerName = keyof typeof LAYERS;

export interface GradNorms {
	tensors: Record<ParamName, number>;
	layers: Record<LayerName, number>;
	total: number;
}

/** Norms of a flat gradient (same layout as the parameters). */
export function gradNorms(g: ArrayLike<number>, lay: Layout): GradNorms {
	const sq = {} as Record<ParamName, number>;
	for (const name of PARAM_NAMES) {
		let s = 0;
		const { offset, size } = lay[name];
		for (let i = offset; i < offset + size; i++) s += g[i] * g[i];
		sq[name] = s;
	}
	const tensors = Object.fromEntries(PARAM_NAMES.map((n) => [n, Math.sqrt(sq[n])])) as Record<ParamName, number>;
	const layers = Object.fromEntries(Object.entries(LAYERS).map(([l, names]) => [l, Math.sqrt(names.reduce((a, n) => a + sq[n], 0))])) as Record<LayerName, number>;
	return { tensors, layers, total: Math.sqrt(PARAM_NAMES.reduce((a, n) => a + sq[n], 0)) };
}

/** Full-batch gradient of the mean loss over a split, and its norms (for the full-batch figure). */
export function fullBatchGradNorms(cfg: ModelConfig, params: ArrayLike<number>, split: Split): GradNorms & { loss: number } {
	const model = new Model(cfg);
	const g = new Float64Array(layout(cfg).total);
	const rows = Int32Array.from({ length: split.n }, (_, i) => i);
	const loss = model.lossAndGrad(params, split.X, split.Y, rows, g);
	return { ...gradNorms(g, model.lay), loss };
}

/**
 * Mean per-layer norms of the mini-batch gradients of epoch `epoch` (0-based: the epoch that starts
 * after `epoch` completed ones), all at `params`; `first` is the norms of its first batch alone.
 */
export function epochBatchGradNorms(
	cfg: ModelConfig & Pick<Config, 'seed' | 'batch'>,
	params: ArrayLike<number>,
	split: Split,
	epoch: number
): GradNorms & { loss: number; batches: number; first: GradNorms } {
	const model = new Model(cfg);
	const g = new Float64Array(layout(cfg).total);
	const order = epochOrder(split.n, cfg.seed, epoch);
	const batches = Math.ceil(split.n / cfg.batch);
	const sum = { tensors: Object.fromEntries(PARAM_NAMES.map((n) => [n, 0])) as Record<ParamName, number>, layers: { embeddings: 0, attention: 0, mlp: 0 } as Record<LayerName, number>, total: 0 };
	let loss = 0;
	let first: GradNorms | undefined;
	for (let b = 0; b < batches; b++) {
		const rows = order.subarray(b * cfg.batch, Math.min(split.n, (b + 1) * cfg.batch));
		loss += model.lossAndGrad(params, split.X, split.Y, rows, g) * rows.length;
		const nb = gradNorms(g, model.lay);
		if (b === 0) first = nb;
		for (const n of PARAM_NAMES) sum.tensors[n] += nb.tensors[n] / batches;
		for (const l of Object.keys(LAYERS) as LayerName[]) sum.layers[l] += nb.layers[l] / batches;
		sum.total += nb.total / batches;
	}
	return { ...sum, loss: loss / split.n, batches, first: first! };
}
