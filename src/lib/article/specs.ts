/**
 * The sweep specs behind the article's population figures (the JSON format of /lab and
 * `flatland sweep`), shared by the figures (population.ts trains them in the page) and by claims.ts
 * (the same spec, trained in node, must show what the prose says).
 */
import { FAULTY_ATTENTION_CORRECTED_BY_V } from '../core/ideal';

/** §4: `count` seeds from `seed` at the defaults, each run's circuit classified at the end. */
export function circuitsSpec(seed: number, count = 12, epochs = 1000) {
	return { name: 'article-circuits', base: { epochs }, seeds: { from: seed, to: seed + count - 1 }, keep: { circuit: true, params: true, eval_every: epochs } };
}

/** §10: `count` seeds from `seed` at the defaults, each model's activation sparsity against ε measured at the end (Fig 17). */
export function sparsitySpec(seed: number, count = 12, epochs = 1000) {
	return { name: 'article-sparsity', base: { epochs }, seeds: { from: seed, to: seed + count - 1 }, keep: { sparsity: true, circuit: false, eval_every: epochs } };
}

/** §6: the hyperparameters the reader can sweep, and their grids (Fig 6–7's axes, coarser). */
export const HYPER_GRIDS = {
	lr: { label: 'learning rate', values: [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1] },
	mlp_lr_discount: { label: 'MLP learning-rate discount', values: [0.01, 0.1, 0.3, 1, 3, 10, 100] },
	batch: { label: 'batch size', values: [8, 32, 128, 512] },
	h: { label: 'hidden units', values: [8, 32, 128, 512] }
} as const;
export type HyperParam = keyof typeof HYPER_GRIDS;

/** §6: seeds of the MLP-discount sweep the figure switches to at its last step (fewer: it trains second). */
export const HYPER_DISCOUNT_SEEDS = 3;

/** §6: one hyperparameter's grid × `seeds` seeds from `seed`, final test accuracy only (evaluated once, at the end). */
export function hyperSpec(param: HyperParam, seed: number, seeds = 6, epochs = 1000) {
	return { name: `article-hyper-${param}`, base: { epochs }, grid: { [param]: [...HYPER_GRIDS[param].values] }, seeds: { from: seed, to: seed + seeds - 1 }, keep: { eval_every: epochs } };
}

/** §1: the sentences the task figure starts with (the first five tokens carry the label). */
export const TASK_PRESETS = ['101100110010', '101101001101', '011110000111'] as const;

/** §3: the hand-built circuit at each step (core/ideal.ts): clean, broken by spread and noise, the leaky variant. */
export const IDEAL_STEPS = {
	clean: { p: 2 },
	broken: { p: 2, spread: 0.6, perturbation: 0.05, seed: 0 },
	faulty: { p: 2, ...FAULTY_ATTENTION_CORRECTED_BY_V }
};


/** Seeds of the article's transfer population (the first is the claims' chosen seed). */
export const TRANSFER_SEEDS = 6;

/**
 * The transfer experiment (the paper's Figs 9–11) for target vocabularies `ps`: per seed, pretrain on
 * p = 2 with nb_emb = 3 (one spare token row, as the authors' grid), then fine-tune on each p from those
 * weights — with the spare row kept and with it drawn fresh when `both` — against p from scratch.
 * Pretraining keeps nb_emb = 3 whatever the target p; rows 3.. (p ≥ 4) start fresh. Records keep their
 * parameters (for the panels) and the token-row norms (the spare row's growth).
 */
export function transferSpec(seed: number, opts: { seeds?: number; epochs?: number; ps?: number[]; both?: boolean } = {}): Record<string, unknown> {
	const ps = opts.ps ?? [3];
	return {
		name: 'article-transfer',
		base: { epochs: opts.epochs ?? 1000 },
		transfer: { pretrain: { p: 2, nb_emb: 3 }, scratch: true, spare_row: opts.both === false ? 'fresh' : ['keep', 'fresh'] },
		grid: { 'p,nb_emb': ps.map((p) => [p, Math.max(3, p)]) },
		seeds: { from: seed, to: seed + (opts.seeds ?? TRANSFER_SEEDS) - 1 },
		keep: { params: true, token_norms: true, curve_every: 10 }
	};
}
