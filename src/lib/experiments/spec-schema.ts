/**
 * The sweep spec's JSON format (spec.ts documents it) as zod schemas, with its hard limits, the
 * spare-row modes of fine-tuning runs, grid-value generators and the error every spec problem becomes.
 */
import { z } from 'zod';
import { CONFIG_FIELDS, fieldSchemas } from '../core/config';

/**
 * How a fine-tuning run starts the token-embedding rows its pretraining never used as inputs (rows
 * pretrain.p .. pretrain.nb_emb − 1: with the paper's p = 2, nb_emb = 3, the row of token "2").
 * - `keep`: the pretrained values, as the authors' released finetune.py does (it loads the whole
 *   state dict). That row was trained all along as an output class that is never the answer, so its
 *   norm grows far beyond the others' and, after the switch, every "2" normalises to about one point
 *   whatever its position (docs/reproduction.md, Fig 9–10).
 * - `fresh` (default): drawn as a new model of the fine-tuning config draws it (core/params.ts
 *   initParams, so N(0, 1); with the same seed that is the value the row started pretraining with):
 *   the paper's text, "after adding a token embedding to encode for x = 2" (Fig 10).
 * Rows beyond the pretrained nb_emb (p ≥ 4) are always drawn fresh.
 */
export const SPARE_ROWS = ['keep', 'fresh'] as const;
export type SpareRow = (typeof SPARE_ROWS)[number];
export const DEFAULT_SPARE_ROW: SpareRow = 'fresh';

/** Hard limits, so that a hostile or mistyped spec fails with a message instead of exhausting memory. */
export const LIMITS = { values: 10_000, runs: 1_000_000, seeds: 1_000_000, curveEvery: 1_000_000 };

export class SpecError extends Error {
	constructor(readonly problems: { path: string; message: string }[]) {
		super(problems.map((p) => `${p.path}: ${p.message}`).join('; '));
		this.name = 'SpecError';
	}
}

export const GRID_FIELDS: string[] = CONFIG_FIELDS.filter((f) => f !== 'seed');

const generator = z.union([
	z
		.object({
			logspace: z.tuple([z.number().finite(), z.number().finite()], { error: 'must be [from exponent, to exponent] (base 10)' }),
			n: z.number().int().min(1).max(LIMITS.values),
			integer: z.boolean().optional()
		})
		.strict(),
	z.object({ pow2: z.tuple([z.number().int().min(-60).max(60), z.number().int().min(-60).max(60)], { error: 'must be [from, to] exponents of 2' }) }).strict(),
	z
		.object({
			range: z.tuple([z.number().finite(), z.number().finite()], { error: 'must be [from, to]' }),
			step: z.number().finite().refine((v) => v !== 0, 'must not be 0').optional()
		})
		.strict()
]);
export type Generator = z.infer<typeof generator>;

const spareRow = z.enum(SPARE_ROWS, { error: 'must be "keep" (the pretrained row, as the released script) or "fresh" (drawn anew)' });

const gridValues = z.union([z.array(z.unknown()).min(1, 'must list at least one value').max(LIMITS.values, `at most ${LIMITS.values} values`), generator], {
	error: 'must be a list of values or a generator ({"logspace": [a, b], "n": N, "integer"?: true}, {"pow2": [a, b]}, {"range": [a, b], "step"?: s})'
});
const grid = z.record(z.string(), gridValues);

const seeds = z.union(
	[
		z.array(fieldSchemas.seed).min(1, 'must list at least one seed').max(LIMITS.seeds),
		z.object({ from: fieldSchemas.seed, to: fieldSchemas.seed }).strict()
	],
	{ error: 'must be a list of seeds or {"from": a, "to": b}' }
);

const keep = z
	.object({
		/** Record test accuracy and train loss every k epochs (and at the last one). */
		curve_every: z.number().int().min(1).max(LIMITS.curveEvery).optional(),
		/**
		 * Evaluate on the full train and test sets only after every k-th epoch and the last (default 1).
		 * The evaluation costs about as much as an epoch's training, so a figure that needs only final
		 * accuracies (Fig 7) runs about twice as fast with k = curve_every. Spike counts need k = 1.
		 */
		eval_every: z.number().int().min(1).max(LIMITS.curveEvery).optional(),
		/** Keep the final parameters in each record (always on for pretraining runs). */
		params: z.boolean().optional(),
		/** Activation sparsity of the final model for ε = 10^-5 … 10^2. */
		sparsity: z.boolean().optional(),
		/** Circuit class of the final model. */
		circuit: z.boolean().optional(),
		/** Count loss spikes on the per-epoch train loss. */
		spikes: z.boolean().optional(),
		/** Norms of the token-embedding rows ‖E(x)‖ at the start and after every chunk of epochs (about every 10). */
		token_norms: z.boolean().optional()
	})
	.strict();

export const specSchema = z
	.object({
		name: z.string().max(200).regex(/^[\w.+-]*$/, 'letters, digits, . + - _ only').optional(),
		description: z.string().max(10_000).optional(),
		base: z.record(z.string(), z.unknown()).optional(),
		grid: z.union([grid, z.array(grid).min(1).max(100)]).optional(),
		seeds,
		keep: keep.optional(),
		transfer: z
			.object({
				pretrain: z.record(z.string(), z.unknown()),
				scratch: z.boolean().optional(),
				spare_row: z
					.union([spareRow, z.array(spareRow).min(1).max(2)], { error: 'must be "keep", "fresh" or a list of them' })
					.optional()
			})
			.strict()
			.optional()
	})
	.strict();

/** A generator's values: logspace, pow2 or range, as numpy would give them. */
export function expandGenerator(g: Generator): number[] {
	if ('logspace' in g) {
		const [a, b] = g.logspace;
		const out = Array.from({ length: g.n }, (_, i) => 10 ** (g.n === 1 ? a : a + ((b - a) * i) / (g.n - 1)));
		return g.integer ? out.map((v) => Math.round(v)) : out.map((v) => Number(v.toPrecision(12)));
	}
	if ('pow2' in g) {
		const [a, b] = g.pow2;
		const s = a <= b ? 1 : -1;
		return Array.from({ length: Math.abs(b - a) + 1 }, (_, i) => 2 ** (a + s * i));
	}
	const [a, b] = g.range;
	const step = g.step ?? (a <= b ? 1 : -1);
	if ((b - a) / step < 0) throw new Error('step goes away from "to"');
	const n = Math.floor((b - a) / step + 1e-9) + 1;
	if (n > LIMITS.values) throw new Error(`gives ${n} values (at most ${LIMITS.values})`);
	return Array.from({ length: n }, (_, i) => Number((a + i * step).toPrecision(12)));
}

