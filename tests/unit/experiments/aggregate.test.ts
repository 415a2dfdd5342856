import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/lib/core/config';
import { aggregate, markdownTable, stats } from '../../../src/lib/experiments/aggregate';
import { rec, syntheticRecords } from '../helpers/records';

describe('report numbers on synthetic results', () => {
	const records = syntheticRecords();

	it('mean, population std, max, success rate (> 0.9) per value', () => {
		const s = stats(records.slice(0, 4));
		expect(s.n).toBe(4);
		expect(s.mean).toBeCloseTo(0.75, 12);
		expect(s.std).toBeCloseTo(Math.sqrt((0.25 ** 2 + 0.25 ** 2 + 0.2 ** 2 + 0.2 ** 2) / 4), 12);
		expect(s.max).toBe(1);
		expect(s.success).toBe(0.5);
		expect(s.spikes).toBeCloseTo((1 + 1 + 4 + 1) / 4, 12);
		expect(s.circuits).toEqual({ ideal: 1, failed: 1 });
		// A run whose metrics are not finite (diverged before its first epoch) counts as accuracy 0.
		const d = stats(records.slice(4, 6));
		expect(d.mean).toBeCloseTo(0.25, 12);
		expect(d.diverged).toBe(1);
		expect(stats([rec('x', {}, 0.9)]).success).toBe(0); // strictly above 0.9
	});

	it('groups by axis, sorts values, and writes them in the markdown table', () => {
		const axes = aggregate(records);
		expect(axes.map((a) => a.field)).toEqual(['lr', 'batch']);
		expect(axes[0].series[0].rows.map((r) => r.value)).toEqual([0.01, 0.1]);
		const md = markdownTable(records);
		// Mean's 95 % t interval: 0.75 ± t(0.975, 3) · 0.2614 / 2; Wilson for 2 of 4; spikes 1.75 ± 3.182 · 1.5 / 2.
		expect(md).toContain('| 0.1 | 4 | 0.750 ± 0.226 | [0.334, 1.166] | 1.000 | 0.50 | [0.15, 0.85] | 1.75 | [-0.64, 4.14] | ideal 1, failed 1 |');
		expect(md).toContain('| 0.01 | 2 | 0.250 ± 0.250 | [-2.927, 3.427] | 0.500 | 0.00 | [0.00, 0.66] | 0.00 | [0.00, 0.00] | – | (1 diverged)');
		expect(md).toContain('### syn: test accuracy vs batch');
	});

	it('transfer records become scratch and fine-tune series on the p axis', () => {
		const pre = rec('p0', {}, 0.97, { kind: 'pretrain', config: parseConfig({ p: 2, seed: 0 }) });
		const ft = rec('f0', { p: 3, nb_emb: 3 }, 0.8, { kind: 'finetune', from: 'p0' });
		const sc = rec('s0', { p: 3, nb_emb: 3 }, 0.4, { kind: 'scratch' });
		const [axis] = aggregate([pre, ft, sc]);
		expect(axis.fields).toEqual(['p', 'nb_emb']);
		const scratch = axis.series.find((s) => s.kind === 'scratch')!;
		expect(scratch.rows.map((r) => [r.value, r.stats.mean])).toEqual([
			[2, 0.97],
			[3, 0.4]
		]);
		// A record without spare_row predates the option: it kept the row.
		expect(axis.series.find((s) => s.kind === 'finetune keep')!.rows.map((r) => r.value)).toEqual([3]);
		expect(markdownTable([pre, ft, sc])).toMatch(/\| 3, 3 \| finetune keep \| 1 \| 0\.800/);
		const fresh = rec('g0', { p: 3, nb_emb: 3 }, 0.9, { kind: 'finetune', from: 'p0', spare_row: 'fresh' });
		expect(aggregate([pre, ft, fresh, sc])[0].series.map((s) => s.kind).sort()).toEqual(['finetune fresh', 'finetune keep', 'scratch']);
	});
});
