/**
 * experiments/reference.ts: a sweep's summary from its records, and the same summary rebuilt from the
 * report table when the records are gone — the two agree wherever the table's rounding allows.
 */
import { describe, expect, it } from 'vitest';
import { markdownTable } from '../../../src/lib/experiments/aggregate';
import { isSummary, summarize, summaryFromTable, SUMMARY_FORMAT } from '../../../src/lib/experiments/reference';
import { rec, syntheticRecords } from '../helpers/records';

describe('reference layers', () => {
	const records = syntheticRecords();
	const s = summarize(records, 'syn');

	it('one row per grid point: runs, mean ± std (diverged runs count as 0), success and its Wilson interval, spikes, circuits', () => {
		expect(isSummary(s)).toBe(true);
		expect([s.format, s.runs, s.specs]).toEqual([SUMMARY_FORMAT, 7, ['syn']]);
		const lr = s.axes.find((a) => a.fields[0] === 'lr')!.series[0].rows;
		const at01 = lr.find((r) => r.value === 0.1)!;
		expect(at01).toMatchObject({ n: 4, mean: 0.75, max: 1, success: 0.5, spikes: 1.75, spike_runs: 4, circuits: { ideal: 1, failed: 1 } });
		expect(at01.std).toBeCloseTo(Math.sqrt((0.25 ** 2 + 0.25 ** 2 + 0.2 ** 2 + 0.2 ** 2) / 4), 3);
		expect(at01.success_ci[0]).toBeLessThan(0.5);
		expect(at01.success_ci[1]).toBeGreaterThan(0.5);
		expect(lr.find((r) => r.value === 0.01)).toMatchObject({ n: 2, mean: 0.25, success: 0 });
	});

	it('sparsity curves are averaged over the successful and the failed runs apart', () => {
		const sp = (frac: number[]) => ({ sparsity: { eps: [0.01, 0.1], frac } });
		const rows = summarize([rec('s1', { h: 8 }, 1, sp([0.2, 0.4])), rec('s2', { h: 8 }, 0.95, sp([0.4, 0.6])), rec('s3', { h: 8 }, 0.5, sp([0, 0.1]))], 'sp').axes[0].series[0].rows;
		expect(rows[0].sparsity).toEqual({ eps: [0.01, 0.1], successful: [0.3, 0.5], failed: [0, 0.1], n_successful: 2, n_failed: 1 });
	});

	it('rebuilt from the report table: the same rows, intervals derived from mean, std and n, and it says so', () => {
		const t = summaryFromTable(`# syn\n\n${markdownTable(records)}`, 'syn.md');
		expect(isSummary(t)).toBe(true);
		expect(t.title).toBe('syn');
		expect(t.derived_from).toBe('syn.md');
		expect(t.note).toMatch(/Rebuilt from syn\.md/);
		expect(t.runs).toBe(7);
		expect(t.axes.map((a) => a.fields)).toEqual(s.axes.map((a) => a.fields));
		s.axes.forEach((axis, i) =>
			axis.series[0].rows.forEach((want, j) => {
				const got = t.axes[i].series[0].rows[j];
				expect({ ...got, std: 0, mean_ci: 0 }).toMatchObject({ value: want.value, point: want.point, n: want.n, mean: want.mean, max: want.max, success: want.success, success_ci: want.success_ci });
				expect(got.std).toBeCloseTo(want.std, 3); // the table prints three decimals
				if (want.n > 1) got.mean_ci.forEach((v, k) => expect(Math.abs(v - want.mean_ci[k])).toBeLessThan(0.01));
				expect(got.circuits).toEqual(want.circuits);
			})
		);
	});

	it('isSummary refuses anything else', () => {
		for (const x of [null, 3, {}, { format: SUMMARY_FORMAT }, { format: 'other', axes: [] }]) expect(isSummary(x)).toBe(false);
	});
});
