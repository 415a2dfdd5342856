/** experiments/plan.ts: a spec's run set — grid × seeds, unions of grids, transfer runs, stable ids, a million seeds planned fast. */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/lib/core/config';
import { countRuns, planRuns } from '../../../src/lib/experiments/plan';
import { runId } from '../../../src/lib/experiments/run-ids';
import { parseSpec } from '../../../src/lib/experiments/spec';

describe('run set', () => {
	it('is the cross product of a grid and the seeds, seeds innermost', () => {
		const s = parseSpec({ grid: { lr: [0.1, 0.01], batch: [8, 16, 32] }, seeds: { from: 3, to: 5 } });
		const runs = planRuns(s);
		expect(runs).toHaveLength(2 * 3 * 3);
		expect(countRuns(s)).toBe(18);
		expect(runs.slice(0, 3).map((r) => r.seed)).toEqual([3, 4, 5]);
		expect(new Set(runs.map((r) => r.id)).size).toBe(18);
		const combos = new Set(runs.map((r) => `${r.config.lr}/${r.config.batch}/${r.seed}`));
		expect(combos.size).toBe(18);
		expect(runs[0].point).toEqual({ lr: 0.1, batch: 8 });
		expect(runs[0].config).toEqual(parseConfig({ lr: 0.1, batch: 8, seed: 3 }));
	});

	it('unions a list of grids and keeps a run reached twice once', () => {
		const s = parseSpec({ grid: [{ batch: [16, 32] }, { lr: [0.003, 0.01] }], seeds: [0, 1] });
		const runs = planRuns(s);
		// batch=32 and lr=0.003 are both the default config: one run per seed.
		expect(countRuns(s)).toBe(8);
		expect(runs).toHaveLength(6);
		expect(runs.filter((r) => r.config.batch === 32 && r.config.lr === 0.003).map((r) => r.point)).toEqual([{ batch: 32 }, { batch: 32 }]);
	});

	it('has stable ids: a hash of the config and seed, not of the spec around it', () => {
		const a = planRuns(parseSpec({ name: 'a', base: { epochs: 7 }, grid: { lr: [0.01] }, seeds: [4] }))[0];
		const b = planRuns(parseSpec({ name: 'b', base: { epochs: 7, lr: 0.01 }, seeds: [9, 4] }))[1];
		expect(a.id).toBe(b.id);
		expect(a.id).toMatch(/^[0-9a-f]{14}$/);
		expect(runId('train', parseConfig({ seed: 1 }))).not.toBe(runId('train', parseConfig({ seed: 2 })));
		expect(runId('train', parseConfig({ seed: 1 }))).toBe(runId('train', parseConfig({ seed: 1 })));
		expect(runId('train', parseConfig({ seed: 1 }))).not.toBe(runId('pretrain', parseConfig({ seed: 1 })));
	});

	it('transfer form: per seed a pretraining run, then fine-tuning and scratch runs per grid point', () => {
		const s = parseSpec({ base: { epochs: 2 }, transfer: { pretrain: { p: 2, nb_emb: 3 } }, grid: { 'p,nb_emb': [[3, 3], [4, 4]] }, seeds: [0, 1] });
		const runs = planRuns(s);
		expect(runs).toHaveLength(2 * (1 + 2 * 2));
		const pre = runs.filter((r) => r.kind === 'pretrain');
		expect(pre.map((r) => [r.config.p, r.config.nb_emb, r.seed])).toEqual([[2, 3, 0], [2, 3, 1]]);
		const ft = runs.filter((r) => r.kind === 'finetune');
		expect(ft.every((r) => r.from === pre.find((p) => p.seed === r.seed)!.id)).toBe(true);
		expect(ft.map((r) => r.config.nb_emb)).toEqual([3, 4, 3, 4]);
		expect(runs.filter((r) => r.kind === 'scratch')).toHaveLength(4);
		expect(() => parseSpec({ transfer: { pretrain: { h: 8 } }, grid: { p: [2] }, seeds: [0] })).toThrow(/keep d, h, L/);
		// The spare row starts fresh unless the spec says otherwise.
		expect(ft.every((r) => r.spare_row === 'fresh')).toBe(true);
	});

	it('transfer.spare_row: keep, fresh or both; keep has the ids fine-tuning runs had before the option', () => {
		const base = { base: { epochs: 2 }, grid: { 'p,nb_emb': [[3, 3]] }, seeds: [0] };
		const keep = planRuns(parseSpec({ ...base, transfer: { pretrain: { p: 2, nb_emb: 3 }, spare_row: 'keep' } }));
		const fresh = planRuns(parseSpec({ ...base, transfer: { pretrain: { p: 2, nb_emb: 3 }, spare_row: 'fresh' } }));
		const both = planRuns(parseSpec({ ...base, transfer: { pretrain: { p: 2, nb_emb: 3 }, spare_row: ['keep', 'fresh'] } }));
		const ftOf = (rs: typeof keep) => rs.filter((r) => r.kind === 'finetune');
		expect(ftOf(keep).map((r) => r.spare_row)).toEqual(['keep']);
		expect(ftOf(both).map((r) => r.spare_row)).toEqual(['keep', 'fresh']);
		expect(ftOf(both).map((r) => r.id)).toEqual([ftOf(keep)[0].id, ftOf(fresh)[0].id]);
		expect(ftOf(keep)[0].id).not.toBe(ftOf(fresh)[0].id);
		// The id of a kept-row fine-tuning run is the one it had before spare_row existed.
		expect(ftOf(keep)[0].id).toBe(runId('finetune', ftOf(keep)[0].config, keep[0].config));
		expect(both).toHaveLength(4);
		expect(() => parseSpec({ ...base, transfer: { pretrain: { p: 2 }, spare_row: 'reuse' } })).toThrow(/transfer\.spare_row.*"keep".*"fresh"/);
	});
});

describe('planning many runs', () => {
	it('gives every seed the id runId gives it, fast for a million seeds', async () => {
		const spec = parseSpec({ grid: { lr: [0.001, 0.003] }, seeds: { from: 0, to: 499_999 } });
		const t0 = performance.now();
		const runs = planRuns(spec);
		const ms = performance.now() - t0;
		expect(runs).toHaveLength(1_000_000);
		for (const i of [0, 1, 777, 499_999, 500_000, 999_999]) expect(runs[i].id).toBe(runId('train', runs[i].config));
		expect(new Set(runs.map((r) => r.id)).size).toBe(1_000_000);
		console.log(`planned 1,000,000 runs in ${(ms / 1000).toFixed(1)} s`);
	}, 60_000);
});
