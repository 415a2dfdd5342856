/**
 * The article's analysis table (analyses.ts), which the page runs in its worker: the gradient norms
 * along a run (Figs 15–16, 18–19) are the core's, full-batch for a full-batch run and the epoch's own
 * mini-batch mean otherwise, whichever run came before (the worker keeps one run's training split).
 */
import { describe, expect, it } from 'vitest';
import { ANALYSES } from '../../../src/lib/article/analyses';
import { DEFAULTS, type Config } from '../../../src/lib/core/config';
import { makeDataset } from '../../../src/lib/core/data';
import { epochBatchGradNorms, fullBatchGradNorms } from '../../../src/lib/core/gradnorms';
import { initParams } from '../../../src/lib/core/params';

const small: Config = { ...DEFAULTS, n: 64, batch: 16, h: 8, seed: 3 };

describe('analyses: gradNorms', () => {
	it("a mini-batch run gets the mean of its epoch's batch gradients; a full-batch run the full gradient", () => {
		const params = initParams(small);
		const split = makeDataset(small, small.seed).train;
		expect(ANALYSES.gradNorms(small, params, 2)).toEqual(epochBatchGradNorms(small, params, split, 2).layers);
		// Another epoch's batches give other norms: the epoch is used.
		expect(ANALYSES.gradNorms(small, params, 3).mlp).not.toBe(ANALYSES.gradNorms(small, params, 2).mlp);
		const full = { ...small, batch: 64 };
		expect(ANALYSES.gradNorms(full, params, 2)).toEqual(fullBatchGradNorms(full, params, split).layers);
	});

	it('a run with another data seed gets its own training split, not the previous one', () => {
		const other = { ...small, seed: 4 };
		const params = initParams(small);
		ANALYSES.gradNorms(small, params, 0);
		expect(ANALYSES.gradNorms(other, params, 0)).toEqual(epochBatchGradNorms(other, params, makeDataset(other, other.seed).train, 0).layers);
	});
});
