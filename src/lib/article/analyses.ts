/**
 * The analyses the article runs on trained runs — circuit class, loss drops, spikes, sparsity,
 * attention — as one table of pure functions (core/ and experiments/summary.ts do the work). The page
 * calls them through `analysis.ts`, which runs them in a worker so that the reader's thread stays free;
 * node (tests, the CLI) calls them directly.
 */
import type { Config } from '../core/config';
import { classifyCircuit, type CircuitVerdict } from '../core/circuits';
import { findPhases, type Phases } from '../core/drops';
import { forwardRows } from '../core/forwardAll';
import { makeProbes } from '../core/probes';
import { detectSpikes, type Spike } from '../core/spikes';
import { countSpikes, sparsityOf } from '../experiments/summary';
import { makeDataset, type Split } from '../core/data';
import { epochBatchGradNorms, fullBatchGradNorms, type LayerName } from '../core/gradnorms';

/** The training split of the run being analysed, kept for the next snapshot of the same run. */
let lastSplit: { key: string; split: Split } | null = null;
function trainSplit(config: Config): Split {
	const key = JSON.stringify([config.p, config.L, config.k, config.n, config.seed]);
	if (lastSplit?.key !== key) lastSplit = { key, split: makeDataset(config, config.seed).train };
	return lastSplit.split;
}

/**
 * Per-layer gradient norms at one snapshot (Figs 15–16, 18–19): a full-batch run gets the full-batch
 * gradient it steps on, a mini-batch run the mean norm of epoch `epoch`'s own batch gradients. A full
 * forward and backward pass over the training set: tens of milliseconds, so not on the reader's thread.
 */
export function layerGradNorms(config: Config, params: ArrayLike<number>, epoch: number): Record<LayerName, number> {
	const split = trainSplit(config);
	return (config.batch >= split.n ? fullBatchGradNorms(config, params, split) : epochBatchGradNorms(config, params, split, epoch)).layers;
}

/** Attention of the paper's probe sentences: the rows (probe × position) and their mean entropy (nats). */
export function attentionOf(config: Config, params: ArrayLike<number>): { rows: number; L: number; attn: number[]; entropy: number; prefixMass: number } {
	const probes = makeProbes(config);
	const { attn } = forwardRows(params, config, probes.X, probes.n);
	const L = config.L;
	let entropy = 0;
	let prefix = 0;
	for (let r = 0; r < probes.n; r++) {
		for (let t = 0; t < L; t++) {
			const a = attn[r * L + t];
			if (a > 0) entropy -= a * Math.log(a);
			if (t < config.k) prefix += a;
		}
	}
	return { rows: probes.n, L, attn: Array.from(attn), entropy: entropy / probes.n, prefixMass: prefix / probes.n };
}

export const ANALYSES = {
	circuit: (config: Config, params: ArrayLike<number>, testAcc: number): CircuitVerdict => classifyCircuit(config, params, { testAcc }),
	phases: (loss: number[]): Phases => findPhases(loss),
	spikes: (loss: number[]): Spike[] => detectSpikes(loss),
	spikeCount: (loss: number[]): number => countSpikes(loss),
	sparsity: (config: Config, params: ArrayLike<number>) => sparsityOf(config, params),
	attention: attentionOf,
	gradNorms: layerGradNorms
};

export type AnalysisName = keyof typeof ANALYSES;
