/**
 * Paired comparison against a baseline grid point: every other grid point of a sweep against the
 * baseline, run by run on the same seed (same data, batches and initial weights: the seed fixes them).
 * Pairing removes the seed-to-seed spread, which in this model dwarfs most effects. Per point: the mean
 * difference of spikes per run and of final test accuracy (t intervals), the share of runs with at
 * least one spike in each arm (Wilson), and the runs that succeed in one arm only with the exact
 * two-sided sign test on them (McNemar's test in its exact form).
 */
import { CHANCE_LOSS_TOL, SUCCESS_ACC } from '../core/outcome';
import { accOf } from './aggregate';
import { fmtInterval, pairedDifference, wilson, type Interval } from './intervals';
import type { RunRecord } from './record';

export interface PairedRow {
	point: Record<string, number | string>;
	pairs: number;
	spikes?: { base: number; this: number; diff: Interval; baseWithSpike: Interval; thisWithSpike: Interval };
	acc: { base: number; this: number; diff: Interval };
	success: { base: Interval; this: Interval; onlyBase: number; onlyThis: number; p: number };
	/**
	 * Leaving the initial plateau: the first recorded epoch whose train loss is below ln p by more than
	 * CHANCE_LOSS_TOL (core/outcome; at the curve's resolution, keep.curve_every). Runs that left in each
	 * arm, and over the seeds that left in both, how many epochs later this arm left (median, and mean
	 * with its t interval).
	 */
	plateau?: { baseLeft: number; thisLeft: number; bothLeft: number; delayMedian: number; delay: Interval };
}

/** Two-sided exact binomial test of k successes in n trials at probability 1/2. */
export function signTest(k: number, n: number): number {
	if (n === 0) return 1;
	const lnC = (a: number, b: number) => lnFact(a) - lnFact(b) - lnFact(a - b);
	const pmf = (i: number) => Math.exp(lnC(n, i) - n * Math.LN2);
	const lo = Math.min(k, n - k);
	let tail = 0;
	for (let i = 0; i <= lo; i++) tail += pmf(i);
	return Math.min(1, 2 * tail - (2 * lo === n ? pmf(lo) : 0));
}
function lnFact(n: number): number {
	let s = 0;
	for (let i = 2; i <= n; i++) s += Math.log(i);
	return s;
}

/** Parse "norm=rms" / "p=3,nb_emb=3" into a point. */
export function parseBaseline(text: string): Record<string, number | string> {
	const out: Record<string, number | string> = {};
	for (const part of text.split(',')) {
		const m = /^\s*([\w]+)\s*=\s*(.+?)\s*$/.exec(part);
		if (!m) throw new Error(`--baseline ${JSON.stringify(text)}: must be FIELD=VALUE[,FIELD=VALUE]`);
		out[m[1]] = Number.isFinite(Number(m[2])) ? Number(m[2]) : m[2];
	}
	return out;
}

/** The first recorded epoch of a run's curve below the plateau (null if it never left). */
export function leftPlateauAt(r: RunRecord): number | null {
	const lim = Math.log(r.config.p) * (1 - CHANCE_LOSS_TOL);
	const i = r.curve.loss.findIndex((l) => l < lim);
	return i < 0 ? null : r.curve.epoch[i];
}

const matches = (r: RunRecord, point: Record<string, number | string>) => Object.entries(point).every(([k, v]) => (r.config as unknown as Record<string, unknown>)[k] === v);

export function pairedAgainst(records: RunRecord[], baseline: Record<string, number | string>): PairedRow[] {
	const base = new Map<number, RunRecord>();
	for (const r of records) if (r.kind === 'train' && matches(r, baseline)) base.set(r.seed, r);
	const groups = new Map<string, { point: Record<string, number | string>; rows: [RunRecord, RunRecord][] }>();
	for (const r of records) {
		if (r.kind !== 'train' || matches(r, baseline)) continue;
		const b = base.get(r.seed);
		if (!b) continue;
		const key = JSON.stringify(r.point);
		if (!groups.has(key)) groups.set(key, { point: r.point, rows: [] });
		groups.get(key)!.rows.push([r, b]);
	}
	const avg = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
	const cmp = (a: number | string | undefined, b: number | string | undefined) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b)));
	const sorted = [...groups.values()].sort((a, b) => {
		const keys = [...new Set([...Object.keys(a.point), ...Object.keys(b.point)])];
		return keys.reduce((c, k) => c || cmp(a.point[k], b.point[k]), 0);
	});
	return sorted.map(({ point, rows }) => {
		const accT = rows.map(([r]) => accOf(r));
		const accB = rows.map(([, b]) => accOf(b));
		const okT = accT.map((a) => a > SUCCESS_ACC);
		const okB = accB.map((a) => a > SUCCESS_ACC);
		const onlyThis = okT.filter((o, i) => o && !okB[i]).length;
		const onlyBase = okT.filter((o, i) => !o && okB[i]).length;
		const out: PairedRow = {
			point,
			pairs: rows.length,
			acc: { base: avg(accB), this: avg(accT), diff: pairedDifference(accT, accB) },
			success: { base: wilson(okB.filter(Boolean).length, rows.length), this: wilson(okT.filter(Boolean).length, rows.length), onlyBase, onlyThis, p: signTest(onlyThis, onlyThis + onlyBase) }
		};
		const leftT = rows.map(([r]) => leftPlateauAt(r));
		const leftB = rows.map(([, b]) => leftPlateauAt(b));
		const both = leftT.map((t, i) => (t !== null && leftB[i] !== null ? t - leftB[i]! : null)).filter((x): x is number => x !== null);
		if (both.length) {
			const sorted = [...both].sort((a, b) => a - b);
			const mid = sorted.length >> 1;
			out.plateau = {
				baseLeft: leftB.filter((x) => x !== null).length,
				thisLeft: leftT.filter((x) => x !== null).length,
				bothLeft: both.length,
				delayMedian: sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2,
				delay: pairedDifference(both, both.map(() => 0))
			};
		}
		const sp = rows.filter(([r, b]) => typeof r.spikes === 'number' && typeof b.spikes === 'number');
		if (sp.length) {
			const sT = sp.map(([r]) => r.spikes!);
			const sB = sp.map(([, b]) => b.spikes!);
			out.spikes = { base: avg(sB), this: avg(sT), diff: pairedDifference(sT, sB), baseWithSpike: wilson(sB.filter((x) => x > 0).length, sp.length), thisWithSpike: wilson(sT.filter((x) => x > 0).length, sp.length) };
		}
		return out;
	});
}

export function pairedMarkdown(rows: PairedRow[], baseline: Record<string, number | string>): string {
	if (!rows.length) return '';
	const b = Object.entries(baseline).map(([k, v]) => `${k} = ${v}`).join(', ');
	const out = [
		`## Paired against ${b} (same seeds)`,
		'',
		`Each run against the baseline run of the same seed. Differences are this − baseline with 95 % t intervals; shares with 95 % Wilson intervals; "only" counts the seeds that succeed (> ${SUCCESS_ACC}) in one arm but not the other, with the exact two-sided sign test on them.`,
		'',
		'| point | pairs | spikes per run: baseline → this | difference [95 % CI] | runs with a spike: baseline → this | test acc: difference [95 % CI] | success: baseline → this | only baseline / only this | sign test p | left the plateau: baseline → this | leaves later by (median; mean [95 % CI]), epochs |',
		'| --- | ---: | --- | --- | --- | --- | --- | --- | ---: | --- | --- |'
	];
	for (const r of rows) {
		const pt = Object.entries(r.point).map(([k, v]) => `${k} = ${typeof v === 'number' ? +v.toPrecision(4) : v}`).join(', ');
		const sp = r.spikes;
		out.push(
			`| ${pt} | ${r.pairs} | ${sp ? `${sp.base.toFixed(2)} → ${sp.this.toFixed(2)}` : '–'} | ${sp ? fmtInterval(sp.diff) : '–'} | ${sp ? `${fmtInterval(sp.baseWithSpike)} → ${fmtInterval(sp.thisWithSpike)}` : '–'} | ${fmtInterval(r.acc.diff, 3)} | ${fmtInterval(r.success.base)} → ${fmtInterval(r.success.this)} | ${r.success.onlyBase} / ${r.success.onlyThis} | ${r.success.p.toPrecision(2)} | ${r.plateau ? `${r.plateau.baseLeft} → ${r.plateau.thisLeft}` : '–'} | ${r.plateau ? `${r.plateau.delayMedian}; ${fmtInterval(r.plateau.delay, 0)} (${r.plateau.bothLeft} seeds)` : '–'} |`
		);
	}
	return out.join('\n') + '\n';
}
