/**
 * Trains a claim's run outside the page (tests, `flatland claims`): single runs on the WebAssembly
 * engine, sweeps through the same runner as /lab and the article (engines from the factory), and the
 * seed search over a row's range. The page builds its evidence from the runs it shows instead.
 */
import { parseConfig, stepsPerEpoch } from '../core/config';
import { createEngine, createPopulationEngine } from '../engines/index';
import type { RunRecord } from '../experiments/record';
import { runSweep } from '../experiments/runner';
import { parseSpec, planRuns } from '../experiments/spec';
import { CLAIMS, evaluateClaim, type ClaimId, type Evidence, type Verdict } from './claims';

/** Train the run of claim `id` with `seed` and return its evidence. */
export async function gatherEvidence(id: ClaimId, seed: number): Promise<Evidence> {
	const run = CLAIMS[id].run;
	if (run.kind === 'fixed') return { kind: 'fixed' };
	if (run.kind === 'run') {
		const config = parseConfig({ ...run.config, seed });
		const engine = await createEngine('wasm');
		try {
			await engine.init(config);
			const initial = Float64Array.from((await engine.snapshot()).params);
			const { epochs: metrics } = await engine.step(config.epochs * stepsPerEpoch(config));
			const final = Float64Array.from((await engine.snapshot()).params);
			return { kind: 'run', config, metrics, initial, final };
		} finally {
			engine.dispose();
		}
	}
	const spec = parseSpec(run.spec(seed), `claim-${id}`);
	const records: RunRecord[] = [];
	const idle: Awaited<ReturnType<typeof createPopulationEngine>>[] = [];
	try {
		await runSweep(spec, planRuns(spec), {
			createEngine: async () => idle.pop() ?? (await createPopulationEngine('wasm', { workers: 0 })),
			releaseEngine: (e) => void idle.push(e),
			membersPerPopulation: 64,
			done: new Map(),
			onRecord: (r) => void records.push(r)
		});
	} finally {
		for (const e of idle) e.dispose();
	}
	return { kind: 'sweep', records };
}

export interface SearchResult {
	seed: number | null;
	tried: string;
	why: string;
	summary?: unknown;
}

/** The first seed of the row's search range whose predicate holds (null if none does). */
export async function searchSeed(id: ClaimId, log: (line: string) => void = () => {}): Promise<SearchResult> {
	const c = CLAIMS[id];
	const range = 'search' in c && c.search ? c.search : { from: 0, to: 0 };
	let last: Verdict | null = null;
	for (let seed = range.from; seed <= range.to; seed++) {
		const { summary, verdict } = evaluateClaim(id, await gatherEvidence(id, seed));
		log(`${id} seed ${seed}: ${verdict.ok ? 'holds' : 'no'} — ${verdict.why}`);
		last = verdict;
		if (verdict.ok) return { seed, tried: `${range.from}..${seed}`, why: verdict.why, summary };
	}
	return { seed: null, tried: `${range.from}..${range.to}`, why: `no seed in range; last: ${last?.why ?? '–'}` };
}
