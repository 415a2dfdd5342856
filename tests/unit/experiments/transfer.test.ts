/** Fig 9's analysis (transfer.ts), the reference-layer summary (reference.ts) and `flatland report --json`. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/lib/core/config';
import { initParams } from '../../../src/lib/core/params';
import { reportSvg } from '../../../src/lib/experiments/figure';
import type { RunRecord } from '../../../src/lib/experiments/record';
import { isSummary, summarize, summaryFromTable } from '../../../src/lib/experiments/reference';
import { tokenSpread, transferAnalysis, transferMarkdown } from '../../../src/lib/experiments/transfer';

const cli = (args: string[]) => spawnSync('node', ['bin/flatland.js', ...args], { encoding: 'utf8', timeout: 120_000 });

function rec(kind: RunRecord['kind'], seed: number, p: number, acc: number, extra: Partial<RunRecord> = {}): RunRecord {
	const config = parseConfig({ p, nb_emb: Math.max(3, p), seed });
	return {
		v: 1,
		id: `${kind}-${extra.spare_row ?? ''}-${p}-${seed}`,
		spec: 'syn',
		kind,
		point: kind === 'pretrain' ? {} : { p, nb_emb: config.nb_emb },
		seed,
		config,
		final: { epoch: 1000, loss: 0.1, acc, test_loss: 0.1, test_acc: acc },
		best_test_acc: acc,
		curve: { every: 10, epoch: [1000], test_acc: [acc], loss: [0.1] },
		engine: 'ts',
		seconds: 1,
		...extra
	};
}

describe('transfer analysis (Fig 9)', () => {
	it('a long token row gathers its normalised embeddings: the spread over positions shrinks', () => {
		const c = parseConfig({ p: 3, nb_emb: 3, seed: 4 });
		const w = initParams(c);
		const before = tokenSpread(w, c, 2);
		w[4] *= 100;
		w[5] *= 100;
		const after = tokenSpread(w, c, 2);
		expect(before).toBeGreaterThan(30);
		expect(after).toBeLessThan(before / 10);
	});

	// Four seeds: pretraining succeeds for 0 and 1 (six-cluster circuit for 0), fails for 2 and 3.
	const pre = [0.99, 0.95, 0.5, 0.52].map((a, s) => rec('pretrain', s, 2, a, { circuit: s === 0 ? 'faulty-attention-corrected-by-V' : s === 1 ? 'fuzzy' : 'failed' }));
	const keep = [0.6, 0.4, 0.34, 0.33].map((a, s) => rec('finetune', s, 3, a, { from: pre[s].id, spare_row: 'keep' }));
	const fresh = [1.0, 0.93, 0.35, 0.34].map((a, s) => rec('finetune', s, 3, a, { from: pre[s].id, spare_row: 'fresh' }));
	const scratch = [0.95, 0.33, 0.34, 0.34].map((a, s) => rec('scratch', s, 3, a));
	// A seed without its scratch run is left out of the paired table.
	const lone = [rec('pretrain', 9, 2, 0.99), rec('finetune', 9, 3, 1, { from: 'pretrain--2-9', spare_row: 'fresh' })];

	it('pairs the arms by seed, conditions on a successful pretraining, and tables the pretrained circuit', () => {
		const [pt, ...rest] = transferAnalysis([...pre, ...keep, ...fresh, ...scratch, ...lone]);
		expect(rest).toEqual([]);
		expect(pt.p).toBe(3);
		expect(pt.seeds).toEqual([0, 1, 2, 3]);
		expect(pt.arms.fresh!.success.est).toBe(0.5);
		expect(pt.arms.fresh!.perfect).toBe(1);
		expect(pt.arms.keep!.success.est).toBe(0);
		expect(pt.arms.scratch!.success.est).toBe(0.25);
		expect(pt.arms.pretrain!.success.est).toBe(0.5);
		expect(pt.givenPretrained.n).toBe(2);
		expect(pt.givenPretrained.arms.fresh!.success.est).toBe(1);
		expect(pt.givenPretrained.arms.scratch!.success.est).toBe(0.5);
		expect(pt.vsScratch.fresh!.est).toBeCloseTo((0.05 + 0.6 + 0.01 + 0) / 4, 12);
		const six = pt.circuits.find((c) => c.circuit === 'faulty-attention-corrected-by-V')!;
		expect(six.arms.fresh).toEqual({ success: 1, perfect: 1, mean: 1 });
		expect(pt.circuits.find((c) => c.circuit === 'failed')!.n).toBe(2);
		const md = transferMarkdown([pt]);
		expect(md).toContain('### p = 3 (nb_emb 3): 4 seeds');
		expect(md).toContain('| fine-tuned, spare row fresh | 4 | 0.655');
		expect(md).toContain('| faulty-attention-corrected-by-V (six clusters) | 1 | 0 / 0 | 1 / 1 | 1 / 0 |');
		// The figure draws the arms as Fig 9's bars (per p, with intervals), not the generic axis lines.
		const svg = reportSvg([...pre, ...keep, ...fresh, ...scratch]);
		expect(svg.match(/data-arm="fresh" data-p="3"/g)).toHaveLength(3);
		expect(svg).not.toContain('data-role="mean"');
	});

	it('the summary carries the per-row intervals and the transfer table; a report table rebuilds into one', () => {
		const s = summarize([...pre, ...keep, ...fresh, ...scratch], 'syn');
		expect(isSummary(s)).toBe(true);
		expect(s.runs).toBe(16);
		expect(s.transfer![0].seeds).toHaveLength(4);
		const fr = s.axes[0].series.find((x) => x.kind === 'finetune fresh')!.rows[0];
		expect(fr.n).toBe(4);
		expect(fr.success_ci[0]).toBeGreaterThan(0);
		expect(fr.success_ci[1]).toBeLessThan(1);
		// Fig 7's 100-seed table (its results file was not kept) rebuilds into a summary with every run.
		const fig7 = summaryFromTable(readFileSync('docs/figures/fig7.md', 'utf8'), 'docs/figures/fig7.md');
		expect(fig7.runs).toBe(7200);
		expect(fig7.derived_from).toBe('docs/figures/fig7.md');
		const h10 = fig7.axes.find((a) => a.fields[0] === 'h')!.series[0].rows[0];
		expect(h10).toMatchObject({ value: 10, n: 100, mean: 0.715, std: 0.222, success: 0.33 });
		expect(h10.success_ci[0]).toBeCloseTo(0.2456, 3);
		expect(h10.mean_ci[1] - h10.mean_ci[0]).toBeCloseTo((2 * 1.9842 * 0.222 * Math.sqrt(100 / 99)) / 10, 3);
	});

	it('flatland report --json on a transfer sweep, then on its own table', () => {
		const dir = mkdtempSync(join(tmpdir(), 'flatland-transfer-'));
		const spec = join(dir, 'spec.json');
		writeFileSync(spec, JSON.stringify({ name: 'tr', base: { epochs: 2, n: 64, batch: 32 }, transfer: { pretrain: { p: 2, nb_emb: 3 }, spare_row: ['keep', 'fresh'] }, grid: { 'p,nb_emb': [[3, 3]] }, seeds: [0, 1] }));
		const out = join(dir, 'tr.jsonl');
		const sw = cli(['sweep', spec, '--out', out, '--quiet']);
		expect(sw.status, sw.stderr).toBe(0);
		const rep = cli(['report', out, '--no-png', '--json', join(dir, 'tr.summary.json')]);
		expect(rep.status, rep.stderr).toBe(0);
		expect(rep.stdout).toContain('## Transfer (Fig 9): arms paired by seed');
		expect(rep.stdout).toMatch(/\| 3, 3 \| finetune fresh \| 2 \|/);
		const summary = JSON.parse(readFileSync(join(dir, 'tr.summary.json'), 'utf8'));
		expect(isSummary(summary)).toBe(true);
		expect(summary.transfer[0].seeds).toEqual([0, 1]);
		const again = cli(['report', join(dir, 'tr.md'), '--json', join(dir, 'from-table.json')]);
		expect(again.status, again.stderr).toBe(0);
		const rebuilt = JSON.parse(readFileSync(join(dir, 'from-table.json'), 'utf8'));
		expect(rebuilt.derived_from).toContain('tr.md');
		expect(rebuilt.runs).toBe(8);
		expect(cli(['report', join(dir, 'tr.md')]).stderr).toMatch(/--json FILE/);
		// --spec keeps one spec's records (and the pretraining runs they started from).
		const only = cli(['report', out, '--no-png', '--spec', 'tr', '--out', join(dir, 'only')]);
		expect(only.status, only.stderr).toBe(0);
		expect(cli(['report', out, '--no-png', '--spec', 'nope', '--out', join(dir, 'none')]).stderr).toMatch(/no record of that spec \(specs here: tr\)/);
	}, 120_000);
});
