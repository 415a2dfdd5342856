import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/lib/core/config';
import { countRuns, parseSpec, parseSpecText, planRuns, points, runId, SpecError } from '../../../src/lib/experiments/spec';

const err = (input: unknown): string => {
	try {
		parseSpec(input);
	} catch (e) {
		expect(e).toBeInstanceOf(SpecError);
		return (e as Error).message;
	}
	throw new Error('expected a SpecError');
};

describe('sweep spec validation', () => {
	it('accepts the minimal form and fills defaults', () => {
		const s = parseSpec({ seeds: [0] });
		expect(s.base.epochs).toBe(1000);
		expect(s.keep).toEqual({ curve_every: 10, eval_every: 1, params: false, sparsity: false, circuit: true, spikes: true, token_norms: false });
		expect(planRuns(s)).toHaveLength(1);
	});

	it('names the field of every bad value', () => {
		expect(err({ base: { lr: -1 }, seeds: [0] })).toMatch(/base\.lr.*greater than 0/);
		expect(err({ base: { foo: 1 }, seeds: [0] })).toMatch(/base\.foo.*unknown field/);
		expect(err({ grid: { batch: [32, 0] }, seeds: [0] })).toMatch(/grid\.batch\.1.*batch = 0.*at least 1/);
		expect(err({ grid: { bogus: [1] }, seeds: [0] })).toMatch(/grid\.bogus.*unknown field "bogus"/);
		expect(err({ grid: { seed: [1, 2] }, seeds: [0] })).toMatch(/grid\.seed.*top-level "seeds"/);
		expect(err({ base: { seed: 3 }, seeds: [0] })).toMatch(/base\.seed/);
		expect(err({ seeds: { from: 5, to: 2 } })).toMatch(/seeds.*below/);
		expect(err({ seeds: [-1] })).toMatch(/seeds\.0/);
		expect(err({ grid: { lr: [0.1] } })).toMatch(/seeds/);
		expect(err({ seeds: [0], extra: 1 })).toMatch(/unknown key "extra"/);
		expect(err({ seeds: [0], keep: { curve_every: 0 } })).toMatch(/keep\.curve_every/);
		// Cross-field rules are checked for every grid point before anything runs.
		expect(err({ grid: { p: [2, 5] }, seeds: [0] })).toMatch(/grid point \{"p":5\}.*nb_emb.*at least p = 5/);
		expect(err({ grid: { 'p,nb_emb': [[3, 3], [4]] }, seeds: [0] })).toMatch(/grid\.p,nb_emb\.1.*list of 2 values/);
	});

	it('refuses hostile values with a message, not a crash or a hang', () => {
		for (const bad of [null, 3, 'x', [], { seeds: 'all' }, { seeds: [0], grid: [] }, { seeds: [0], base: [] }, { seeds: [0], grid: { lr: [] } }])
			expect(err(bad).length).toBeGreaterThan(5);
		expect(err({ seeds: [0], grid: { lr: [NaN] } })).toMatch(/lr/);
		expect(err({ seeds: [0], grid: { lr: ['1e-3'] } })).toMatch(/lr = "1e-3"/);
		expect(err({ seeds: [0], grid: { norm: ['l2'] } })).toMatch(/norm/);
		expect(err({ seeds: { from: 0, to: 4294967295 } })).toMatch(/seeds.*at most/);
		expect(err({ seeds: [0], grid: { lr: { logspace: [0, -4], n: 1e9 } } })).toMatch(/grid\.lr/);
		expect(err({ seeds: [0], grid: { lr: { range: [0, 1], step: 1e-9 } } })).toMatch(/grid\.lr.*values/);
		// 10000 × 10000 × ... seeds: counted, never listed.
		const big = Array.from({ length: 1000 }, (_, i) => i + 1);
		expect(err({ seeds: { from: 0, to: 999 }, grid: { h: big, epochs: big } })).toMatch(/runs.*at most/);
		expect(() => parseSpecText('{"seeds": [0],')).toThrow(/not valid JSON/);
	});

	it('expands generators like numpy (logspace, pow2, range)', () => {
		const s = parseSpec({ grid: [{ batch: { pow2: [0, 11] } }, { h: { logspace: [1, 4], n: 20, integer: true } }, { lr: { logspace: [0, -4], n: 20 } }, { epochs: { range: [1, 5], step: 2 } }], seeds: [0] });
		const byField = (f: string) => points(s).filter((p) => f in p.point).map((p) => p.point[f]);
		expect(byField('batch')).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048]);
		const h = byField('h');
		expect(h).toHaveLength(20);
		expect(h[0]).toBe(10);
		expect(h[19]).toBe(10000);
		expect(h[1]).toBe(14);
		const lr = byField('lr') as number[];
		expect(lr[0]).toBe(1);
		expect(lr[19]).toBeCloseTo(1e-4, 12);
		expect(lr[1]).toBeCloseTo(10 ** (-4 / 19), 10);
		expect(byField('epochs')).toEqual([1, 3, 5]);
	});
});

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

	it('every ready spec in experiments/ parses', () => {
		const files = readdirSync('experiments').filter((f) => f.endsWith('.json'));
		expect(files.length).toBeGreaterThanOrEqual(8);
		const counts: Record<string, number> = {};
		for (const f of files) counts[f] = planRuns(parseSpecText(readFileSync(`experiments/${f}`, 'utf8'))).length;
		expect(counts['fig7.json']).toBe(72 * 100);
		expect(counts['fig6.json']).toBe(72);
		expect(counts['fig9.json']).toBe(250 * (1 + 8 * 3));
		expect(counts['fig9-p3.json']).toBe(1000);
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
