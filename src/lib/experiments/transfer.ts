/**
 * Fig 9's analysis from a transfer sweep's records: per target p, the seeds whose pretraining run
 * and every arm (fine-tune with the spare row kept, fine-tune with it fresh, from scratch) are
 * recorded, so that the arms are paired by seed; for each arm the mean final test accuracy (t
 * interval), the success rate (> 0.9, Wilson interval), the best run and how many reached 100 %;
 * the same conditioned on a successful pretraining; the paired difference of each fine-tuning arm
 * against scratch; and the pretrained model's circuit class (core/circuits.ts) against its
 * fine-tuning outcome (the paper: only six-cluster circuits, its Figs 1–2, reached 100 %).
 */
import { SUCCESS_ACC } from '../core/outcome';
import { accOf } from './aggregate';
import { fmtInterval, meanInterval, pairedDifference, wilson, type Interval } from './intervals';
import type { RunRecord } from './record';
import { canonicalConfig, type SpareRow } from './spec';
import type { Config } from '../core/config';
import { layout } from '../core/params';
import { extendParams } from './runner';

export type ArmName = 'pretrain' | 'keep' | 'fresh' | 'scratch';
export const ARM_LABEL: Record<ArmName, string> = {
	pretrain: 'pretraining (p = 2)',
	keep: 'fine-tuned, spare row kept',
	fresh: 'fine-tuned, spare row fresh',
	scratch: 'from scratch'
};

/** Circuit classes with both invariants learned: six ξ clusters for p = 2 (the paper's Figs 1–2). */
export const SIX_CLUSTER = ['ideal', 'faulty-attention-corrected-by-V'];

export interface ArmStats {
	n: number;
	mean: Interval;
	success: Interval;
	max: number;
	/** Runs at 100 % test accuracy. */
	perfect: number;
}

export interface CircuitRow {
	/** The pretrained model's circuit class ('six-cluster' groups ideal and faulty-attention-corrected-by-V in `group`). */
	circuit: string;
	n: number;
	/** Per fine-tuning arm: successes and 100 % runs among these seeds. */
	arms: Partial<Record<ArmName, { success: number; perfect: number; mean: number }>>;
}

/**
 * The pretrained spare row (d = 2 only): its norm at the end of pretraining against the rows in use,
 * and how far apart the L normalised "2"s land when fine-tuning starts — the angular range of
 * N(E(2) + P(t)) over positions t — with the row kept and with it fresh (medians over seeds).
 */
export interface SpareRowStats {
	n: number;
	/** ‖E(x)‖ per token row: median, min, max over the pretrained models. */
	norms: { median: number; min: number; max: number }[];
	spreadKeep: { median: number; min: number; max: number };
	spreadFresh: { median: number; min: number; max: number };
}

export interface TransferPoint {
	p: number;
	nb_emb: number;
	/** Seeds with every arm recorded. */
	seeds: number[];
	arms: Partial<Record<ArmName, ArmStats>>;
	/** The same, over the seeds whose pretraining succeeded (test accuracy > 0.9). */
	givenPretrained: { n: number; arms: Partial<Record<ArmName, ArmStats>> };
	/** Paired (same seed) mean difference of final test accuracy, fine-tuning arm − scratch. */
	vsScratch: Partial<Record<'keep' | 'fresh', Interval>>;
	circuits: CircuitRow[];
	spare?: SpareRowStats;
}

/** Angular range, in degrees, covered by N(E(x) + P(t)) over the positions t (d = 2). */
export function tokenSpread(params: ArrayLike<number>, c: Config, x: number): number {
	const lay = layout(c);
	const ang = Array.from({ length: c.L }, (_, t) => Math.atan2(params[lay.E.offset + x * 2 + 1] + params[lay.P.offset + 2 * t + 1], params[lay.E.offset + x * 2] + params[lay.P.offset + 2 * t]))
		.map((a) => (a + 2 * Math.PI) % (2 * Math.PI))
		.sort((a, b) => a - b);
	let gap = 2 * Math.PI - ang[ang.length - 1] + ang[0];
	for (let i = 1; i < ang.length; i++) gap = Math.max(gap, ang[i] - ang[i - 1]);
	return ((2 * Math.PI - gap) * 180) / Math.PI;
}

const spreadStats = (v: number[]) => {
	const s = [...v].sort((a, b) => a - b);
	const mid = s.length >> 1;
	return { median: s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2, min: s[0], max: s[s.length - 1] };
};

function spareRowStats(pre: RunRecord[], target: Config): SpareRowStats | undefined {
	const ok = pre.filter((r) => r.params && r.config.d === 2 && r.config.nb_emb > r.config.p && target.nb_emb > r.config.p);
	if (!ok.length) return undefined;
	const x = ok[0].config.p; // the first spare row (token 2 after p = 2)
	const tcfg = (r: RunRecord) => ({ ...target, seed: r.seed });
	return {
		n: ok.length,
		norms: Array.from({ length: ok[0].config.nb_emb }, (_, row) => spreadStats(ok.map((r) => Math.hypot(r.params![2 * row], r.params![2 * row + 1])))),
		spreadKeep: spreadStats(ok.map((r) => tokenSpread(extendParams(r.params!, r.config, tcfg(r), 'keep'), tcfg(r), x))),
		spreadFresh: spreadStats(ok.map((r) => tokenSpread(extendParams(r.params!, r.config, tcfg(r), 'fresh'), tcfg(r), x)))
	};
}

function armStats(acc: number[]): ArmStats {
	return {
		n: acc.length,
		mean: meanInterval(acc),
		success: wilson(acc.filter((a) => a > SUCCESS_ACC).length, acc.length),
		max: acc.length ? Math.max(...acc) : NaN,
		perfect: acc.filter((a) => a >= 1).length
	};
}

const spareOf = (r: RunRecord): SpareRow => r.spare_row ?? 'keep';

/** Fig 9's table from the records of one or more transfer sweeps (other records are ignored). */
export function transferAnalysis(records: RunRecord[]): TransferPoint[] {
	const pre = new Map<string, RunRecord>();
	for (const r of records) if (r.kind === 'pretrain') pre.set(r.id, r);
	// Target configs (without the seed) → seed → arms.
	const groups = new Map<string, { p: number; nb_emb: number; bySeed: Map<number, Partial<Record<ArmName, RunRecord>>> }>();
	const keyOf = (r: RunRecord) => canonicalConfig({ ...r.config, seed: 0 });
	const slot = (r: RunRecord) => {
		const k = keyOf(r);
		let g = groups.get(k);
		if (!g) groups.set(k, (g = { p: r.config.p, nb_emb: r.config.nb_emb, bySeed: new Map() }));
		let s = g.bySeed.get(r.seed);
		if (!s) g.bySeed.set(r.seed, (s = {}));
		return s;
	};
	const preConfigs = new Set([...pre.values()].map(keyOf));
	for (const r of records) {
		if (r.kind === 'finetune' && r.from && pre.has(r.from)) {
			const s = slot(r);
			s[spareOf(r)] = r;
			s.pretrain = pre.get(r.from);
		}
	}
	// Scratch runs (or plain runs of the same config) join the groups that have fine-tuning runs.
	for (const r of records) {
		if (r.kind !== 'scratch' && r.kind !== 'train') continue;
		if (preConfigs.has(keyOf(r))) continue;
		const g = groups.get(keyOf(r));
		if (g) {
			const s = g.bySeed.get(r.seed);
			if (s) s.scratch = r;
		}
	}
	const out: TransferPoint[] = [];
	for (const g of groups.values()) {
		const present = (['keep', 'fresh', 'scratch'] as const).filter((a) => [...g.bySeed.values()].some((s) => s[a]));
		const complete = [...g.bySeed.entries()].filter(([, s]) => s.pretrain && present.every((a) => s[a])).sort((a, b) => a[0] - b[0]);
		const arms: ArmName[] = ['pretrain', ...present];
		const accs = (rows: typeof complete, a: ArmName) => rows.map(([, s]) => accOf(s[a]!));
		const statsOf = (rows: typeof complete) => Object.fromEntries(arms.map((a) => [a, armStats(accs(rows, a))])) as Partial<Record<ArmName, ArmStats>>;
		const good = complete.filter(([, s]) => accOf(s.pretrain!) > SUCCESS_ACC);
		const vsScratch: TransferPoint['vsScratch'] = {};
		if (present.includes('scratch')) for (const a of ['keep', 'fresh'] as const) if (present.includes(a)) vsScratch[a] = pairedDifference(accs(complete, a), accs(complete, 'scratch'));
		const byCircuit = new Map<string, typeof complete>();
		for (const row of complete) {
			const c = row[1].pretrain!.circuit ?? 'unknown';
			if (!byCircuit.has(c)) byCircuit.set(c, []);
			byCircuit.get(c)!.push(row);
		}
		const circuits: CircuitRow[] = [...byCircuit.entries()]
			.sort((a, b) => b[1].length - a[1].length)
			.map(([circuit, rows]) => ({
				circuit,
				n: rows.length,
				arms: Object.fromEntries(
					present.map((a) => {
						const v = accs(rows, a);
						return [a, { success: v.filter((x) => x > SUCCESS_ACC).length, perfect: v.filter((x) => x >= 1).length, mean: v.reduce((x, y) => x + y, 0) / v.length }];
					})
				)
			}));
		const target = complete[0]?.[1].keep?.config ?? complete[0]?.[1].fresh?.config;
		const spare = target ? spareRowStats(complete.map(([, s]) => s.pretrain!), target) : undefined;
		out.push({ p: g.p, nb_emb: g.nb_emb, seeds: complete.map(([s]) => s), arms: statsOf(complete), givenPretrained: { n: good.length, arms: statsOf(good) }, vsScratch, circuits, ...(spare ? { spare } : {}) });
	}
	return out.sort((a, b) => a.p - b.p);
}

/** Markdown for `flatland report`: per p, the arms unconditionally and given a successful pretraining, then the circuit table. */
export function transferMarkdown(points: TransferPoint[]): string {
	if (!points.length) return '';
	const out: string[] = [
		'## Transfer (Fig 9): arms paired by seed',
		'',
		`Final test accuracy after fine-tuning or training; mean with its 95 % t interval; success = test accuracy > ${SUCCESS_ACC} with its 95 % Wilson interval; "100 %" counts runs with every test sentence right. "given pretraining succeeded" keeps the seeds whose p = 2 run ended above ${SUCCESS_ACC}.`,
		''
	];
	const armRows = (arms: Partial<Record<ArmName, ArmStats>>) =>
		(Object.entries(arms) as [ArmName, ArmStats][]).map(([a, s]) => `| ${ARM_LABEL[a]} | ${s.n} | ${fmtInterval(s.mean, 3)} | ${fmtInterval(s.success)} | ${s.max.toFixed(3)} | ${s.perfect} |`);
	for (const pt of points) {
		out.push(`### p = ${pt.p} (nb_emb ${pt.nb_emb}): ${pt.seeds.length} seeds`, '');
		out.push('| arm | runs | mean test acc [95 % CI] | success rate [95 % CI] | max | 100 % |', '| --- | ---: | --- | --- | ---: | ---: |');
		out.push(...armRows(pt.arms), '');
		out.push(`Given pretraining succeeded (${pt.givenPretrained.n} of ${pt.seeds.length} seeds):`, '');
		out.push('| arm | runs | mean test acc [95 % CI] | success rate [95 % CI] | max | 100 % |', '| --- | ---: | --- | --- | ---: | ---: |');
		out.push(...armRows(pt.givenPretrained.arms), '');
		const diffs = (Object.entries(pt.vsScratch) as [string, Interval][]).map(([a, iv]) => `${ARM_LABEL[a as ArmName]} − from scratch: ${fmtInterval(iv, 3)}`);
		if (diffs.length) out.push(`Paired difference of mean test accuracy (same seeds): ${diffs.join('; ')}.`, '');
		const arms = Object.keys(pt.arms).filter((a) => a !== 'pretrain') as ArmName[];
		out.push(`Circuit class of the pretrained p = 2 model against the outcome (successes / 100 % runs):`, '');
		out.push(`| pretrained circuit | seeds | ${arms.map((a) => ARM_LABEL[a]).join(' | ')} |`, `| --- | ---: |${arms.map(() => ' --- |').join('')}`);
		for (const c of pt.circuits) out.push(`| ${c.circuit}${SIX_CLUSTER.includes(c.circuit) ? ' (six clusters)' : ''} | ${c.n} | ${arms.map((a) => `${c.arms[a]!.success} / ${c.arms[a]!.perfect}`).join(' | ')} |`);
		out.push('');
		if (pt.spare) {
			const m = (x: { median: number; min: number; max: number }, d = 2, u = '') => `${x.median.toFixed(d)}${u} (${x.min.toFixed(d)}–${x.max.toFixed(d)}${u})`;
			out.push(
				`The spare row after pretraining (${pt.spare.n} models; median, range): ${pt.spare.norms.map((x, i) => `‖E(${i})‖ ${m(x)}`).join(', ')}. At the switch the normalised "2"s (one per position) span ${m(pt.spare.spreadKeep, 0, '°')} of the circle with the row kept, ${m(pt.spare.spreadFresh, 0, '°')} with it fresh.`,
				''
			);
		}
	}
	return out.join('\n');
}
