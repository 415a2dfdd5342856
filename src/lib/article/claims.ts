/**
 * The article's chosen runs and what its prose says about them, as code: one row per claim. A row
 * names the run a section (or scroll step) shows by default — a config and a seed, or a sweep spec
 * and its first seed, or a hand-built circuit — and the predicate its sentences assert about that run
 * ("the hero learns: test accuracy above 0.9 by epoch 300"; "§5's run has two drops").
 *
 * - Seeds are not picked by hand: `npx flatland claims --search [id…]` trains the candidates of a row's
 *   `search` range with the WebAssembly engine and keeps the first seed whose predicate holds, writing
 *   it to claims-chosen.json (with what the run showed). `npx flatland claims` checks every row.
 * - tests/unit/article/claims.test.ts trains every chosen run and asserts its predicate, so an engine
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
import type { EpochMetrics } from '../core/metrics';
import { CHANCE_LOSS_TOL, epochLearned, outcome, SUCCESS_ACC } from '../core/outcome';
import type { RunRecord } from '../experiments/record';
import chosen from './claims-chosen.json';

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

/** A hand-built model: nothing is trained; the row's summarize builds what it checks. */
export interface FixedEvidence {
	kind: 'fixed';
}

export type Evidence = RunEvidence | SweepEvidence | FixedEvidence;

export interface Verdict {
	ok: boolean;
	/** What the run showed, in words (the test's failure message, the search's log). */
	why: string;
}

/** What a row trains. `sweep` returns the spec (JSON, as /lab and the CLI take it) whose seeds start at `seed`. */
export type ClaimRun = { kind: 'run'; config: Partial<Config> } | { kind: 'sweep'; spec: (seed: number) => Record<string, unknown> } | { kind: 'fixed' };

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
 * its predicate holds for the run shown ('pending' while there is no evidence yet), and the summary.
 */
export function claimAttrs(id: ClaimId, e: Evidence | null): Record<string, string> {
	if (!e) return { 'data-claim': id, 'data-claim-ok': 'pending' };
	const { summary, verdict } = evaluateClaim(id, e);
	return { 'data-claim': id, 'data-claim-ok': String(verdict.ok), 'data-claim-summary': JSON.stringify(summary) };
}
