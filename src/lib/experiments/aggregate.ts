/**
 * Aggregation of run records: per axis (the varied fields of a grid point), per value, the mean and
 * standard deviation of the final test accuracy, its max, the success rate (test accuracy > 0.9, the
 * paper's threshold), mean spike count and circuit classes. Pure functions over records.
 */
import type { RunRecord } from './record';
import { SUCCESS_ACC } from '../core/outcome';
import { mean, std } from '../core/stats';
import { fmtInterval, meanInterval, wilson } from './intervals';

/** The success threshold, from core/outcome (one definition for every page and report). */
export const SUCCESS = SUCCESS_ACC;

export interface Stats {
	n: number;
	mean: number;
	/** Population standard deviation (numpy's default, ddof = 0). */
	std: number;
	min: number;
	max: number;
	/** Share of runs with test accuracy > 0.9. */
	success: number;
	/** Mean spike count over runs that recorded spikes (NaN if none did). */
	spikes: number;
	diverged: number;
	circuits: Record<string, number>;
}

export interface Row {
	value: number | string;
	/** The full grid point (for zipped keys, every field). */
	point: Record<string, number | string>;
	stats: Stats;
	records: RunRecord[];
}

export interface Series {
	/** 'train' for plain sweeps; 'scratch' / 'finetune keep' / 'finetune fresh' for transfer sweeps (pretraining runs count as scratch at their p). */
	kind: string;
	rows: Row[];
}

export interface Axis {
	spec: string;
	/** The varied field (the first of a zipped key), or '' for runs with an empty grid point. */
	field: string;
	fields: string[];
	series: Series[];
}

/** Final test accuracy of a record; a run without any finite metric counts as 0. */
export function accOf(r: RunRecord): number {
	const a = r.final?.test_acc;
	return typeof a === 'number' && Number.isFinite(a) ? a : 0;
}

export function stats(records: RunRecord[]): Stats {
	const acc = records.map(accOf);
	const n = acc.length;
	const m = mean(acc);
	const sd = std(acc);
	const sp = records.filter((r) => typeof r.spikes === 'number').map((r) => r.spikes as number);
	const circuits: Record<string, number> = {};
	for (const r of records) if (r.circuit) circuits[r.circuit] = (circuits[r.circuit] ?? 0) + 1;
	return {
		n,
		mean: m,
		std: sd,
		min: n ? Math.min(...acc) : NaN,
		max: n ? Math.max(...acc) : NaN,
		success: n ? acc.filter((a) => a > SUCCESS).length / n : NaN,
		spikes: mean(sp),
		diverged: records.filter((r) => r.diverged !== undefined).length,
		circuits
	};
}

function cmp(a: number | string, b: number | string): number {
	return typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
}

/** Group records into axes (per spec and varied fields), series (per kind) and rows (per value). */
export function aggregate(records: RunRecord[]): Axis[] {
	const axes = new Map<string, Axis>();
	const rowsOf = new Map<string, Map<string, Row>>();
	// The transfer axis of each spec: the grid fields of its fine-tuning or scratch runs.
	const transferFields = new Map<string, string[]>();
	for (const r of records) if ((r.kind === 'finetune' || r.kind === 'scratch') && !transferFields.has(r.spec)) transferFields.set(r.spec, Object.keys(r.point ?? {}));
	for (const r of records) {
		let fields = Object.keys(r.point ?? {});
		let point = r.point ?? {};
		// Fine-tuning runs split by how their spare token row started (records from before the option kept it).
		let kind: string = r.kind === 'pretrain' || r.kind === 'scratch' ? 'scratch' : r.kind === 'finetune' ? `finetune ${r.spare_row ?? 'keep'}` : 'train';
		// A pretraining run is a from-scratch run at the pretraining config: place it on the transfer axis.
		if (r.kind === 'pretrain') {
			fields = transferFields.get(r.spec) ?? ['p'];
			point = Object.fromEntries(fields.map((f) => [f, (r.config as unknown as Record<string, number | string>)[f]]));
		}
		const axisKey = `${r.spec}|${fields.join(',')}`;
		let axis = axes.get(axisKey);
		if (!axis) axes.set(axisKey, (axis = { spec: r.spec, field: fields[0] ?? '', fields, series: [] }));
		let series = axis.series.find((s) => s.kind === kind);
		if (!series) axis.series.push((series = { kind, rows: [] }));
		const sk = `${axisKey}|${kind}`;
		let rows = rowsOf.get(sk);
		if (!rows) rowsOf.set(sk, (rows = new Map()));
		const vk = JSON.stringify(fields.map((f) => point[f]));
		let row = rows.get(vk);
		if (!row) {
			row = { value: point[fields[0]] ?? '', point, stats: stats([]), records: [] };
			rows.set(vk, row);
			series.rows.push(row);
		}
		row.records.push(r);
	}
	for (const axis of axes.values())
		for (const s of axis.series) {
			s.rows.sort((a, b) => cmp(a.value, b.value));
			for (const row of s.rows) row.stats = stats(row.records);
		}
	return [...axes.values()];
}

export function fmt(x: number, digits = 3): string {
	if (!Number.isFinite(x)) return '–';
	return x.toFixed(digits);
}

export function fmtValue(v: number | string): string {
	if (typeof v !== 'number') return String(v);
	if (Number.isInteger(v)) return String(v);
	const a = Math.abs(v);
	return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(2) : String(Number(v.toPrecision(3)));
}

/**
 * A markdown table per axis: value, runs, mean ± std of the final test accuracy and the mean's 95 % t
 * interval, max, success rate and its 95 % Wilson interval, spikes per run (mean [95 % t interval]), circuits.
 */
export function markdownTable(records: RunRecord[]): string {
	const out: string[] = [];
	for (const axis of aggregate(records)) {
		const transfer = axis.series.some((s) => s.kind !== 'train');
		out.push(`### ${axis.spec}: test accuracy vs ${axis.fields.join(', ') || '(no grid)'}`, '');
		out.push(`| ${axis.fields.join(', ') || 'run'} |${transfer ? ' kind |' : ''} runs | test acc (mean ± std) | mean, 95 % CI | max | success (> ${SUCCESS}) | success, 95 % CI (Wilson) | spikes (mean) | spikes, 95 % CI | circuits |`);
		out.push(`| --- |${transfer ? ' --- |' : ''} ---: | --- | --- | ---: | ---: | --- | ---: | --- | --- |`);
		// Sort by every field of the point (a zipped or crossed key), then by kind.
		const byPoint = (a: Row, b: Row) => axis.fields.reduce((c, f) => c || cmp(a.point[f], b.point[f]), 0);
		const rows = axis.series.flatMap((s) => s.rows.map((r) => ({ s, r }))).sort((a, b) => byPoint(a.r, b.r) || a.s.kind.localeCompare(b.s.kind));
		for (const { s, r } of rows) {
			const st = r.stats;
			const circ = Object.entries(st.circuits)
				.sort((a, b) => b[1] - a[1])
				.map(([k, v]) => `${k} ${v}`)
				.join(', ');
			const value = axis.fields.map((f) => fmtValue(r.point[f])).join(', ') || '–';
			const meanCi = fmtInterval(meanInterval(r.records.map(accOf)), 3).replace(/^\S+ /, '');
			const successCi = fmtInterval(wilson(Math.round(st.success * st.n), st.n)).replace(/^\S+ /, '');
			const sp = r.records.filter((x) => typeof x.spikes === 'number').map((x) => x.spikes as number);
			const spikesCi = sp.length ? fmtInterval(meanInterval(sp)).replace(/^\S+ /, '') : '–';
			out.push(
				`| ${value} |${transfer ? ` ${s.kind} |` : ''} ${st.n} | ${fmt(st.mean)} ± ${fmt(st.std)} | ${meanCi} | ${fmt(st.max)} | ${fmt(st.success, 2)} | ${successCi} | ${fmt(st.spikes, 2)} | ${spikesCi} | ${circ || '–'} |` +
					(st.diverged ? ` (${st.diverged} diverged)` : '')
			);
		}
		out.push('');
	}
	return out.join('\n');
}

/**
 * Activation sparsity by outcome, per axis value (records that kept it): mean share of |gelu| < ε of
 * the successful and the failed runs at a few ε, and the ε range over which every successful run is
 * denser (less sparse) than every failed one — the paper's "separation" (Fig 17, 20).
 */
export function sparsityMarkdown(records: RunRecord[]): string {
	const out: string[] = [];
	const show = [1e-3, 1e-2, 0.1, 1, 10];
	for (const axis of aggregate(records))
		for (const s of axis.series)
			for (const row of s.rows) {
				const rs = row.records.filter((r) => r.sparsity?.frac.length);
				if (!rs.length) continue;
				if (!out.length) out.push('### Activation sparsity by outcome', '', `Mean share of MLP activations with |gelu| < ε, successful (> ${SUCCESS}) / failed runs; "separated" is the ε range where every successful run is less sparse than every failed one.`, '', `| ${axis.fields.join(', ') || 'run'} | learned / failed | ${show.map((e) => `ε = ${e}`).join(' | ')} | separated |`, `| --- | --- |${show.map(() => ' --- |').join('')} --- |`);
				const eps = rs[0].sparsity!.eps;
				const ok = rs.filter((r) => accOf(r) > SUCCESS);
				const bad = rs.filter((r) => !(accOf(r) > SUCCESS));
				const at = (e: number) => eps.findIndex((x) => Math.abs(Math.log10(x) - Math.log10(e)) < 1e-6);
				const m = (g: RunRecord[], j: number) => (g.length && j >= 0 ? fmt(g.reduce((a, r) => a + r.sparsity!.frac[j], 0) / g.length, 2) : '–');
				const sep = ok.length && bad.length ? eps.filter((_, j) => Math.max(...ok.map((r) => r.sparsity!.frac[j])) < Math.min(...bad.map((r) => r.sparsity!.frac[j]))) : [];
				const value = axis.fields.map((f) => fmtValue(row.point[f])).join(', ') || '–';
				out.push(`| ${value} | ${ok.length} / ${bad.length} | ${show.map((e) => `${m(ok, at(e))} / ${m(bad, at(e))}`).join(' | ')} | ${sep.length ? `${fmtValue(sep[0])} … ${fmtValue(sep[sep.length - 1])}` : ok.length && bad.length ? 'none' : '–'} |`);
			}
	return out.length ? out.join('\n') + '\n' : '';
}
