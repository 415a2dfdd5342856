/**
 * The article's chosen runs and what its prose says about them, as code: one row per claim. A row
 * names the run a section (or scroll step) shows by default — a config and a seed, or a sweep spec
 * and its first seed, or a hand-built circuit — and the predicate its sentences assert about that run
 * ("the hero learns: test accuracy above 0.9 by epoch 300"; "§5's run has two drops").
 *
 * - Seeds are not picked by hand: `npx flatland claims --search [id…]` trains the candidates of a row's
 *   `search` range with the WebAssembly engine and keeps the first seed whose predicate holds, writing
 *   it to claims-chosen.json (with what the run showed). `npx flatland claims` checks every row.
 * - tests/unit/article/claims.test.ts (§1–§7) and claims-second-half.test.ts (§8–§11) train every chosen run and asserts its predicate, so an engine
 *   change that breaks a claim fails CI.
 * - In the page, a figure gets its default run from `claimConfig(id)` / `claimSeed(id)`, builds the
 *   same evidence from the run on screen, and exposes it with `claimAttrs(id, evidence)` (data-claim,
 *   data-claim-ok, data-claim-summary): the reader-walk e2e test re-checks the predicate there.
 * - A row's predicate holds for the *default* run only. Prose that describes an outcome is computed from
 *   the run on screen (see outcome.ts, prose.ts), so a reader's other seed never contradicts the text.
 *
 * Runs are deterministic per (config, seed, engine family). The claims hold for the WebAssembly SIMD
 * family, which node (tests, the CLI) and the page's workers both run (see the test for the check).
 *
 * Adding a row (other sections do): give it an id, the section id (toc.ts), the steps whose text relies
 * on it, `says` (the sentence's claim in words), the run, a `search` range, `summarize` (evidence →
 * a small JSON object: it travels in a data attribute) and `check` (summary → ok and why). Then run
 * `npx flatland claims --search <id>` and commit claims-chosen.json.
 */
import { parseConfig, type Config } from '../core/config';
import { classifyCircuit, type CircuitClass } from '../core/circuits';
import { makeDataset, label } from '../core/data';
import { findDrops, findPhases } from '../core/drops';
import { forwardRows } from '../core/forwardAll';
import { FAULTY_ATTENTION_CORRECTED_BY_V, idealCircuit } from '../core/ideal';
import type { EpochMetrics } from '../core/metrics';
import { layout } from '../core/params';
import { atChance, CHANCE_LOSS_TOL, epochLearned, outcome, SUCCESS_ACC } from '../core/outcome';
import type { RunRecord } from '../experiments/record';
import { attentionOf } from './analyses';
import { circuitsSpec, HYPER_DISCOUNT_SEEDS, HYPER_GRIDS, hyperSpec, IDEAL_STEPS, sparsitySpec, TASK_PRESETS, transferSpec, TRANSFER_SEEDS } from './specs';
import { transferAnalysis } from '../experiments/transfer';
import { detectSpikes } from '../core/spikes';
import chosen from './claims-chosen.json' with { type: 'json' };

/** A single run: every epoch's metrics (epoch 1 … E) and its first and last parameters. */
export interface RunEvidence {
	kind: 'run';
	config: Config;
	metrics: EpochMetrics[];
	initial: ArrayLike<number>;
	final: ArrayLike<number>;
}

/** A sweep (a population of runs) through the runner: its records. */
export interface SweepEvidence {
	kind: 'sweep';
	records: RunRecord[];
}

/** Several single runs (each from given initial weights): their final metrics. */
export interface RunsEvidence {
	kind: 'runs';
	runs: { config: Config; final: EpochMetrics }[];
}

/** A hand-built model: nothing is trained; the row's summarize builds what it checks. */
export interface FixedEvidence {
	kind: 'fixed';
}

export type Evidence = RunEvidence | SweepEvidence | RunsEvidence | FixedEvidence;

export interface Verdict {
	ok: boolean;
	/** What the run showed, in words (the test's failure message, the search's log). */
	why: string;
}

/** What a row trains. `sweep` returns the spec (JSON, as /lab and the CLI take it) whose seeds start at `seed`. */
export type ClaimRun =
	| { kind: 'run'; config: Partial<Config> }
	| { kind: 'sweep'; spec: (seed: number) => Record<string, unknown> }
	| { kind: 'runs'; runs: () => { config: Config; params: ArrayLike<number> }[] }
	| { kind: 'fixed' };

export interface Claim<S = unknown> {
	id: string;
	/** Section id (toc.ts), or 'hero'. */
	section: string;
	/** Scroll steps (0-based) whose prose relies on the claim; empty: the section's opening and figure. */
	steps: number[];
	/** What the prose asserts about the run, in words. */
	says: string;
	run: ClaimRun;
	/** Seeds the search tries, in order (the first whose predicate holds is kept). */
	search?: { from: number; to: number };
	/** The row checks another claim about the same run as that row, or about another run of the same figure started from the same seed (its seed is that row's). */
	sameRunAs?: string;
	summarize: (e: Evidence) => S;
	check: (s: S) => Verdict;
}

const defineClaim = <S>(c: Claim<S>): Claim<S> => c;
const pct = (v: number) => `${(100 * v).toFixed(1)}%`;

/** Final metrics, when it was learned, and how long it sat at chance, of a single run's metrics. */
export function runSummary(config: Pick<Config, 'p' | 'epochs'>, metrics: readonly EpochMetrics[]) {
	const last = metrics.at(-1);
	// Leaving the plateau means going below it: the first epochs sit above ln p, which is not learning.
	const firstOff = metrics.findIndex((m) => m.loss < Math.log(config.p) * (1 - CHANCE_LOSS_TOL));
	return {
		epochs: last?.epoch ?? 0,
		testAcc: last?.test_acc ?? NaN,
		outcome: outcome(metrics, config).kind,
		learnedAt: epochLearned(metrics) ?? null,
		/** The last epoch before the train loss first went below ln p (the plateau a reader watches). */
		atChanceUntil: firstOff < 0 ? (last?.epoch ?? 0) : (metrics[firstOff]?.epoch ?? 1) - 1
	};
}
export type RunSummary = ReturnType<typeof runSummary>;

const asRun = (e: Evidence): RunEvidence => {
	if (e.kind !== 'run') throw new Error(`expected a single run's evidence, got ${e.kind}`);
	return e;
};
const asSweep = (e: Evidence): SweepEvidence => {
	if (e.kind !== 'sweep') throw new Error(`expected a sweep's evidence, got ${e.kind}`);
	return e;
};

/** The two drops of a run's loss (core/drops.ts), the Fig 5 snapshot epochs, and what the run looked like at them. */
export function phasesSummary(r: RunEvidence) {
	const loss = r.metrics.map((m) => m.loss);
	const ph = findPhases(loss);
	const at = (i: number | undefined) => (i === undefined ? null : r.metrics[i]);
	const ep = (i: number | undefined) => (i === undefined ? null : i + 1);
	return {
		...runSummary(r.config, r.metrics),
		drops: ph.drops.map((d) => ({ start: d.start + 1, end: d.end + 1, from: +d.from.toPrecision(3), to: +d.to.toPrecision(3) })),
		snapshots: { before: ep(ph.snapshots.before), firstDrop: ep(ph.snapshots.firstDrop), between: ep(ph.snapshots.between), secondDrop: ep(ph.snapshots.secondDrop) },
		beforeAtChance: at(ph.snapshots.before) ? atChance(at(ph.snapshots.before)!, r.config.p) : false,
		betweenTestAcc: at(ph.snapshots.between)?.test_acc ?? null
	};
}
export type PhasesSummary = ReturnType<typeof phasesSummary>;

/** Attention of the probe sentences at the start and the end, and how alike the two maps are. */
export function attentionSummary(r: RunEvidence) {
	const a = attentionOf(r.config, r.initial);
	const b = attentionOf(r.config, r.final);
	// The most attended position at the start, as a multiple of a uniform share (1/L): above 1, the random pattern already favours it.
	const peak = (x: typeof a) => Math.max(...Array.from({ length: x.L }, (_, t) => { let s = 0; for (let q = 0; q < x.rows; q++) s += x.attn[q * x.L + t]; return s / x.rows; })) * x.L;
	return { ...runSummary(r.config, r.metrics), peakStart: +peak(a).toFixed(3), entropyStart: +a.entropy.toFixed(4), entropyEnd: +b.entropy.toFixed(4), prefixStart: +a.prefixMass.toFixed(3), prefixEnd: +b.prefixMass.toFixed(3), correlation: +pearson(a.attn, b.attn).toFixed(3) };
}
export type AttentionSummary = ReturnType<typeof attentionSummary>;

export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
	const n = a.length;
	let ma = 0, mb = 0;
	for (let i = 0; i < n; i++) (ma += a[i] / n), (mb += b[i] / n);
	let sab = 0, saa = 0, sbb = 0;
	for (let i = 0; i < n; i++) {
		sab += (a[i] - ma) * (b[i] - mb);
		saa += (a[i] - ma) ** 2;
		sbb += (b[i] - mb) ** 2;
	}
	return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}

/** Test accuracy of a hand-built circuit on a fixed test set, and the classifier's reading of it. */
export function circuitSummary(config: Config, params: ArrayLike<number>) {
	const test = makeDataset(config, 12345).test;
	const out = forwardRows(params, config, test.X, test.n);
	let ok = 0;
	for (let r = 0; r < test.n; r++) if (out.pred[r] === test.Y[r]) ok++;
	const acc = ok / test.n;
	const v = classifyCircuit(config, params, { testAcc: acc });
	return { testAcc: acc, label: v.label, clusters: v.measurements.clusters, idealClusters: v.measurements.idealClusters, prefixMass: +v.measurements.prefixMass.toFixed(3) };
}
export type CircuitSummary = ReturnType<typeof circuitSummary>;

/** Per circuit class, the seeds of a population that have it. */
export function classesOf(records: readonly RunRecord[]): Partial<Record<CircuitClass, number[]>> {
	const out: Partial<Record<CircuitClass, number[]>> = {};
	for (const r of [...records].sort((a, b) => a.seed - b.seed)) if (r.circuit) (out[r.circuit as CircuitClass] ??= []).push(r.seed);
	return out;
}

/** Mean final test accuracy per grid value, and the first seed's line (Fig 6 beside Fig 7). */
export function hyperSummary(records: readonly RunRecord[], param: keyof typeof HYPER_GRIDS) {
	const values = [...HYPER_GRIDS[param].values];
	const seeds = [...new Set(records.map((r) => r.seed))].sort((a, b) => a - b);
	const at = (v: number) => records.filter((r) => r.config[param] === v);
	const mean = values.map((v) => { const a = at(v).map((r) => r.final.test_acc); return a.length ? +(a.reduce((x, y) => x + y, 0) / a.length).toFixed(4) : null; });
	const first = values.map((v) => at(v).find((r) => r.seed === seeds[0])?.final.test_acc ?? null);
	const maxAt = values.map((v) => Math.max(...at(v).map((r) => r.final.test_acc)));
	return { param, values, seeds: seeds.length, firstSeed: seeds[0], mean, first, maxAt };
}
export type HyperSummary = ReturnType<typeof hyperSummary>;

/** Direction changes of a line (flat steps ignored): 1 for a single peak, 2 or more for a zigzag. */
export function turns(y: readonly (number | null)[], tol = 0.02): number {
	const v = y.filter((x): x is number => x !== null);
	let dir = 0, n = 0;
	for (let i = 1; i < v.length; i++) {
		const d = v[i] - v[i - 1];
		if (Math.abs(d) <= tol) continue;
		const s = Math.sign(d);
		if (dir && s !== dir) n++;
		dir = s;
	}
	return n;
}

export const CLAIMS = {
	hero: defineClaim({
		id: 'hero',
		section: 'hero',
		steps: [],
		says: `the hero sits on the plateau for a while, then learns: test accuracy above ${SUCCESS_ACC} by epoch 300 of 1000, and stays there`,
		run: { kind: 'run', config: { epochs: 1000 } },
		search: { from: 0, to: 200 },
		summarize: (e) => {
			const r = asRun(e);
			return runSummary(r.config, r.metrics);
		},
		check: (s: RunSummary) => ({
			ok: s.epochs === 1000 && s.outcome === 'learned' && s.learnedAt !== null && s.learnedAt <= 300 && s.atChanceUntil >= 30,
			why: `on the plateau until epoch ${s.atChanceUntil}, learned at epoch ${s.learnedAt ?? 'never'}, ${pct(s.testAcc)} test accuracy after ${s.epochs} epochs`
		})
	}),
	task: defineClaim({
		id: 'task',
		section: 'task',
		steps: [0, 1, 3],
		says: "the hero's trained model answers the figure's preset sentences correctly",
		run: { kind: 'run', config: { epochs: 1000 } },
		sameRunAs: 'hero',
		summarize: (e) => {
			const r = asRun(e);
			const lay = layout(r.config);
			if (r.final.length !== lay.total) return { right: 0, of: TASK_PRESETS.length };
			const X = TASK_PRESETS.flatMap((t) => t.split('').map(Number));
			const out = forwardRows(r.final, r.config, X, TASK_PRESETS.length);
			const right = TASK_PRESETS.filter((t, i) => out.pred[i] === label(t.split('').map(Number), r.config.k, r.config.p)).length;
			return { right, of: TASK_PRESETS.length };
		},
		check: (s) => ({ ok: s.right === s.of, why: `${s.right} of ${s.of} preset sentences answered correctly` })
	}),
	model: defineClaim({
		id: 'model',
		section: 'model',
		steps: [5],
		says: 'the model traced through the network leaves the plateau and learns within its 400 epochs, so the last panels show a working decoder',
		run: { kind: 'run', config: { epochs: 400 } },
		search: { from: 0, to: 200 },
		summarize: (e) => {
			const r = asRun(e);
			return runSummary(r.config, r.metrics);
		},
		check: (s: RunSummary) => ({
			ok: s.epochs === 400 && s.outcome === 'learned' && s.atChanceUntil >= 30,
			why: `on the plateau until epoch ${s.atChanceUntil}, learned at epoch ${s.learnedAt ?? 'never'}, ${pct(s.testAcc)} after ${s.epochs} epochs`
		})
	}),
	'ideal-clean': defineClaim({
		id: 'ideal-clean',
		section: 'ideal',
		steps: [0, 1, 2],
		says: 'the hand-built circuit is 100 % accurate, with C(k+p−1, k) = 6 clusters of ξ, and the classifier calls it ideal',
		run: { kind: 'fixed' },
		summarize: () => {
			const c = idealCircuit(IDEAL_STEPS.clean);
			return circuitSummary(c.config, c.params);
		},
		check: (s: CircuitSummary) => ({ ok: s.testAcc === 1 && s.label === 'ideal' && s.clusters === 6 && s.idealClusters === 6, why: `${pct(s.testAcc)} accurate, ${s.clusters} clusters (ideal ${s.idealClusters}), ${s.label}` })
	}),
	'ideal-broken': defineClaim({
		id: 'ideal-broken',
		section: 'ideal',
		steps: [3],
		says: "step 4's spread and noise split the clusters and cost accuracy",
		run: { kind: 'fixed' },
		summarize: () => {
			const c = idealCircuit(IDEAL_STEPS.broken);
			return circuitSummary(c.config, c.params);
		},
		check: (s: CircuitSummary) => ({ ok: s.testAcc < 0.99 && s.clusters > 6, why: `${pct(s.testAcc)} accurate, ${s.clusters} clusters` })
	}),
	'ideal-faulty': defineClaim({
		id: 'ideal-faulty',
		section: 'ideal',
		steps: [4],
		says: 'the leaky variant puts about a third of the attention on the suffix, stays 100 % accurate, and the classifier calls it faulty attention corrected by V',
		run: { kind: 'fixed' },
		summarize: () => {
			const c = idealCircuit(IDEAL_STEPS.faulty);
			return circuitSummary(c.config, c.params);
		},
		check: (s: CircuitSummary) => ({
			ok: s.testAcc === 1 && s.label === 'faulty-attention-corrected-by-V' && s.prefixMass > 0.5 && s.prefixMass < 0.8,
			why: `${pct(s.testAcc)} accurate, ${pct(s.prefixMass)} of the attention on the prefix, ${s.label}`
		})
	}),
	'ideal-repair': defineClaim({
		id: 'ideal-repair',
		section: 'ideal',
		steps: [3],
		says: "training from step 4's broken circuit (100 epochs, seeds 0–9 of its noise and batches) brings test accuracy back above 90 % for every one of the 10",
		run: {
			kind: 'runs',
			runs: () =>
				Array.from({ length: 10 }, (_, seed) => {
					const c = idealCircuit({ ...IDEAL_STEPS.broken, seed });
					return { config: parseConfig({ ...c.config, seed, epochs: 100 }), params: c.params };
				})
		},
		summarize: (e) => {
			if (e.kind !== 'runs') throw new Error('expected runs');
			return { repaired: e.runs.filter((r) => r.final.test_acc > SUCCESS_ACC).length, of: e.runs.length };
		},
		check: (s) => ({ ok: s.repaired === s.of, why: `${s.repaired} of ${s.of} broken circuits repaired in 100 epochs` })
	}),
	circuits: defineClaim({
		id: 'circuits',
		section: 'circuits',
		steps: [0, 1, 2, 3],
		says: 'the default population (12 seeds, 1000 epochs) holds a run of each family its steps open: faulty attention corrected by V, partial invariants, fuzzy',
		run: { kind: 'sweep', spec: (seed) => circuitsSpec(seed) },
		search: { from: 0, to: 200 },
		summarize: (e) => {
			const rs = asSweep(e).records;
			return { runs: rs.length, learned: rs.filter((r) => r.final.test_acc > SUCCESS_ACC).length, classes: classesOf(rs) };
		},
		check: (s) => {
			const has = (c: CircuitClass) => (s.classes[c]?.length ?? 0) > 0;
			return {
				ok: s.runs === 12 && has('faulty-attention-corrected-by-V') && has('partial-invariants') && has('fuzzy'),
				why: `${s.learned} of ${s.runs} learned; ` + Object.entries(s.classes).map(([k, v]) => `${k}: seeds ${v!.join(', ')}`).join('; ')
			};
		}
	}),
	phases: defineClaim({
		id: 'phases',
		section: 'phases',
		steps: [0, 1, 2, 3],
		says: 'the run sits at chance on a plateau (≥ 100 epochs), then its loss falls in two drops, each within 150 epochs, at least 40 epochs apart: after the first, most clusters are classified but not all (test accuracy 55–99 % half-way between); the second takes the loss below 0.01, and the run learns',
		run: { kind: 'run', config: { epochs: 1000 } },
		search: { from: 0, to: 300 },
		summarize: (e) => phasesSummary(asRun(e)),
		check: (s: PhasesSummary) => {
			const [d1, d2] = s.drops;
			const ok =
				s.drops.length === 2 && s.outcome === 'learned' && s.atChanceUntil >= 100 && s.beforeAtChance && d2.start - d1.end >= 40 && s.drops.every((d) => d.end - d.start <= 150) && d2.to < 0.01 && s.betweenTestAcc !== null && s.betweenTestAcc > 0.55 && s.betweenTestAcc < 0.99;
			return {
				ok,
				why: `${s.drops.length} drops (${s.drops.map((d) => `${d.start}–${d.end}: ${d.from} → ${d.to}`).join('; ')}); plateau until ${s.atChanceUntil}; between the drops ${s.betweenTestAcc === null ? '–' : pct(s.betweenTestAcc)}; ${s.outcome}`
			};
		}
	}),
	'hyper-lr': defineClaim({
		id: 'hyper-lr',
		section: 'hyperparameters',
		steps: [0, 1],
		says: 'over the learning-rate grid, one seed alone zigzags (its line turns at least twice); the mean over 6 seeds sits at chance at 1e-4 and from 3e-2 up, and peaks in between above 65 %',
		run: { kind: 'sweep', spec: (seed) => hyperSpec('lr', seed) },
		search: { from: 0, to: 200 },
		summarize: (e) => hyperSummary(asSweep(e).records, 'lr'),
		check: (s: HyperSummary) => {
			const m = s.mean.map((v) => v ?? NaN);
			const hi = s.values.map((v, i) => (v >= 3e-2 ? s.maxAt[i] : 0));
			const ok = turns(s.first) >= 2 && m[0] < 0.56 && Math.max(...hi) < 0.6 && Math.max(...m.slice(1, -2)) > 0.65;
			return { ok, why: `seed ${s.firstSeed} alone: ${s.first.map((v) => (v === null ? '–' : pct(v))).join(' ')} (${turns(s.first)} turns); mean of ${s.seeds}: ${m.map((v) => pct(v)).join(' ')}` };
		}
	}),
	'hyper-discount': defineClaim({
		id: 'hyper-discount',
		section: 'hyperparameters',
		steps: [2],
		says: 'in the discount sweep the figure switches to (3 seeds from the learning-rate sweep\'s first), an MLP a hundred times faster than the rest (discount 0.01) never leaves the plateau, for every seed, while some run learns at a discount near 1',
		run: { kind: 'sweep', spec: (seed) => hyperSpec('mlp_lr_discount', seed, HYPER_DISCOUNT_SEEDS) },
		sameRunAs: 'hyper-lr',
		summarize: (e) => hyperSummary(asSweep(e).records, 'mlp_lr_discount'),
		check: (s: HyperSummary) => {
			const at = (v: number) => s.values.indexOf(v as never);
			const fastest = s.maxAt[at(0.01)];
			const near1 = Math.max(s.maxAt[at(0.3)], s.maxAt[at(1)], s.maxAt[at(3)]);
			return {
				ok: s.seeds === HYPER_DISCOUNT_SEEDS && fastest < 0.6 && near1 > SUCCESS_ACC,
				why: `${s.seeds} seeds from ${s.firstSeed}: best run at discount 0.01 ${pct(fastest)}; best at 0.3–3 ${pct(near1)}; mean ${s.mean.map((v) => (v === null ? '–' : pct(v))).join(' ')}`
			};
		}
	}),
	attention: defineClaim({
		id: 'attention',
		section: 'attention',
		steps: [0, 1, 2],
		says: "at initialisation the attention is not uniform (its most attended position draws at least 1.25× a uniform share); the run learns; its attention sharpens (the probes' mean attention entropy falls by at least 10 %), and the end map correlates with the start map (r ≥ 0.5)",
		run: { kind: 'run', config: { epochs: 1000 } },
		search: { from: 0, to: 200 },
		summarize: (e) => attentionSummary(asRun(e)),
		check: (s: AttentionSummary) => ({
			ok: s.peakStart >= 1.25 && s.outcome === 'learned' && s.entropyEnd <= 0.9 * s.entropyStart && s.correlation >= 0.5,
			why: `at the start the most attended position draws ${s.peakStart}× a uniform share; ${s.outcome}; entropy ${s.entropyStart} → ${s.entropyEnd} nats; prefix attention ${pct(s.prefixStart)} → ${pct(s.prefixEnd)}; correlation ${s.correlation}`
		})
	}),
	spikes: defineClaim({
		id: 'spikes',
		section: 'spikes',
		steps: [2, 3, 4],
		says: 'the spike run (default settings, 1000 epochs) learns and has at least one loss spike found by core/spikes.ts after its first 20 epochs, which steps 2–3 stop before and at',
		run: { kind: 'run', config: { epochs: 1000 } },
		search: { from: 0, to: 60 },
		summarize: (e) => {
			const r = asRun(e);
			const sp = detectSpikes(r.metrics.map((m) => m.loss));
			const big = sp.length ? sp.reduce((a, b) => (b.ratio > a.ratio ? b : a)) : null;
			return { spikes: sp.length, biggestAt: big ? big.index + 1 : null, ratio: big?.ratio ?? null, testAcc: r.metrics.at(-1)?.test_acc ?? NaN, outcome: outcome(r.metrics, r.config).kind };
		},
		check: (s) => ({
			ok: s.spikes >= 1 && s.biggestAt !== null && s.biggestAt > 20 && s.outcome === 'learned',
			why: `${s.spikes} spike(s), the largest at epoch ${s.biggestAt ?? '–'} (${s.ratio?.toFixed(1) ?? '–'}× the local median); ${pct(s.testAcc)} test accuracy`
		})
	}),
	fullbatch: defineClaim({
		id: 'fullbatch',
		section: 'spikes',
		steps: [4],
		says: 'the full-batch run (batch = n = 2048: one Adam step per epoch on the whole training set) leaves the plateau and learns (test accuracy above 0.9), with at least one loss drop for its gradient norms to be read against',
		run: { kind: 'run', config: { batch: 2048, lr: 0.01, epochs: 3000 } },
		search: { from: 0, to: 40 },
		summarize: (e) => {
			const r = asRun(e);
			const drops = findDrops(r.metrics.map((m) => m.loss));
			return { ...runSummary(r.config, r.metrics), drops: drops.map((d) => d.peak + 1) };
		},
		check: (s) => ({
			ok: s.outcome === 'learned' && s.drops.length >= 1,
			why: `${s.outcome}: ${pct(s.testAcc)} test accuracy after ${s.epochs} full-batch steps, on the plateau until ${s.atChanceUntil}, drops at ${s.drops.join(', ') || 'none'}`
		})
	}),
	'larger-d': defineClaim({
		id: 'larger-d',
		section: 'larger-d',
		steps: [0, 1],
		says: 'the d = 3 run (default settings otherwise, 1000 epochs) learns well before the end: test accuracy above 0.9 by epoch 600 and at least 0.95 after 1000, with at least one loss drop',
		run: { kind: 'run', config: { d: 3, epochs: 1000 } },
		search: { from: 0, to: 40 },
		summarize: (e) => {
			const r = asRun(e);
			return { ...runSummary(r.config, r.metrics), drops: findDrops(r.metrics.map((m) => m.loss)).map((d) => d.peak + 1) };
		},
		check: (s) => ({
			ok: s.outcome === 'learned' && s.learnedAt !== null && s.learnedAt <= 600 && s.testAcc >= 0.95 && s.drops.length >= 1,
			why: `${s.outcome}: ${pct(s.testAcc)} after ${s.epochs} epochs, learned at ${s.learnedAt ?? 'never'}, drops at ${s.drops.join(', ') || 'none'}`
		})
	}),
	'larger-d-full': defineClaim({
		id: 'larger-d-full',
		section: 'larger-d',
		steps: [1],
		says: 'the d = 3 full-batch run (batch = n = 2048) learns: test accuracy above 0.9, with at least one loss drop',
		run: { kind: 'run', config: { d: 3, batch: 2048, lr: 0.01, epochs: 3000 } },
		search: { from: 0, to: 40 },
		summarize: (e) => {
			const r = asRun(e);
			return { ...runSummary(r.config, r.metrics), drops: findDrops(r.metrics.map((m) => m.loss)).map((d) => d.peak + 1) };
		},
		check: (s) => ({ ok: s.outcome === 'learned' && s.drops.length >= 1, why: `${s.outcome}: ${pct(s.testAcc)} after ${s.epochs} full-batch steps, drops at ${s.drops.join(', ') || 'none'}` })
	}),
	transfer: defineClaim({
		id: 'transfer',
		section: 'transfer',
		steps: [3],
		says: `in the article's transfer population (${TRANSFER_SEEDS} seeds, 1000 epochs on p = 2 then 1000 on p = 3), fine-tuning with the spare row drawn fresh beats training p = 3 from scratch (higher mean test accuracy, more runs above ${SUCCESS_ACC}), and keeping the pretrained spare row does worse than drawing it fresh`,
		run: { kind: 'sweep', spec: (seed) => transferSpec(seed) },
		search: { from: 0, to: 80 },
		summarize: (e) => {
			if (e.kind !== 'sweep') throw new Error('the transfer claim needs a sweep');
			const t = transferAnalysis(e.records).find((x) => x.p === 3);
			const arm = (a: 'keep' | 'fresh' | 'scratch' | 'pretrain') => ({ mean: t?.arms[a]?.mean.est ?? NaN, success: Math.round((t?.arms[a]?.success.est ?? NaN) * (t?.seeds.length ?? 0)) });
			const r2 = (v: number | undefined) => (v === undefined ? null : Math.round(v * 100) / 100);
			// Steps 0–1: the spare row's norm after pretraining against the rows in use, and the spread of the twelve normalised 2s at the switch (medians over the seeds).
			const spare = t?.spare ? { spareNorm: r2(t.spare.norms[2]?.median), usedNorm: r2(Math.max(t.spare.norms[0].median, t.spare.norms[1].median)), spreadKeep: r2(t.spare.spreadKeep.median), spreadFresh: r2(t.spare.spreadFresh.median) } : null;
			return { seeds: t?.seeds.length ?? 0, pretrain: arm('pretrain'), keep: arm('keep'), fresh: arm('fresh'), scratch: arm('scratch'), spare };
		},
		check: (s) => ({
			ok:
				s.seeds === TRANSFER_SEEDS &&
				s.fresh.mean > s.scratch.mean &&
				s.fresh.success > s.scratch.success &&
				s.keep.mean < s.fresh.mean &&
				!!s.spare &&
				s.spare.spareNorm! > 3 * s.spare.usedNorm! &&
				s.spare.spreadKeep! < s.spare.spreadFresh! / 2,
			why: `${s.seeds} seeds: fine-tuned (fresh row) mean ${pct(s.fresh.mean)}, ${s.fresh.success} above ${SUCCESS_ACC}; kept row ${pct(s.keep.mean)}, ${s.keep.success}; scratch ${pct(s.scratch.mean)}, ${s.scratch.success}; pretraining ${pct(s.pretrain.mean)}, ${s.pretrain.success}; spare row ‖E(2)‖ ${s.spare?.spareNorm ?? '–'} against ${s.spare?.usedNorm ?? '–'} for the rows in use; the 2s span ${s.spare?.spreadKeep ?? '–'}° kept, ${s.spare?.spreadFresh ?? '–'}° fresh`
		})
	}),
	sparsity: defineClaim({
		id: 'sparsity',
		section: 'sparsity',
		steps: [0, 1],
		says: `the article's sparsity population (12 seeds at the defaults, 1000 epochs) holds both learned (test accuracy above ${SUCCESS_ACC}) and failed models, and, as in the paper, the learned ones are denser: at ε = 0.1 they silence a smaller share of their activations on average`,
		run: { kind: 'sweep', spec: (seed) => sparsitySpec(seed) },
		search: { from: 0, to: 40 },
		summarize: (e) => {
			if (e.kind !== 'sweep') throw new Error('the sparsity claim needs a sweep');
			const rs = e.records.filter((r) => r.sparsity);
			const good = rs.filter((r) => r.final.test_acc > SUCCESS_ACC);
			const bad = rs.filter((r) => r.final.test_acc <= SUCCESS_ACC);
			const j = rs[0] ? rs[0].sparsity!.eps.findIndex((x) => x >= 0.1) : -1;
			const at = (g: RunRecord[]) => (g.length && j >= 0 ? Math.round((1000 * g.reduce((a, r) => a + r.sparsity!.frac[j], 0)) / g.length) / 1000 : null);
			return { models: rs.length, learned: good.length, failed: bad.length, learnedAt01: at(good), failedAt01: at(bad) };
		},
		check: (s) => ({
			ok: s.models === 12 && s.learned >= 1 && s.failed >= 1 && s.learnedAt01 !== null && s.failedAt01 !== null && s.learnedAt01 < s.failedAt01,
			why: `${s.learned} of ${s.models} learned, ${s.failed} failed; share below ε = 0.1: learned ${s.learnedAt01 ?? '–'}, failed ${s.failedAt01 ?? '–'}`
		})
	})
} satisfies Record<string, Claim<any>>;

export type ClaimId = keyof typeof CLAIMS;

/** What the search found for each row (written by `flatland claims --search`). */
interface Chosen {
	seed: number | null;
	/** The seeds tried, and what the kept run showed. */
	tried: string;
	why: string;
}
const CHOSEN = chosen as Record<string, Chosen>;

/** The chosen seed of a row (rows without a search use 0). */
export function claimSeed(id: ClaimId): number {
	const same = (CLAIMS[id] as Claim).sameRunAs;
	if (same) return claimSeed(same as ClaimId);
	const c = CHOSEN[id];
	if (CLAIMS[id].search && (c?.seed === undefined || c.seed === null)) throw new Error(`claim '${id}' has no chosen seed: run npx flatland claims --search ${id}`);
	return c?.seed ?? 0;
}

/** The full config of a single-run row's default run. */
export function claimConfig(id: ClaimId): Config {
	const run = CLAIMS[id].run;
	if (run.kind !== 'run') throw new Error(`claim '${id}' is not a single run`);
	return parseConfig({ ...run.config, seed: claimSeed(id) });
}

export function evaluateClaim(id: ClaimId, e: Evidence): { summary: unknown; verdict: Verdict } {
	const c = CLAIMS[id] as Claim<unknown>;
	const summary = c.summarize(e);
	return { summary, verdict: c.check(summary) };
}

/**
 * Data attributes that expose a figure's claim and the run on screen to tests: which claim, whether
 * its predicate holds for the run shown ('pending' while there is no evidence yet, or the run is not
 * finished: a sweep's caller passes `complete`), and the summary.
 */
export function claimAttrs(id: ClaimId, e: Evidence | null, opts: { complete?: boolean } = {}): Record<string, string> {
	// A claim is about a finished run: a single run still training (or a sweep its caller says is not
	// done) is pending, not false.
	const unfinished = e?.kind === 'run' && (e.metrics.at(-1)?.epoch ?? 0) < e.config.epochs;
	if (!e || unfinished || opts.complete === false) return { 'data-claim': id, 'data-claim-ok': 'pending' };
	const { summary, verdict } = evaluateClaim(id, e);
	return { 'data-claim': id, 'data-claim-ok': String(verdict.ok), 'data-claim-summary': JSON.stringify(summary) };
}

/** The same, for a figure that computes the row's summary itself from what it shows (hand-built circuits). */
export function claimAttrsOf(id: ClaimId, summary: unknown): Record<string, string> {
	const verdict = (CLAIMS[id] as Claim<unknown>).check(summary);
	return { 'data-claim': id, 'data-claim-ok': String(verdict.ok), 'data-claim-summary': JSON.stringify(summary) };
}
