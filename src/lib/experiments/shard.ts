/**
 * Shards: a disjoint share of a sweep's runs, so that N processes (a Slurm job array) cover it once.
 * Runs are dealt round-robin in plan order (seeds innermost, so each config's seeds spread over all
 * shards and the shards' costs even out). In a transfer spec the unit is a seed: a fine-tuning run
 * lands in the same shard as its pretraining run.
 */
import type { PlannedRun } from './spec';

export interface Shard {
	index: number;
	count: number;
}

export class ShardError extends Error {
	name = 'ShardError';
}

/** "i/N" with 0 ≤ i < N. */
export function parseShard(text: string): Shard {
	const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
	if (!m) throw new ShardError(`--shard = ${JSON.stringify(text)}: must be i/N with 0 ≤ i < N (e.g. 0/4)`);
	const index = Number(m[1]);
	const count = Number(m[2]);
	if (count < 1 || count > 1_000_000) throw new ShardError(`--shard = ${text}: N must be from 1 to 1000000`);
	if (index >= count) throw new ShardError(`--shard = ${text}: i must be below N (shards are numbered 0..N-1)`);
	return { index, count };
}

/** The shard from Slurm's job-array variables, if set: task id minus SLURM_ARRAY_TASK_MIN (default 0), of SLURM_ARRAY_TASK_COUNT. */
export function shardFromEnv(env: Record<string, string | undefined>): Shard | undefined {
	const id = env.SLURM_ARRAY_TASK_ID;
	const count = env.SLURM_ARRAY_TASK_COUNT;
	if (id === undefined || count === undefined) return undefined;
	const min = Number(env.SLURM_ARRAY_TASK_MIN ?? 0);
	return parseShard(`${Number(id) - min}/${count}`);
}

/** The runs of one shard. */
export function shardRuns(runs: PlannedRun[], shard: Shard | undefined): PlannedRun[] {
	if (!shard || shard.count === 1) return runs;
	const unitOf = new Map<string, number>();
	let units = 0;
	const out: PlannedRun[] = [];
	for (const r of runs) {
		const transfer = r.kind === 'pretrain' || r.kind === 'finetune' || r.kind === 'scratch';
		const key = transfer ? `seed:${r.seed}` : `run:${r.id}`;
		let u = unitOf.get(key);
		if (u === undefined) unitOf.set(key, (u = units++));
		if (u % shard.count === shard.index) out.push(r);
	}
	return out;
}
