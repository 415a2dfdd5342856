/**
 * Per-layer gradient norms (the paper's App. A.1, Fig 15–16: drops and spikes of the loss come
 * with bursts of gradient norm). Layers group the tensors of params.ts's flat layout:
 * embeddings (E, P), attention (q, V), MLP (W1, b1, W2, b2). Norms are Euclidean.
 */
import type { Split } from './data';
import { Model, type ModelConfig } from './model';
import { layout, PARAM_NAMES, type Layout, type ParamName } from './params';

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
