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
/** `cache`: sweep records by run id, trained once and shared between the search's candidates (windows of seeds overlap). */
export async function gatherEvidence(id: ClaimId, seed: number, opts: { cache?: Map<string, RunRecord> } = {}): Promise<Evidence> {
	const run = CLAIMS[id].run;
	if (run.kind === 'fixed') return { kind: 'fixed' };
	if (run.kind === 'runs') {
		const out = [];
		for (const r of run.runs()) {
			const engine = await createEngine('wasm');
			try {
				await engine.init(r.config, { params: r.params });
				const { epochs } = await engine.step(r.config.epochs * stepsPerEpoch(r.config));
				out.push({ config: r.config, final: epochs[epochs.length - 1] });
			} finally {
				engine.dispose();
			}
		}
		return { kind: 'runs', runs: out };
	}
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
	const planned = planRuns(spec);
	const done = opts.cache ?? new Map<string, RunRecord>();
	const idle: Awaited<ReturnType<typeof createPopulationEngine>>[] = [];
	try {
		await runSweep(spec, planned, {
			createEngine: async () => idle.pop() ?? (await createPopulationEngine('wasm', { workers: 0 })),
			releaseEngine: (e) => void idle.push(e),
			membersPerPopulation: 64,
			done,
			onRecord: () => {}
		});
	} finally {
		for (const e of idle) e.dispose();
	}
	return { kind: 'sweep', records: planned.map((r) => done.get(r.id)!) };
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
	const cache = new Map<string, RunRecord>();
	for (let seed = range.from; seed <= range.to; seed++) {
		const { summary, verdict } = evaluateClaim(id, await gatherEvidence(id, seed, { cache }));
		log(`${id} seed ${seed}: ${verdict.ok ? 'holds' : 'no'} — ${verdict.why}`);
		last = verdict;
		if (verdict.ok) return { seed, tried: `${range.from}..${seed}`, why: verdict.why, summary };
	}
	return { seed: null, tried: `${range.from}..${range.to}`, why: `no seed in range; last: ${last?.why ?? '–'}` };
}
