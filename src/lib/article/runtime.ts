/**
 * Glue between the article's sections and the engines/stores: sandboxes over fixed parameters
 * (the hand-built circuit, a snapshot of a population member), single runs in a worker, and
 * populations (many models at once) with progress. Model math lives in src/lib/core.
 */
import { writable, type Writable } from 'svelte/store';
import { parseConfig, stepsPerEpoch, type Config } from '$lib/core/config';
import type { EpochMetrics } from '$lib/core/metrics';
import type { PopulationEngine, PopulationMember, Snapshot } from '$lib/engines/types';
import type { RunRecord } from '$lib/experiments/record';
import type { SweepProgress } from '$lib/experiments/runner';
import { Sandbox } from '$lib/stores/sandbox';

/** A sandbox that shows fixed parameters (no training); `set` swaps what it shows. */
export interface StaticSandbox {
	sb: Sandbox;
	set(params: ArrayLike<number>, config?: Config, epoch?: number): void;
}

export function staticSandbox(config: Config, params: ArrayLike<number>, epoch = 0): StaticSandbox {
	const cfg: Writable<Config> = writable(config);
	const snap = (p: ArrayLike<number>, e: number): Snapshot => ({ step: 0, epoch: e, params: Float64Array.from(p), stepLoss: NaN });
	const current = writable<Snapshot | null>(snap(params, epoch));
	return {
		sb: new Sandbox({ config: cfg, current, metrics: writable<EpochMetrics[]>([]), seekEpoch() {} }),
		set(p, c, e = 0) {
			if (c) cfg.set(c);
			current.set(snap(p, e));
		}
	};
}

export interface PopulationResult {
	/** metrics[i][e]: member i after epoch e + 1. */
	metrics: EpochMetrics[][];
	/** Final flat params per member. */
	params: Float32Array[];
	diverged: number[];
	engine: string;
	seconds: number;
}

const engines = new Map<string, Promise<PopulationEngine>>();
let engineBusy: Promise<unknown> = Promise.resolve();

/**
 * One shared population engine per kind for the page: WebAssembly (a worker pool, one worker per
 * core) by default, WebGPU when the reader asks for the full-size runs; the TypeScript reference if
 * WebAssembly fails to load. The WebGPU code is only imported then.
 */
async function populationEngine(kind: 'wasm' | 'webgpu'): Promise<PopulationEngine> {
	let e = engines.get(kind);
	if (!e) {
		e = (async () => {
			const { createPopulationEngine } = await import('$lib/engines/index');
			if (kind === 'webgpu') return createPopulationEngine('webgpu');
			try {
				const threads = Math.max(1, Math.min(4, globalThis.navigator?.hardwareConcurrency ?? 2));
				return await createPopulationEngine('wasm', { workers: threads });
			} catch {
				return createPopulationEngine('ts');
			}
		})();
		engines.set(kind, e);
		e.catch(() => engines.delete(kind));
	}
	return e;
}

/** Populations run one at a time on the shared engine; a later request waits its turn. */
export function trainPopulation(
	config: Partial<Config>,
	members: PopulationMember[],
	opts: { engine?: 'wasm' | 'webgpu'; params?: ArrayLike<number>[]; onProgress?: (epoch: number, total: number, metrics: EpochMetrics[][]) => void; cancelled?: () => boolean; chunk?: number } = {}
): Promise<PopulationResult> {
	const job = engineBusy.then(async () => {
		const cfg = parseConfig(config);
		const t0 = performance.now();
		const eng = await populationEngine(opts.engine ?? 'wasm');
		await eng.init(cfg, members, opts.params ? { params: opts.params } : undefined);
		const metrics: EpochMetrics[][] = members.map(() => []);
		const spe = stepsPerEpoch(cfg);
		const chunk = opts.chunk ?? Math.max(1, Math.min(50, Math.ceil(cfg.epochs / 20)));
		let done = 0;
		let diverged: number[] = [];
		while (done < cfg.epochs) {
			if (opts.cancelled?.()) break;
			const n = Math.min(chunk, cfg.epochs - done);
			const r = await eng.step(n * spe);
			for (const per of r.epochs) per.forEach((m, i) => m && metrics[i].push(m));
			diverged = r.diverged.map((d) => d.member);
			done += n;
			opts.onProgress?.(done, cfg.epochs, metrics);
		}
		const flat = await eng.params();
		const size = flat.length / members.length;
		const params = members.map((_, i) => flat.slice(i * size, (i + 1) * size));
		return { metrics, params, diverged, engine: eng.name, seconds: (performance.now() - t0) / 1000 };
	});
	engineBusy = job.catch(() => undefined);
	return job;
}

/**
 * Run a sweep spec (the JSON /lab and `flatland sweep` take) in the page through the same runner
 * (experiments/runner.ts) on the page's shared population engine: transfer specs pretrain, then
 * fine-tune from the pretrained weights exactly as the CLI does. Waits its turn like trainPopulation.
 * Resolves with the records in the order they finished.
 */
export function runSpec(
	specJson: Record<string, unknown>,
	opts: { onRecord?: (r: RunRecord) => void; onProgress?: (p: SweepProgress) => void; signal?: AbortSignal; done?: RunRecord[] } = {}
): Promise<RunRecord[]> {
	const job = engineBusy.then(async () => {
		const [{ parseSpec, planRuns }, { runSweep }] = await Promise.all([import('$lib/experiments/spec'), import('$lib/experiments/runner')]);
		const spec = parseSpec(specJson, 'article');
		const eng = await populationEngine('wasm');
		const records: RunRecord[] = [];
		await runSweep(spec, planRuns(spec), {
			createEngine: async () => eng,
			// The engine is the page's, shared by every figure: never disposed here.
			releaseEngine: () => {},
			membersPerPopulation: 64,
			// Records the page already has (e.g. pretraining runs another figure made) are not trained again.
			done: new Map((opts.done ?? []).map((r) => [r.id, r])),
			onRecord: (r) => {
				records.push(r);
				opts.onRecord?.(r);
			},
			onProgress: opts.onProgress,
			pause: () => new Promise((r) => setTimeout(r, 0)),
			signal: opts.signal
		});
		return records;
	});
	engineBusy = job.catch(() => undefined);
	return job;
}

/** Mean and (population) standard deviation: core/stats.ts, for the article's sections. */
export { mean, std } from '$lib/core/stats';
export const pct = (v: number) => (Number.isFinite(v) ? `${(100 * v).toFixed(0)}%` : '–');
