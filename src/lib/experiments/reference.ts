/**
 * Reference layers: a compact summary of a whole sweep, written by `flatland report --json`, that the
 * article ships beside a small live population ("our 100-seed sweep, `flatland sweep
 * experiments/fig7.json`"). Per axis, series and value: runs, mean ± std of the final test accuracy
 * with its 95 % t interval, max, success rate with its Wilson interval, spikes per run with its t
 * interval, circuit classes; for transfer sweeps, Fig 9's paired analysis (transfer.ts).
 *
 * When a sweep's results file is gone but its `flatland report` table survives (Fig 7's 7,200 runs:
 * experiments/results is not kept in git), `summaryFromTable` rebuilds the summary from the table,
 * says so in `derived_from`, and derives the intervals from the table's mean, std, n and success rate.
 */
import { SUCCESS_ACC } from '../core/outcome';
import { aggregate, type Stats } from './aggregate';
import { meanInterval, tQuantile, wilson, type Interval } from './intervals';
import type { RunRecord } from './record';
import { transferAnalysis, type TransferPoint } from './transfer';
import { pairedAgainst, type PairedRow } from './paired';

export const SUMMARY_FORMAT = 'flatland-summary';

export interface SummaryRow {
	value: number | string;
	point: Record<string, number | string>;
	n: number;
	mean: number;
	/** Population standard deviation over seeds. */
	std: number;
	mean_ci: [number, number];
	max: number;
	success: number;
	success_ci: [number, number];
	/** Mean loss spikes per run (runs that counted them), its t interval, and runs with at least one. */
	spikes?: number;
	spikes_ci?: [number, number];
	spike_runs?: number;
	circuits?: Record<string, number>;
	/** Mean activation sparsity against ε over the successful (> 0.9) and the failed runs (runs that recorded it). */
	sparsity?: { eps: number[]; successful: number[] | null; failed: number[] | null; n_successful: number; n_failed: number };
}

export interface SummaryAxis {
	spec: string;
	fields: string[];
	series: { kind: string; rows: SummaryRow[] }[];
}

export interface Summary {
	format: typeof SUMMARY_FORMAT;
	v: 1;
	title: string;
	specs: string[];
	runs: number;
	/** Set when the summary was rebuilt from a report table rather than from the records. */
	derived_from?: string;
	note?: string;
	axes: SummaryAxis[];
	transfer?: TransferPoint[];
	/** Every grid point against a baseline point, run by run on the same seed (report --baseline). */
	paired?: { baseline: Record<string, number | string>; rows: PairedRow[] };
}

const r4 = (x: number) => (Number.isFinite(x) ? Number(x.toPrecision(4)) : x);
const pair = (iv: Interval): [number, number] => [r4(iv.lo), r4(iv.hi)];

function row(value: number | string, point: Record<string, number | string>, st: Stats, records: RunRecord[]): SummaryRow {
	const acc = records.map((r) => (Number.isFinite(r.final?.test_acc) ? r.final.test_acc : 0));
	const out: SummaryRow = {
		value,
		point,
		n: st.n,
		mean: r4(st.mean),
		std: r4(st.std),
		mean_ci: pair(meanInterval(acc)),
		max: r4(st.max),
		success: r4(st.success),
		success_ci: pair(wilson(Math.round(st.success * st.n), st.n))
	};
	const sp = records.filter((r) => typeof r.spikes === 'number').map((r) => r.spikes as number);
	if (sp.length) {
		out.spikes = r4(st.spikes);
		out.spikes_ci = pair(meanInterval(sp));
		out.spike_runs = sp.filter((s) => s > 0).length;
	}
	if (Object.keys(st.circuits).length) out.circuits = st.circuits;
	const withSp = records.filter((r) => r.sparsity?.frac.length);
	if (withSp.length) {
		const eps = withSp[0].sparsity!.eps;
		const meanCurve = (rs: RunRecord[]) => (rs.length ? eps.map((_, j) => r4(rs.reduce((a, r) => a + r.sparsity!.frac[j], 0) / rs.length)) : null);
		const ok = withSp.filter((r) => r.final.test_acc > SUCCESS_ACC);
		const bad = withSp.filter((r) => !(r.final.test_acc > SUCCESS_ACC));
		out.sparsity = { eps, successful: meanCurve(ok), failed: meanCurve(bad), n_successful: ok.length, n_failed: bad.length };
	}
	return out;
}

/** The summary of a set of records (one or more sweeps); with a baseline point, the paired comparison too. */
export function summarize(records: RunRecord[], title: string, baseline?: Record<string, number | string>): Summary {
	const axes = aggregate(records).map((a) => ({
		spec: a.spec,
		fields: a.fields,
		series: a.series.map((s) => ({ kind: s.kind, rows: s.rows.map((r) => row(r.value, r.point, r.stats, r.records)) }))
	}));
	const transfer = transferAnalysis(records);
	return {
		format: SUMMARY_FORMAT,
		v: 1,
		title,
		specs: [...new Set(records.map((r) => r.spec))],
		runs: records.length,
		axes,
		...(transfer.length ? { transfer } : {}),
		...(baseline ? { paired: { baseline, rows: pairedAgainst(records, baseline) } } : {})
	};
}

function parseValue(s: string): number | string {
	const t = s.trim();
	return t !== '' && Number.isFinite(Number(t)) ? Number(t) : t;
}

/**
 * A summary rebuilt from `flatland report`'s markdown table (aggregate.ts markdownTable). Intervals
 * come from the table's numbers: the t interval from mean, std (population, so × √(n/(n−1)) for the
 * sample) and n; Wilson from the success rate × n (rounded: the table prints two decimals, exact for
 * n = 100).
 */
export function summaryFromTable(md: string, source: string): Summary {
	const axes: SummaryAxis[] = [];
	let axis: SummaryAxis | undefined;
	let header: string[] = [];
	let runs = 0;
	for (const line of md.split('\n')) {
		const h = /^###\s+(.+?):\s+test accuracy vs\s+(.+)$/.exec(line);
		if (h) {
			axis = { spec: h[1], fields: h[2] === '(no grid)' ? [] : h[2].split(',').map((f) => f.trim()), series: [] };
			axes.push(axis);
			header = [];
			continue;
		}
		// Any other heading (the transfer section) ends the axis tables.
		if (line.startsWith('#')) axis = undefined;
		if (!axis || !line.startsWith('|')) continue;
		const cells = line.split('|').slice(1, -1).map((c) => c.trim());
		if (!header.length) {
			header = cells;
			continue;
		}
		if (cells.every((c) => /^-+:?$/.test(c))) continue;
		const col = (name: string) => cells[header.findIndex((x) => x.startsWith(name))];
		const kind = header.includes('kind') ? col('kind') : 'train';
		const values = (col(header[0]) ?? '').split(',').map(parseValue);
		const point = Object.fromEntries(axis.fields.map((f, i) => [f, values[i]]));
		const n = Number(col('runs'));
		const [m, sd] = (col('test acc') ?? '').split('±').map((x) => Number(x));
		const success = Number(col('success'));
		const sampleSd = n > 1 ? sd * Math.sqrt(n / (n - 1)) : NaN;
		const half = n > 1 ? (tQuantile(0.975, n - 1) * sampleSd) / Math.sqrt(n) : Infinity;
		const r: SummaryRow = {
			value: values[0],
			point,
			n,
			mean: m,
			std: sd,
			mean_ci: [r4(m - half), r4(m + half)],
			max: Number(col('max')),
			success,
			success_ci: pair(wilson(Math.round(success * n), n))
		};
		const spikes = Number(col('spikes'));
		if (Number.isFinite(spikes)) r.spikes = spikes;
		const circ = col('circuits');
		if (circ && circ !== '–') r.circuits = Object.fromEntries(circ.split(',').map((c) => { const m2 = /^(.*)\s+(\d+)$/.exec(c.trim()); return m2 ? [m2[1], Number(m2[2])] : [c.trim(), 0]; }));
		let series = axis.series.find((s) => s.kind === kind);
		if (!series) axis.series.push((series = { kind, rows: [] }));
		series.rows.push(r);
		runs += n;
	}
	const title = /^#\s+(.+)$/m.exec(md)?.[1] ?? source;
	return {
		format: SUMMARY_FORMAT,
		v: 1,
		title,
		specs: [...new Set(axes.map((a) => a.spec))],
		// One run can sit on several axes only in a union of grids that share a point; report tables count each row's runs.
		runs,
		derived_from: source,
		note: `Rebuilt from ${source} (a table written by flatland report); the results file it summarised was not kept. Means, std, max, success rates and circuit counts are the table's; the 95 % intervals are derived from them.`,
		axes
	};
}

/** Whether a parsed JSON value is a summary (for the article's imports and the CLI). */
export function isSummary(x: unknown): x is Summary {
	return typeof x === 'object' && x !== null && (x as Summary).format === SUMMARY_FORMAT && Array.isArray((x as Summary).axes);
}
