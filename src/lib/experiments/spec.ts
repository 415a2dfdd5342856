/**
 * Sweep specs: one JSON format for the lab page and the CLI.
 *
 *   {"name": "fig7-lr", "base": {config fields, epochs}, "grid": {field: [values]}, "seeds": [0, 1] | {"from": 0, "to": 99}}
 *
 * The run set is the cross product grid × seeds. `grid` may also be a list of grids (their union:
 * one-at-a-time ablations such as Fig 6–7), a grid value may be a generator ({"logspace": [a, b], "n": 20,
 * "integer": true}, {"pow2": [0, 11]}, {"range": [from, to], "step": 1}), and a key "p,nb_emb" zips several
 * fields (its values are tuples). `transfer` turns the spec into Fig 9's form: per seed, one pretraining
 * run (base ⊕ transfer.pretrain), then per grid point a fine-tuning run started from the pretrained
 * weights, and (with transfer.scratch) the same grid point trained from scratch. `transfer.spare_row`
 * says how the token rows the pretrained model never saw as inputs start the fine-tuning (see SpareRow);
 * a list of both modes gives one fine-tuning run per mode.
 *
 * Every run has a stable id, a hash of what determines it (kind, full config with seed, and for a
 * fine-tuning run the pretraining config and the spare-row mode), so results files can be resumed, sharded and merged.
 */
import { z } from 'zod';
import { CONFIG_FIELDS, ConfigError, fieldSchemas, parseConfig, type Config, type ConfigField } from '../core/config';

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

const GRID_FIELDS: string[] = CONFIG_FIELDS.filter((f) => f !== 'seed');

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
type Generator = z.infer<typeof generator>;

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

const specSchema = z
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

export type RunKind = 'train' | 'pretrain' | 'finetune' | 'scratch';

export interface Keep {
	curve_every: number;
	eval_every: number;
	params: boolean;
	sparsity: boolean;
	circuit: boolean;
	spikes: boolean;
	token_norms: boolean;
}

export interface PlannedRun {
	id: string;
	kind: RunKind;
	/** The grid point (varied fields only; empty for a pretraining run). */
	point: Record<string, number | string>;
	seed: number;
	config: Config;
	/** For a fine-tuning run: the id of its pretraining run. */
	from?: string;
	/** For a fine-tuning run: how its spare token rows start. */
	spare_row?: SpareRow;
}

export interface GridKey {
	fields: string[];
	values: (number | string)[][];
}

export interface Spec {
	name: string;
	description?: string;
	base: Config;
	/** The grids (their union is swept); each grid is a list of keys crossed together, a key being one
	 * field or several zipped fields with their value tuples. */
	grids: GridKey[][];
	seeds: number[];
	keep: Keep;
	transfer?: { pretrain: Config; scratch: boolean; spare_rows: SpareRow[] };
}

function pathOf(path: PropertyKey[]): string {
	return path.length ? path.map(String).join('.') : '(spec)';
}

function expandGenerator(g: Generator): number[] {
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

/** Validate a spec (already parsed JSON). Throws SpecError naming the field. */
export function parseSpec(input: unknown, fallbackName = 'sweep'): Spec {
	if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new SpecError([{ path: '(spec)', message: 'must be a JSON object with "base", "grid" and "seeds"' }]);
	const r = specSchema.safeParse(input);
	if (!r.success) {
		throw new SpecError(
			r.error.issues.map((i) => ({
				path: pathOf(i.path),
				message:
					i.code === 'unrecognized_keys'
						? `unknown key${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => JSON.stringify(k)).join(', ')} (allowed: ${i.path.length ? 'see the docs' : 'name, description, base, grid, seeds, keep, transfer'})`
						: i.message
			}))
		);
	}
	const s = r.data;
	const problems: { path: string; message: string }[] = [];
	const config = (raw: Record<string, unknown>, where: string): Config | undefined => {
		if ('seed' in raw) {
			problems.push({ path: `${where}.seed`, message: 'set seeds with the top-level "seeds" key' });
			return undefined;
		}
		try {
			return parseConfig(raw);
		} catch (e) {
			if (e instanceof ConfigError) for (const p of e.problems) problems.push({ path: `${where}.${p.field}`, message: `${JSON.stringify(p.value) ?? 'missing'}: ${p.message}` });
			else throw e;
			return undefined;
		}
	};
	const base = config(s.base ?? {}, 'base');

	const grids: Spec['grids'] = [];
	const rawGrids = s.grid === undefined ? [{}] : Array.isArray(s.grid) ? s.grid : [s.grid];
	rawGrids.forEach((g, gi) => {
		const where = Array.isArray(s.grid) ? `grid.${gi}` : 'grid';
		const keys: GridKey[] = [];
		grids.push(keys);
		for (const [key, raw] of Object.entries(g)) {
			const fields = key.split(',').map((f) => f.trim());
			const bad = fields.filter((f) => !GRID_FIELDS.includes(f));
			if (bad.length) {
				problems.push({
					path: `${where}.${key}`,
					message: bad.includes('seed') ? 'seeds are set with the top-level "seeds" key' : `unknown field ${bad.map((b) => JSON.stringify(b)).join(', ')} (allowed: ${GRID_FIELDS.join(', ')})`
				});
				continue;
			}
			let values: unknown[];
			try {
				values = Array.isArray(raw) ? raw : expandGenerator(raw as Generator);
			} catch (e) {
				problems.push({ path: `${where}.${key}`, message: (e as Error).message });
				continue;
			}
			const tuples: (number | string)[][] = [];
			values.forEach((v, vi) => {
				const tuple = fields.length > 1 ? v : [v];
				if (!Array.isArray(tuple) || tuple.length !== fields.length) {
					problems.push({ path: `${where}.${key}.${vi}`, message: `must be a list of ${fields.length} values (${fields.join(', ')})` });
					return;
				}
				let ok = true;
				fields.forEach((f, fi) => {
					const pr = (fieldSchemas as Record<string, z.ZodType>)[f].safeParse(tuple[fi]);
					if (!pr.success) {
						ok = false;
						problems.push({ path: `${where}.${key}.${vi}`, message: `${f} = ${JSON.stringify(tuple[fi]) ?? 'undefined'}: ${pr.error.issues[0]?.message}` });
					}
				});
				if (ok) tuples.push(tuple as (number | string)[]);
			});
			keys.push({ fields, values: tuples });
		}
	});
	// Same field twice in one grid would make the cross product ambiguous.
	rawGrids.forEach((g, gi) => {
		const seen = new Set<string>();
		for (const key of Object.keys(g))
			for (const f of key.split(',').map((x) => x.trim())) {
				if (seen.has(f)) problems.push({ path: `${Array.isArray(s.grid) ? `grid.${gi}` : 'grid'}.${key}`, message: `field ${f} appears twice in one grid` });
				seen.add(f);
			}
	});

	let seedList: number[] = [];
	const sd = s.seeds;
	if (Array.isArray(sd)) seedList = [...new Set(sd)];
	else if (sd.to < sd.from) problems.push({ path: 'seeds', message: `"to" (${sd.to}) is below "from" (${sd.from})` });
	else if (sd.to - sd.from + 1 > LIMITS.seeds) problems.push({ path: 'seeds', message: `${sd.to - sd.from + 1} seeds (at most ${LIMITS.seeds})` });
	else seedList = Array.from({ length: sd.to - sd.from + 1 }, (_, i) => sd.from + i);

	let transfer: Spec['transfer'];
	if (s.transfer) {
		const pre = config({ ...(s.base ?? {}), ...s.transfer.pretrain }, 'transfer.pretrain');
		const rows = s.transfer.spare_row ?? DEFAULT_SPARE_ROW;
		if (pre) transfer = { pretrain: pre, scratch: s.transfer.scratch ?? true, spare_rows: [...new Set(Array.isArray(rows) ? rows : [rows])] };
	}
	const evalEvery = s.keep?.eval_every ?? 1;
	const curveEvery = s.keep?.curve_every ?? Math.max(10, evalEvery);
	if (curveEvery % evalEvery !== 0) problems.push({ path: 'keep.curve_every', message: `${curveEvery} is not a multiple of keep.eval_every (${evalEvery}): the curve keeps only evaluated epochs` });
	if (s.keep?.spikes && evalEvery > 1) problems.push({ path: 'keep.spikes', message: `counting spikes needs the loss of every epoch: keep.eval_every must be 1 (it is ${evalEvery})` });
	if (problems.length || !base) throw new SpecError(problems);

	const spec: Spec = {
		name: s.name || fallbackName,
		description: s.description,
		base,
		grids,
		seeds: seedList,
		keep: {
			curve_every: curveEvery,
			eval_every: evalEvery,
			params: s.keep?.params ?? false,
			sparsity: s.keep?.sparsity ?? false,
			circuit: s.keep?.circuit ?? true,
			spikes: s.keep?.spikes ?? evalEvery === 1,
			token_norms: s.keep?.token_norms ?? false
		},
		transfer
	};
	const count = countRuns(spec);
	if (count > LIMITS.runs) throw new SpecError([{ path: 'grid', message: `the spec has ${count} runs (grid × seeds); at most ${LIMITS.runs}` }]);
	// Validate every grid point against the cross-field rules (nb_emb ≥ p, k ≤ L, batch ≤ n) now, not mid-sweep.
	planRuns({ ...spec, seeds: spec.seeds.slice(0, 1) });
	return spec;
}

/** Parse spec text (JSON); syntax errors become SpecError too. */
export function parseSpecText(text: string, fallbackName?: string): Spec {
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch (e) {
		throw new SpecError([{ path: '(spec)', message: `not valid JSON: ${(e as Error).message}` }]);
	}
	return parseSpec(json, fallbackName);
}

/** The grid points of a spec: the union over its grids of the cross product of each grid's keys. */
export function points(spec: Spec): { grid: number; point: Record<string, number | string> }[] {
	const out: { grid: number; point: Record<string, number | string> }[] = [];
	spec.grids.forEach((keys, gi) => {
		let pts: Record<string, number | string>[] = [{}];
		for (const k of keys) pts = pts.flatMap((p) => k.values.map((t) => ({ ...p, ...Object.fromEntries(k.fields.map((f, i) => [f, t[i]])) })));
		for (const p of pts) out.push({ grid: gi, point: p });
	});
	return out;
}

/** How many runs a spec asks for (before removing duplicates), without listing them. */
export function countRuns(spec: Spec): number {
	let pts = 0;
	for (const keys of spec.grids) pts += keys.reduce((a, k) => a * k.values.length, 1);
	const perSeed = spec.transfer ? 1 + pts * (spec.transfer.spare_rows.length + (spec.transfer.scratch ? 1 : 0)) : pts;
	return perSeed * spec.seeds.length;
}

// --- ids -------------------------------------------------------------------------------------------

/** cyrb53: a fast 53-bit string hash (public domain); enough to name runs without collisions in practice. */
export function hash53(str: string, seed = 0): number {
	let h1 = 0xdeadbeef ^ seed,
		h2 = 0x41c6ce57 ^ seed;
	for (let i = 0; i < str.length; i++) {
		const ch = str.charCodeAt(i);
		h1 = Math.imul(h1 ^ ch, 2654435761);
		h2 = Math.imul(h2 ^ ch, 1597334677);
	}
	h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
	h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
	return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** The config as canonical JSON: fields in CONFIG_FIELDS order. */
export function canonicalConfig(c: Config): string {
	return JSON.stringify(CONFIG_FIELDS.map((f) => [f, c[f]]));
}

/**
 * The stable id of a run: a hash of its kind, its full config (seed included) and, when fine-tuned,
 * its pretraining config and spare-row mode.
 */
export function runId(kind: RunKind, config: Config, pretrain?: Config, spare?: SpareRow): string {
	return idOfKey(runKey(kind, config, pretrain, spare));
}

function runKey(kind: RunKind, config: Config, pretrain?: Config, spare?: SpareRow): string {
	// A plain run and a from-scratch transfer run with the same config are the same computation: same id.
	const k = kind === 'scratch' ? 'train' : kind;
	// `keep` is what every fine-tuning run did before the option existed: its ids stay as they were,
	// so older results files resume; `fresh` is a different computation with its own id.
	const mode = spare === 'fresh' ? '|spare|fresh' : '';
	return `${k}|${canonicalConfig(config)}${pretrain ? `|from|${canonicalConfig(pretrain)}${mode}` : ''}`;
}

function idOfKey(key: string): string {
	return hash53(key).toString(16).padStart(14, '0');
}

/**
 * runId of one config for many seeds: the key is built once around a placeholder and each seed
 * spliced in (the same string runKey makes, so the same ids).
 */
function seededIds(kind: RunKind, config: Config): (seed: number) => string {
	// A string no number serialises to: the seed's place in the key.
	const PLACE = '#seed#';
	const [before, after] = runKey(kind, { ...config, seed: PLACE as unknown as number }).split(JSON.stringify(PLACE));
	return (seed) => idOfKey(before + JSON.stringify(seed) + after);
}

/**
 * The run set, in a fixed order: grids in order, points in order, seeds innermost (a transfer spec:
 * per seed, the pretraining run first). Runs with the same id (the same config reached from two
 * grids) are kept once, with the first grid point that reached them.
 */
export function planRuns(spec: Spec): PlannedRun[] {
	const out: PlannedRun[] = [];
	const seen = new Set<string>();
	const add = (r: Omit<PlannedRun, 'id'>, pretrain?: Config, id = runId(r.kind, r.config, pretrain, r.spare_row)) => {
		if (seen.has(id)) return;
		seen.add(id);
		out.push({ id, ...r });
	};
	const pts = points(spec);
	// A point's config is validated once; runs differ from it only in the seed, which the spec's
	// schema has checked and no cross-field rule involves (a million-seed spec plans in about a second).
	const parsed = new Map<Record<string, number | string>, Config>();
	const mk = (point: Record<string, number | string>, seed: number, where: string): Config => {
		let c = parsed.get(point);
		if (!c) {
			try {
				c = parseConfig({ ...spec.base, ...point, seed });
			} catch (e) {
				if (e instanceof ConfigError) throw new SpecError(e.problems.map((p) => ({ path: `${where} ${JSON.stringify(point)}`, message: `${p.field} = ${JSON.stringify(p.value)}: ${p.message}` })));
				throw e;
			}
			parsed.set(point, c);
		}
		return { ...c, seed };
	};
	if (!spec.transfer) {
		for (const { point } of pts) {
			const ids = seededIds('train', mk(point, 0, 'grid point'));
			for (const seed of spec.seeds) add({ kind: 'train', point, seed, config: mk(point, seed, 'grid point') }, undefined, ids(seed));
		}
		return out;
	}
	const t = spec.transfer;
	for (const seed of spec.seeds) {
		const pre = { ...t.pretrain, seed };
		const preId = runId('pretrain', pre);
		add({ kind: 'pretrain', point: {}, seed, config: pre });
		for (const { point } of pts) {
			const cfg = mk(point, seed, 'grid point');
			if (cfg.nb_emb < pre.nb_emb || cfg.d !== pre.d || cfg.h !== pre.h || cfg.L !== pre.L)
				throw new SpecError([{ path: `grid point ${JSON.stringify(point)}`, message: `a fine-tuned model must keep d, h, L and at least the pretrained nb_emb (${pre.nb_emb})` }]);
			for (const spare_row of t.spare_rows) add({ kind: 'finetune', point, seed, config: cfg, from: preId, spare_row }, pre);
			if (t.scratch) add({ kind: 'scratch', point, seed, config: cfg });
		}
	}
	return out;
}

/** The stages of a run set: runs of a later stage need records of an earlier one (fine-tuning needs its pretraining run). */
export function stageOf(r: PlannedRun): number {
	return r.kind === 'finetune' ? 1 : 0;
}
