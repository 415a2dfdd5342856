/**
 * How long a sweep should take on this machine, before it runs: the sweep's cost in the runner's own
 * units (runner.runCost, the same weights its ETA uses), divided by a rate measured here — a short
 * timed run of one model in a worker, or the rate of the last sweep that finished.
 */
import { parseConfig, stepsPerEpoch, type Config } from '../core/config';
import type { PopulationEngine } from '../engines/types';
import { runCost } from './populations';
import { countRuns, planRuns, type PlannedRun, type Spec } from './spec';

/** Above this many runs the cost is extrapolated from the base config (listing them takes seconds). */
const EXACT_UP_TO = 100_000;

/** Total cost of a sweep and the cost of its longest run (a floor on the wall time). */
export function sweepCost(spec: Spec, runs?: PlannedRun[]): { runs: number; cost: number; longest: number } {
	const n = runs?.length ?? countRuns(spec);
	if (!runs && n > EXACT_UP_TO) {
		const c = runCost(spec.base, spec.keep.eval_every);
		return { runs: n, cost: c * n, longest: c };
	}
	let cost = 0;
	let longest = 0;
	for (const r of runs ?? planRuns(spec)) {
		const c = runCost(r.config, spec.keep.eval_every);
		cost += c;
		if (c > longest) longest = c;
	}
	return { runs: n, cost, longest };
}

/** What a worker does here: cost units a second, and seconds to set up one run (data, weights). */
export interface Rate {
	perSecond: number;
	setup: number;
}

/** Seconds for a sweep on `workers` workers at `rate`. */
export function estimateSeconds(c: { runs: number; cost: number; longest: number }, rate: Rate, workers: number): number {
	if (!(rate.perSecond > 0)) return NaN;
	const w = Math.max(1, workers);
	return Math.max((c.cost / rate.perSecond + c.runs * rate.setup) / w, c.longest / rate.perSecond + rate.setup);
}

/** "about 8 s", "about 3 min", "about 2 h 10 min". */
export function formatDuration(s: number): string {
	if (!Number.isFinite(s)) return 'unknown';
	if (s < 1) return 'under a second';
	if (s < 90) return `about ${Math.max(1, Math.round(s))} s`;
	if (s < 5400) return `about ${Math.round(s / 60)} min`;
	const h = Math.floor(s / 3600);
	const m = Math.round((s - 3600 * h) / 60);
	return m ? `about ${h} h ${m} min` : `about ${h} h`;
}

/**
 * The rate of one worker: one default model is set up (timed: the setup), trains two warm-up epochs,
 * then `epochs` timed ones (a fifth of a second or so) (each evaluated, as runCost counts them). The engine is the one sweeps use.
 */
export async function measureRate(engine: PopulationEngine, now: () => number = () => performance.now(), epochs = 12): Promise<Rate> {
	const c: Config = parseConfig({ epochs: epochs + 2 });
	const t0 = now();
	await engine.init(c, [{ seed: 0 }]);
	const setup = (now() - t0) / 1000;
	const spe = stepsPerEpoch(c);
	await engine.step(2 * spe);
	const t1 = now();
	await engine.step(epochs * spe);
	const secs = (now() - t1) / 1000;
	return { perSecond: secs > 0 ? runCost({ ...c, epochs }, 1) / secs : NaN, setup };
}

/** The rate a finished sweep achieved per worker (keeping the measured setup time). */
export function observedRate(c: { runs: number; cost: number }, seconds: number, workers: number, setup: number): Rate {
	const busy = seconds * Math.max(1, workers) - c.runs * setup;
	return { perSecond: busy > 0 && c.cost > 0 ? c.cost / busy : NaN, setup };
}
