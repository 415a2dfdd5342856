/** Helpers of the lab page (/lab), kept out of the component so that they can be tested in node. */
import { createPopulationEngine, type PopulationEngine } from '../engines/index';
import { writeState } from '../stores/urlstate';
import { measureRate, sweepCost, type Rate } from './estimate';
import type { RunRecord } from './record';
import { runSweep, type RunnerOptions } from './runner';
import { countRuns, parseSpecText, planRuns, SpecError, type PlannedRun, type Spec } from './spec';

/** The sandbox URL that replays a run: its config fields as query parameters (seed always given). */
export function sandboxHref(r: RunRecord, base = ''): string {
	const q = writeState({ config: r.config });
	const seed = `seed=${r.config.seed}`;
	const query = q.includes('seed=') ? q : q ? `${q}&${seed}` : `?${seed}`;
	return `${base}/sandbox${query}`;
}

/** Read one or more dropped/chosen files' text into records, with a line of problems per file. */
export function describeRead(name: string, n: number, errors: { line: number; message: string }[], truncated: boolean): string {
	const parts = [`${name}: ${n} run${n === 1 ? '' : 's'}`];
	if (errors.length) parts.push(`${errors.length} unreadable line${errors.length === 1 ? '' : 's'} skipped (first: line ${errors[0].line}, ${errors[0].message})`);
	if (truncated) parts.push('a cut-off last line dropped');
	return parts.join('; ');
}

/** The ready specs (experiments/*.json by path, as text), the lab's opening one first: `seeds` (something in seconds), then `tiny`, then by name. */
export function readySpecs(files: Record<string, string>): { name: string; text: string }[] {
	const rank = (name: string) => (name === 'seeds' ? 0 : name === 'tiny' ? 1 : 2);
	return Object.entries(files)
		.map(([path, text]) => ({ name: path.split('/').pop()!.replace(/\.json$/, ''), text }))
		.sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
}

/**
 * A spec as typed, checked: the spec, how many runs and their cost, or the error. Listing the runs
 * (dropping duplicates) takes seconds near a million; past 100,000 the count before dropping them is
 * shown while typing.
 */
export function checkSpec(text: string, name: string): { spec?: Spec; runs?: number; cost?: ReturnType<typeof sweepCost>; error?: string } {
	try {
		const spec = parseSpecText(text, name);
		const n = countRuns(spec);
		const runs = n <= 100_000 ? planRuns(spec) : undefined;
		return { spec, runs: runs?.length ?? n, cost: sweepCost(spec, runs) };
	} catch (e) {
		return { error: e instanceof SpecError ? e.message : String(e) };
	}
}

const RATE_KEY = 'flatland.lab.rate';

/** The rate the last sweep here measured (kept in `storage`), or null. */
export function storedRate(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): Rate | null {
	try {
		const r = JSON.parse(storage?.getItem(RATE_KEY) ?? 'null');
		return r && r.perSecond > 0 && r.setup >= 0 ? { perSecond: r.perSecond, setup: r.setup } : null;
	} catch {
		return null;
	}
}

/** Keep a measured rate for the next visit; storage full or blocked: it is kept for this visit only. */
export function storeRate(rate: Rate, storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage): void {
	try {
		storage?.setItem(RATE_KEY, JSON.stringify(rate));
	} catch {
		/* the estimate stays for this visit */
	}
}

/**
 * A sweep in the page: `workers` population engines from the factory (WebAssembly, one worker
 * each, reused between populations and added to `engines`, which the caller disposes), one run per
 * worker at a time as the CLI does on CPUs, so that runs finish (and count) one by one.
 */
export async function runLabSweep(
	spec: Spec,
	runs: PlannedRun[],
	o: Pick<RunnerOptions, 'done' | 'signal' | 'onRecord' | 'onRetry' | 'onProgress'> & { workers: number; engines: PopulationEngine[] }
): Promise<void> {
	const idle: PopulationEngine[] = [];
	await runSweep(spec, runs, {
		...o,
		createEngine: async () => {
			const e = idle.pop() ?? (await createPopulationEngine('wasm', { workers: 1 }));
			if (!o.engines.includes(e)) o.engines.push(e);
			return e;
		},
		releaseEngine: (e) => void idle.push(e),
		concurrency: o.workers,
		minPopulations: o.workers,
		membersPerPopulation: 1,
		pause: () => new Promise((r) => setTimeout(r, 0))
	});
}

/** How fast this machine trains, and where the figure comes from: the last sweep here, else a short timed run in a worker (a second or so). */
export async function machineRate(): Promise<{ rate: Rate; from: string }> {
	const stored = storedRate();
	if (stored) return { rate: stored, from: 'the last sweep here' };
	const engine = await createPopulationEngine('wasm', { workers: 1 });
	try {
		return { rate: await measureRate(engine), from: 'a short timed run here' };
	} finally {
		engine.dispose();
	}
}

/** The cost of a spec's runs (estimate.ts sweepCost), undefined when the spec does not parse. */
export function specCost(text: string, name: string): ReturnType<typeof sweepCost> | undefined {
	try {
		return sweepCost(parseSpecText(text, name));
	} catch {
		return undefined;
	}
}
