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
	attention: attentionOf
};

export type AnalysisName = keyof typeof ANALYSES;
