import { describe, expect, it } from 'vitest';
import { parseShard, shardFromEnv, shardRuns } from '../../../src/lib/experiments/shard';
import { parseSpec, planRuns } from '../../../src/lib/experiments/spec';

describe('shards', () => {
	it('are disjoint and cover the run set, for any N', () => {
		const runs = planRuns(parseSpec({ grid: [{ batch: [1, 2, 4, 8, 16] }, { lr: [0.1, 0.01, 0.001] }], seeds: { from: 0, to: 6 } }));
		for (const N of [1, 2, 3, 7, 100]) {
			const parts = Array.from({ length: N }, (_, i) => shardRuns(runs, { index: i, count: N }));
			const ids = parts.flat().map((r) => r.id);
			expect(ids.length).toBe(runs.length);
			expect(new Set(ids).size).toBe(runs.length);
			if (N <= runs.length) for (const p of parts) expect(p.length).toBeGreaterThanOrEqual(Math.floor(runs.length / N));
		}
	});

	it('keep a fine-tuning run with its pretraining run', () => {
		const runs = planRuns(parseSpec({ base: { epochs: 1 }, transfer: { pretrain: { p: 2 } }, grid: { 'p,nb_emb': [[3, 3], [4, 4]] }, seeds: { from: 0, to: 9 } }));
		for (let i = 0; i < 3; i++) {
			const mine = shardRuns(runs, { index: i, count: 3 });
			const ids = new Set(mine.map((r) => r.id));
			for (const r of mine) if (r.from) expect(ids.has(r.from)).toBe(true);
		}
	});

	it('parse i/N and Slurm variables, refusing nonsense', () => {
		expect(parseShard('2/5')).toEqual({ index: 2, count: 5 });
		expect(() => parseShard('5/5')).toThrow(/below N/);
		expect(() => parseShard('1/0')).toThrow();
		expect(() => parseShard('a/b')).toThrow(/i\/N/);
		expect(shardFromEnv({ SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_COUNT: '4' })).toEqual({ index: 3, count: 4 });
		expect(shardFromEnv({ SLURM_ARRAY_TASK_ID: '4', SLURM_ARRAY_TASK_COUNT: '4', SLURM_ARRAY_TASK_MIN: '1' })).toEqual({ index: 3, count: 4 });
		expect(shardFromEnv({})).toBeUndefined();
	});
});
