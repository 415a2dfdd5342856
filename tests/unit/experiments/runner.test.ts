import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/lib/core/config';
import { initParams, layout } from '../../../src/lib/core/params';
import { Trainer } from '../../../src/lib/core/trainer';
import { TsPopulation } from '../../../src/lib/engines/ts-population';
import { WasmPopulation } from '../../../src/lib/engines/wasm-population';
import { mergeRecords, readResults, recordLine, type RunRecord } from '../../../src/lib/experiments/record';
import { AbortError, extendParams, runSweep } from '../../../src/lib/experiments/runner';
import { shardRuns } from '../../../src/lib/experiments/shard';
import { parseSpec, planRuns } from '../../../src/lib/experiments/spec';
import { countSpikes } from '../../../src/lib/experiments/summary';

const tiny = (extra: object = {}) => parseSpec({ name: 't', base: { epochs: 2, n: 64, batch: 16 }, grid: { lr: [0.003, 0.03] }, seeds: [0, 1, 2], ...extra });

async function sweepAll(spec = tiny(), done = new Map<string, RunRecord>(), opts: Partial<Parameters<typeof runSweep>[2]> = {}) {
	const lines: string[] = [];
	await runSweep(spec, planRuns(spec), { createEngine: async () => new TsPopulation(), done, onRecord: (r) => void lines.push(recordLine(r)), ...opts });
	return lines;
}

describe('runner', () => {
	it('trains each run exactly as a single Trainer would, one record per run', async () => {
		const lines = await sweepAll();
		const recs = readResults(lines.join('')).records;
		expect(recs).toHaveLength(6);
		const r = recs.find((x) => x.seed === 1 && x.config.lr === 0.03)!;
		const t = new Trainer(r.config);
		const m = t.run(2 * t.stepsPerEpoch);
		expect(r.final.test_acc).toBeCloseTo(m[1].test_acc, 6);
		expect(r.final.loss).toBeCloseTo(m[1].loss, 5);
		expect(r.curve.epoch).toEqual([2]);
		expect(r.engine).toBe('ts');
		expect(typeof r.spikes).toBe('number');
	});

	it('resumes: an interrupted sweep loses only runs in flight, and the rerun completes without duplicates', async () => {
		const spec = tiny();
		const file: string[] = [];
		const ac = new AbortController();
		const done = new Map<string, RunRecord>();
		await expect(
			runSweep(spec, planRuns(spec), {
				createEngine: async () => new TsPopulation(),
				membersPerPopulation: 1,
				done,
				signal: ac.signal,
				onRecord: (r) => {
					file.push(recordLine(r));
					if (file.length === 2) ac.abort();
				}
			})
		).rejects.toBeInstanceOf(AbortError);
		expect(file).toHaveLength(2);
		// A write cut off mid-line is dropped on reading.
		const text = file.join('') + file[0].slice(0, 40);
		const before = readResults(text);
		expect(before.records).toHaveLength(2);
		expect(before.truncatedTail).toBe(true);
		const again = new Map(before.records.map((r) => [r.id, r]));
		const more = await sweepAll(spec, again, { membersPerPopulation: 1 });
		expect(more).toHaveLength(4);
		const all = readResults(file.join('') + more.join('')).records;
		expect(new Set(all.map((r) => r.id)).size).toBe(6);
		expect(all).toHaveLength(6);
		expect(await sweepAll(spec, new Map(all.map((r) => [r.id, r])))).toHaveLength(0);
	});

	it('shards run separately and merged equal the whole sweep', async () => {
		const spec = tiny();
		const whole = readResults((await sweepAll(spec)).join('')).records;
		const parts: RunRecord[][] = [];
		for (let i = 0; i < 3; i++) {
			const lines: string[] = [];
			await runSweep(spec, shardRuns(planRuns(spec), { index: i, count: 3 }), { createEngine: async () => new TsPopulation(), done: new Map(), onRecord: (r) => void lines.push(recordLine(r)) });
			parts.push(readResults(lines.join('')).records);
		}
		const { records, duplicates } = mergeRecords(parts[0], parts[1], parts[2], parts[1]);
		expect(duplicates).toBe(parts[1].length);
		expect(records.map((r) => r.id).sort()).toEqual(whole.map((r) => r.id).sort());
		const byId = new Map(whole.map((r) => [r.id, r]));
		for (const r of records) expect(r.final).toEqual(byId.get(r.id)!.final);
	});

	it('transfer: fine-tuning starts from the pretrained weights, new token rows drawn fresh', async () => {
		const spec = parseSpec({ base: { epochs: 1, n: 64, batch: 32 }, transfer: { pretrain: { p: 2, nb_emb: 3 } }, grid: { 'p,nb_emb': [[3, 3], [4, 4]] }, seeds: [5], keep: { params: true } });
		const recs = readResults((await sweepAll(spec)).join('')).records;
		// Pretraining and scratch runs first (stage 0, costliest first), then fine-tuning (stage 1).
		expect(recs.slice(0, 3).map((r) => r.kind).sort()).toEqual(['pretrain', 'scratch', 'scratch']);
		expect(recs.slice(3).map((r) => r.kind)).toEqual(['finetune', 'finetune']);
		const pre = recs.find((r) => r.kind === 'pretrain')!;
		expect(pre.params).toHaveLength(layout(pre.config).total);
		const target = parseConfig({ p: 4, nb_emb: 4, seed: 5, epochs: 1, n: 64, batch: 32 });
		const ext = extendParams(pre.params!, pre.config, target);
		expect(Array.from(ext.subarray(0, 6))).toEqual(pre.params!.slice(0, 6));
		expect(Array.from(ext.subarray(6, 8))).toEqual(Array.from(initParams(target).subarray(6, 8)));
		const ft = recs.find((r) => r.kind === 'finetune' && r.config.p === 4)!;
		const t = new Trainer(ft.config, { params: ext });
		expect(ft.final.test_acc).toBeCloseTo(t.run(2)[0].test_acc, 6);
	});

	it('transfer.spare_row keep reproduces the runs made before the option, bit for bit', async () => {
		// Records of this spec from the runner as it was before spare_row (commit be7a5a4), where every
		// fine-tuning run kept the pretrained spare row: ids, final metrics, and the kept parameters' sums.
		const before = [
			{ id: '0595f1165008fa', p: 4, final: { epoch: 3, loss: 1.36009, acc: 0.359375, test_loss: 1.39372, test_acc: 0.265625 }, sum: 13.8142148966, sumsq: 48.313306573030474 },
			{ id: '01b81001057eb7', p: 3, final: { epoch: 3, loss: 1.10954, acc: 0.3125, test_loss: 1.0909, test_acc: 0.375 }, sum: 14.992131933450011, sumsq: 47.51506945333703 }
		];
		const spec = parseSpec({ name: 'g', base: { epochs: 3, n: 64, batch: 16 }, transfer: { pretrain: { p: 2, nb_emb: 3 }, spare_row: 'keep' }, grid: { 'p,nb_emb': [[3, 3], [4, 4]] }, seeds: [5], keep: { params: true } });
		const ft = readResults((await sweepAll(spec)).join('')).records.filter((r) => r.kind === 'finetune');
		expect(ft.map((r) => r.spare_row)).toEqual(['keep', 'keep']);
		expect(
			ft.map((r) => ({ id: r.id, p: r.config.p, final: r.final, sum: r.params!.reduce((a, b) => a + b, 0), sumsq: r.params!.reduce((a, b) => a + b * b, 0) }))
		).toEqual(before);
	});

	it('transfer.spare_row fresh redraws only the rows the pretraining never used as inputs', async () => {
		const spec = parseSpec({ base: { epochs: 2, n: 64, batch: 32 }, transfer: { pretrain: { p: 2, nb_emb: 3 }, spare_row: ['keep', 'fresh'] }, grid: { 'p,nb_emb': [[3, 3], [4, 4]] }, seeds: [7] });
		const recs = readResults((await sweepAll(spec)).join('')).records;
		const pre = recs.find((r) => r.kind === 'pretrain')!;
		const d = pre.config.d;
		for (const P of [3, 4]) {
			const target = parseConfig({ ...pre.config, p: P, nb_emb: P });
			const keep = extendParams(pre.params!, pre.config, target, 'keep');
			const fresh = extendParams(pre.params!, pre.config, target, 'fresh');
			const init = initParams(target);
			const lay = layout(target);
			const E = lay.E.offset;
			// Rows of tokens 0 and 1 and every other tensor: the pretrained values, in both modes.
			for (let i = 0; i < lay.total; i++) if (i < E || i >= E + 2 * d + (P - 2) * d) expect(fresh[i]).toBe(keep[i]);
			for (let i = 0; i < 2 * d; i++) expect(fresh[E + i]).toBe(pre.params![i]);
			for (let i = E + lay.E.size; i < lay.total; i++) expect(fresh[i]).toBe(pre.params![i - lay.E.size + 3 * d]);
			// Row 2 (the spare row): pretrained with keep, as a new model draws it with fresh.
			for (let j = 0; j < d; j++) {
				expect(keep[E + 2 * d + j]).toBe(pre.params![2 * d + j]);
				expect(fresh[E + 2 * d + j]).toBe(init[E + 2 * d + j]);
				expect(fresh[E + 2 * d + j]).not.toBe(keep[E + 2 * d + j]);
			}
			// Row 3 (p = 4: beyond the pretrained nb_emb): fresh in both modes.
			for (let i = 3 * d; i < P * d; i++) {
				expect(keep[E + i]).toBe(init[E + i]);
				expect(fresh[E + i]).toBe(init[E + i]);
			}
		}
		// The two fine-tuning runs of a grid point differ, and each record says its mode.
		const ft = recs.filter((r) => r.kind === 'finetune' && r.config.p === 3);
		expect(ft.map((r) => r.spare_row).sort()).toEqual(['fresh', 'keep']);
		expect(ft[0].final.loss).not.toBe(ft[1].final.loss);
	});

	it('keep.token_norms records ‖E(x)‖ per token row from the start to the last epoch', async () => {
		const spec = parseSpec({ base: { epochs: 12, n: 64, batch: 32 }, transfer: { pretrain: { p: 2, nb_emb: 3 } }, grid: { 'p,nb_emb': [[3, 3]] }, seeds: [2], keep: { token_norms: true, params: true } });
		const recs = readResults((await sweepAll(spec, new Map(), { chunkEpochs: 5 })).join('')).records;
		const pre = recs.find((r) => r.kind === 'pretrain')!;
		expect(pre.token_norms!.epoch).toEqual([0, 5, 10, 12]);
		const init = initParams(pre.config);
		const norm = (w: ArrayLike<number>, x: number) => Math.hypot(w[2 * x], w[2 * x + 1]);
		for (let x = 0; x < 3; x++) {
			expect(pre.token_norms!.norms[0][x]).toBeCloseTo(norm(init, x), 4);
			expect(pre.token_norms!.norms.at(-1)![x]).toBeCloseTo(norm(pre.params!, x), 4);
		}
		// The fine-tuning run (spare row fresh) starts from the fresh row's norm.
		const ft = recs.find((r) => r.kind === 'finetune')!;
		expect(ft.token_norms!.norms[0][2]).toBeCloseTo(norm(initParams(ft.config), 2), 4);
	});

	it('progressive: one seed at a time (its pretraining and scratch, then its fine-tunings, cheapest first), the same records', async () => {
		const spec = parseSpec({ base: { epochs: 2, n: 64, batch: 32 }, transfer: { pretrain: { p: 2, nb_emb: 3 }, spare_row: ['keep', 'fresh'] }, grid: { 'p,nb_emb': [[4, 4], [3, 3]] }, seeds: [3, 1] });
		const order = (lines: string[]) => readResults(lines.join('')).records.map((r) => `${r.seed}:${r.kind}:${r.config.p}${r.spare_row ? `:${r.spare_row}` : ''}`);
		const byStage = order(await sweepAll(spec, new Map(), { membersPerPopulation: 1 }));
		const progressive = await sweepAll(spec, new Map(), { membersPerPopulation: 1, progressive: true });
		const o = order(progressive);
		// By stage (the default): both seeds' pretraining and scratch runs (3 each) before any fine-tuning.
		expect(byStage.findIndex((x) => x.includes('finetune'))).toBe(6);
		// Progressive: seed 3 whole — its stage 0, then its 4 fine-tunings — then seed 1; p = 3 before p = 4.
		expect(o).toHaveLength(14);
		expect(o.slice(0, 7).every((x) => x.startsWith('3:'))).toBe(true);
		expect(o.slice(0, 3).some((x) => x.includes('finetune'))).toBe(false);
		expect(o.slice(3, 7).every((x) => x.includes('finetune'))).toBe(true);
		expect(o.indexOf('3:scratch:3')).toBeLessThan(o.indexOf('3:scratch:4'));
		expect(Math.max(o.indexOf('3:finetune:3:keep'), o.indexOf('3:finetune:3:fresh'))).toBeLessThan(Math.min(o.indexOf('3:finetune:4:keep'), o.indexOf('3:finetune:4:fresh')));
		// Order aside, the same runs give the same records.
		const strip = (lines: string[]) => readResults(lines.join('')).records.map(({ seconds: _s, ...r }) => r).sort((a, b) => a.id.localeCompare(b.id));
		expect(strip(progressive)).toEqual(strip(await sweepAll(spec, new Map(), { membersPerPopulation: 1 })));
	});

	it('counts loss spikes with core/spikes.ts, ignoring non-finite points', () => {
		const flat = Array.from({ length: 200 }, (_, i) => 0.7 * Math.exp(-i / 50) + 0.01);
		expect(countSpikes(flat)).toBe(0);
		const spiky = flat.map((v, i) => (i === 120 || i === 160 ? v * 8 : v));
		expect(countSpikes(spiky)).toBe(2);
		expect(countSpikes([NaN, 0.5])).toBe(0);
	});
});

describe('evaluation schedule (keep.eval_every)', () => {
	it('skips evaluations between kept epochs without changing the training', async () => {
		const base = { base: { epochs: 7, n: 64, batch: 16 }, grid: { lr: [0.01] }, seeds: [1, 2] };
		// The WASM engine really skips them (the TS one evaluates every epoch anyway).
		const wasm = { createEngine: async () => new WasmPopulation('wasm') };
		const every = readResults((await sweepAll(parseSpec({ ...base, keep: { curve_every: 3 } }), new Map(), wasm)).join('')).records;
		const sparse = readResults((await sweepAll(parseSpec({ ...base, keep: { eval_every: 3, curve_every: 3 } }), new Map(), wasm)).join('')).records;
		expect(sparse.map((r) => r.curve.epoch)).toEqual(every.map((r) => r.curve.epoch));
		expect(sparse[0].curve.epoch).toEqual([3, 6, 7]);
		for (const [i, r] of sparse.entries()) {
			expect(r.final).toEqual(every[i].final);
			expect(r.curve.test_acc).toEqual(every[i].curve.test_acc);
			expect(r.spikes).toBeUndefined();
		}
	});

	it('trains whole seeds first, the costliest run of a seed first', async () => {
		const spec = parseSpec({ base: { epochs: 1, n: 64, batch: 32 }, grid: [{ h: [4, 64, 16] }], seeds: [3, 1] });
		const recs = readResults((await sweepAll(spec, new Map(), { membersPerPopulation: 1 })).join('')).records;
		expect(recs.map((r) => [r.seed, r.config.h])).toEqual([[3, 64], [3, 16], [3, 4], [1, 64], [1, 16], [1, 4]]);
	});

	it('rejects schedules that cannot give what the spec keeps', () => {
		expect(() => parseSpec({ seeds: [0], keep: { eval_every: 4, curve_every: 10 } })).toThrow(/multiple of keep\.eval_every/);
		expect(() => parseSpec({ seeds: [0], keep: { eval_every: 5, spikes: true } })).toThrow(/keep\.eval_every must be 1/);
		expect(parseSpec({ seeds: [0], keep: { eval_every: 5 } }).keep).toMatchObject({ eval_every: 5, curve_every: 10, spikes: false });
	});
});
