/** A spec's run set: its grid points, how many runs, the runs in a fixed order with their ids, their stages. */
import { ConfigError, parseConfig, type Config } from '../core/config';
import { runId, seededIds } from './run-ids';
import type { PlannedRun, Spec } from './spec';
import { SpecError } from './spec-schema';

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
