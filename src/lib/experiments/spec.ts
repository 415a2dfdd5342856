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
 *
 * This module validates a spec and is the one its users import; the format's schemas are in
 * spec-schema.ts, the run set (points, counts, planned runs) in plan.ts, the ids in run-ids.ts.
 */
import type { z } from 'zod';
import { ConfigError, fieldSchemas, parseConfig, type Config } from '../core/config';
import { countRuns, planRuns } from './plan';
import { DEFAULT_SPARE_ROW, expandGenerator, GRID_FIELDS, LIMITS, specSchema, SpecError, type Generator, type SpareRow } from './spec-schema';

export { DEFAULT_SPARE_ROW, LIMITS, SPARE_ROWS, SpecError, type SpareRow } from './spec-schema';
export { countRuns, planRuns, points, stageOf } from './plan';
export { canonicalConfig, hash53, runId } from './run-ids';

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

