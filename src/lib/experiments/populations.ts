/**
 * How a sweep's planned runs become populations: runs that differ only in what a population member
 * may override (engines/members.ts) train together, in groups of a given size; the order the groups
 * train in; and what a run costs (for the order, the ETA and the lab's estimate).
 */
import { CONFIG_FIELDS, stepsPerEpoch, type Config } from '../core/config';
import { layout } from '../core/params';
import { MEMBER_FIELDS } from '../engines/members';
import type { PlannedRun, Spec } from './spec';

/**
 * Relative cost of one run (for ETA weighting and scheduling): training ≈ 3 forward passes per
 * sample, an evaluation 2n forward passes (after every evalEvery-th epoch), Adam per step.
 */
export function runCost(c: Config, evalEvery = 1): number {
	const seq = c.L * c.d * (c.d + 6) + c.h * (4 * c.d + 12) + c.nb_emb * c.d * 2;
	const P = layout(c).total;
	const evals = Math.floor(c.epochs / evalEvery) + (c.epochs % evalEvery ? 1 : 0);
	return c.epochs * (c.n * seq * 3 + stepsPerEpoch(c) * P * 10) + evals * 2 * c.n * seq;
}

export function modelSteps(c: Config): number {
	return c.epochs * stepsPerEpoch(c);
}

/** The key shared by runs that can train in one population. */
export function populationKey(r: PlannedRun): string {
	const shared = CONFIG_FIELDS.filter((f) => !(MEMBER_FIELDS as readonly string[]).includes(f)).map((f) => [f, r.config[f]]);
	return `${r.kind === 'finetune' ? 'finetune' : 'train'}|${JSON.stringify(shared)}`;
}

/** Group runs into populations of at most `max` members, in plan order; split the largest until there are `min`. */
export function populations(runs: PlannedRun[], max: number, min = 1): PlannedRun[][] {
	const groups = new Map<string, PlannedRun[]>();
	for (const r of runs) {
		const k = populationKey(r);
		let g = groups.get(k);
		if (!g) groups.set(k, (g = []));
		g.push(r);
	}
	const out: PlannedRun[][] = [];
	for (const g of groups.values()) for (let i = 0; i < g.length; i += max) out.push(g.slice(i, i + max));
	while (out.length > 0 && out.length < min) {
		let big = 0;
		for (let i = 1; i < out.length; i++) if (out[i].length > out[big].length) big = i;
		if (out[big].length < 2) break;
		const g = out[big];
		out.splice(big, 1, g.slice(0, Math.ceil(g.length / 2)), g.slice(Math.ceil(g.length / 2)));
	}
	return out;
}

/**
 * The order populations are trained in: by their first seed's place in the spec, so that an
 * interrupted sweep holds whole seeds (every grid point of seeds 0..k) rather than whole grid points
 * of some; within a seed the costliest first, so that concurrent engines finish close together.
 */
export function schedule(pops: PlannedRun[][], spec: Spec): PlannedRun[][] {
	const rank = new Map(spec.seeds.map((s, i) => [s, i]));
	const key = (g: PlannedRun[]) => Math.min(...g.map((r) => rank.get(r.seed) ?? 0));
	const cost = (g: PlannedRun[]) => g.reduce((a, r) => a + runCost(r.config, spec.keep.eval_every), 0);
	return pops
		.map((g) => ({ g, k: key(g), c: cost(g) }))
		.sort((a, b) => a.k - b.k || b.c - a.c)
		.map((x) => x.g);
}
