/**
 * Runs a sweep's planned runs on a population engine: runs that differ only in what a population
 * member may override (seed, lr, mlp_lr_discount, init_scale) train together; every finished run
 * becomes one record. Pure orchestration: the caller supplies the engine factory and where records go
 * (a file in the CLI, memory and a plot in the lab page).
 */
import { stepsPerEpoch, type Config } from '../core/config';
import { nanMetrics, type EpochMetrics } from '../core/metrics';
import { initParams, layout, PARAM_NAMES } from '../core/params';
import { memberOf } from '../engines/members';
import type { PopulationEngine } from '../engines/types';
import { populations, runCost, schedule } from './populations';
import { RECORD_VERSION, type RunRecord } from './record';
import { stageOf, type PlannedRun, type Spec, type SpareRow } from './spec';
import { circuitClass, countSpikes, decimateCurve, round, sparsityOf } from './summary';


export interface SweepProgress {
	runsDone: number;
	runsTotal: number;
	/** Model-steps (one optimizer step of one model) done in this session. */
	steps: number;
	/** Estimated share of the work done, 0..1 (runs weighted by their cost). */
	fraction: number;
	elapsed: number;
	/** Records finished so far in this session, newest last. */
	last?: RunRecord;
}

export interface RunnerOptions {
	/** A population engine for this many members of this shared config. */
	createEngine: (config: Config, members: number) => Promise<PopulationEngine>;
	/** Give an engine back when its population is done (default: dispose it). Lets callers reuse engines (worker start-up is slow). */
	releaseEngine?: (engine: PopulationEngine) => void;
	/** Split populations until there are at least this many (default 1): one per engine when engines run concurrently. */
	minPopulations?: number;
	/** At most this many models per population (default 64). */
	membersPerPopulation?: number;
	/** Populations trained at once (default 1; more when each population uses one core). */
	concurrency?: number;
	/**
	 * One seed at a time, in the spec's seed order: that seed's runs (pretraining and scratch first,
	 * then its fine-tunings), the cheapest first. For a figure that fills as runs finish: its first
	 * seed is complete (every arm, every grid point) after a few runs, not after the whole first stage.
	 * Default: by stage, populations grouped across seeds, the costliest first (what balances engines).
	 */
	progressive?: boolean;
	/** Epochs per engine call (default: about 10, fewer for expensive configs). */
	chunkEpochs?: number;
	/** Finished records by id: those runs are skipped; fine-tuning runs read their pretraining params here. */
	done: Map<string, RunRecord>;
	onRecord: (r: RunRecord) => void | Promise<void>;
	onProgress?: (p: SweepProgress) => void;
	/**
	 * After each engine call, the runs of the population in training and their curves so far (the
	 * epochs evaluated up to now): for a figure that draws runs on their way, before their records.
	 */
	onCurves?: (runs: PlannedRun[], curves: EpochMetrics[][], tokenNorms?: NonNullable<RunRecord['token_norms']>[]) => void;
	/**
	 * Awaited before summarising each finished run (circuit class, spikes: a few ms each). In a page,
	 * a yield to the event loop, so that a population's members finishing together do not make one
	 * long task of the page's thread.
	 */
	pause?: () => Promise<void>;
	/**
	 * A population whose engine crashed (a worker died or stopped answering: WorkerCrashedError) is
	 * trained again from the start on a fresh engine, up to this many times (default 1); it had
	 * recorded nothing yet, so nothing is duplicated. Each retry is told here.
	 */
	retries?: number;
	onRetry?: (message: string) => void;
	signal?: AbortSignal;
	now?: () => number;
}

export class AbortError extends Error {
	name = 'AbortError';
}

/**
 * Pretrained parameters placed in a fine-tuning model: every tensor copied, except token-embedding
 * rows. Rows of tokens the pretraining saw (0 .. preCfg.p − 1) are copied; its spare rows
 * (preCfg.p .. preCfg.nb_emb − 1) are copied with `keep` and drawn afresh with `fresh` (see SpareRow in
 * spec.ts); rows the pretrained model did not have (nb_emb grew) are always drawn as a fresh model of
 * the target config draws them.
 */
export function extendParams(pre: ArrayLike<number>, preCfg: Config, target: Config, spare: SpareRow = 'keep'): Float64Array {
	const a = layout(preCfg);
	const b = layout(target);
	if (pre.length !== a.total) throw new Error(`pretrained params have ${pre.length} numbers, expected ${a.total}`);
	const fresh = initParams(target);
	const out = Float64Array.from(fresh);
	for (const name of PARAM_NAMES) {
		if (name === 'E') {
			const rows = Math.min(spare === 'keep' ? preCfg.nb_emb : preCfg.p, target.nb_emb);
			for (let i = 0; i < rows * target.d; i++) out[b.E.offset + i] = pre[a.E.offset + i];
			continue;
		}
		if (a[name].size !== b[name].size) throw new Error(`tensor ${name} changes shape between pretraining and fine-tuning`);
		for (let i = 0; i < a[name].size; i++) out[b[name].offset + i] = pre[a[name].offset + i];
	}
	return out;
}

/** Run the planned runs not yet in `done`. Resolves when all are recorded (or rejects with AbortError). */
export async function runSweep(spec: Spec, runs: PlannedRun[], opts: RunnerOptions): Promise<{ runsDone: number; steps: number; seconds: number }> {
	const now = opts.now ?? (() => performance.now());
	const t0 = now();
	const todo = runs.filter((r) => !opts.done.has(r.id));
	const totalCost = todo.reduce((a, r) => a + runCost(r.config, spec.keep.eval_every), 0) || 1;
	let costDone = 0;
	let steps = 0;
	let runsDone = 0;
	const report = (last?: RunRecord) =>
		opts.onProgress?.({ runsDone, runsTotal: todo.length, steps, fraction: Math.min(1, costDone / totalCost), elapsed: (now() - t0) / 1000, last });
	report();

	// Blocks of runs trained in turn: the two stages; with `progressive`, each seed's two stages.
	const blocks: PlannedRun[][] = opts.progressive
		? [...new Set(todo.map((r) => r.seed))].flatMap((s) => [0, 1].map((stage) => todo.filter((r) => r.seed === s && stageOf(r) === stage)))
		: [0, 1].map((stage) => todo.filter((r) => stageOf(r) === stage));
	const cost = (g: PlannedRun[]) => g.reduce((a, r) => a + runCost(r.config, spec.keep.eval_every), 0);
	for (const block of blocks) {
		if (!block.length) continue;
		const grouped = populations(block, opts.membersPerPopulation ?? 64, opts.minPopulations ?? 1);
		const pops = opts.progressive ? grouped.sort((a, b) => cost(a) - cost(b)) : schedule(grouped, spec);
		let next = 0;
		const worker = async () => {
			while (next < pops.length) {
				const pop = pops[next++];
				for (let attempt = 0; ; attempt++) {
					let popCost = 0;
					try {
						await runPopulation(spec, pop, opts, now, (s, c) => {
							steps += s;
							costDone += c;
							popCost += c;
							report();
						}, async (rec) => {
							runsDone++;
							opts.done.set(rec.id, rec);
							await opts.onRecord(rec);
							report(rec);
						});
						break;
					} catch (e) {
						if ((e as Error).name !== 'WorkerCrashedError' || attempt >= (opts.retries ?? 1)) throw e;
						costDone -= popCost; // its work is lost and will be done again
						opts.onRetry?.(`${(e as Error).message}; training its ${pop.length} run${pop.length > 1 ? 's' : ''} (${pop[0].id}…) again on a new worker`);
					}
				}
			}
		};
		await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 1) }, worker));
	}
	return { runsDone, steps, seconds: (now() - t0) / 1000 };
}

async function runPopulation(
	spec: Spec,
	runs: PlannedRun[],
	opts: RunnerOptions,
	now: () => number,
	onSteps: (steps: number, cost: number) => void,
	onRecord: (r: RunRecord) => Promise<void>
): Promise<void> {
	if (opts.signal?.aborted) throw new AbortError('sweep stopped');
	const t0 = now();
	const shared = runs[0].config;
	const members = runs.map((r) => memberOf(r.config));
	let params: ArrayLike<number>[] | undefined;
	if (runs[0].kind === 'finetune') {
		params = runs.map((r) => {
			const pre = opts.done.get(r.from!);
			if (!pre?.params) throw new Error(`fine-tuning run ${r.id} needs the parameters of pretraining run ${r.from}, which is not finished`);
			return extendParams(pre.params, pre.config, r.config, r.spare_row ?? 'keep');
		});
	}
	const engine = await opts.createEngine(shared, runs.length);
	let crashed = false;
	try {
		await engine.init(shared, members, { params, evalEvery: spec.keep.eval_every });
		const spe = stepsPerEpoch(shared);
		const total = shared.epochs * spe;
		const costPerStep = total ? runCost(shared, spec.keep.eval_every) / total : 0;
		const chunkEpochs = opts.chunkEpochs ?? Math.max(1, Math.min(10, Math.round(2e8 / Math.max(1, runCost(shared) / Math.max(1, shared.epochs)))));
		const curves: EpochMetrics[][] = runs.map(() => []);
		const diverged = new Map<number, number>();
		const P = layout(shared).total;
		// Token-embedding row norms at every chunk boundary (keep.token_norms): the spare row of a
		// transfer's pretraining grows there (docs/reproduction.md, Fig 9–10).
		const tokenNorms = runs.map(() => ({ epoch: [] as number[], norms: [] as number[][] }));
		const recordNorms = async (epoch: number) => {
			const flat = await engine.params();
			const { offset } = layout(shared).E;
			runs.forEach((_, i) => {
				tokenNorms[i].epoch.push(epoch);
				tokenNorms[i].norms.push(Array.from({ length: shared.nb_emb }, (_, x) => round(Math.hypot(...flat.subarray(i * P + offset + x * shared.d, i * P + offset + (x + 1) * shared.d)), 5)));
			});
		};
		if (spec.keep.token_norms) await recordNorms(0);
		let done = 0;
		while (done < total) {
			if (opts.signal?.aborted) throw new AbortError('sweep stopped');
			const n = Math.min(chunkEpochs * spe, total - done);
			const rep = await engine.step(n);
			done += n;
			for (const d of rep.diverged) diverged.set(d.member, d.step);
			for (const row of rep.epochs) row.forEach((m, i) => !diverged.has(i) && Number.isFinite(m.loss) && curves[i].push(m));
			onSteps(n * runs.length, n * costPerStep * runs.length);
			if (spec.keep.token_norms) await recordNorms(done / spe);
			// With keep.token_norms, the norms so far too (a transfer figure draws the spare row growing).
			if (rep.epochs.length) opts.onCurves?.(runs, curves, spec.keep.token_norms ? tokenNorms : undefined);
		}
		const flat = await engine.params();
		let finals: EpochMetrics[] | undefined;
		if (shared.epochs === 0) finals = await engine.evaluate();
		const seconds = (now() - t0) / 1000 / runs.length;
		for (const [i, r] of runs.entries()) {
			if (opts.pause) await opts.pause();
			const curve = curves[i];
			const last = finals?.[i] ?? curve[curve.length - 1] ?? nanMetrics(0);
			const p = Array.from(flat.subarray(i * P, (i + 1) * P));
			const ok = !diverged.has(i) && p.every(Number.isFinite);
			const rec: RunRecord = {
				v: RECORD_VERSION,
				id: r.id,
				spec: spec.name,
				kind: r.kind,
				point: r.point,
				seed: r.seed,
				config: r.config,
				...(r.from ? { from: r.from } : {}),
				...(r.spare_row ? { spare_row: r.spare_row } : {}),
				final: { epoch: last.epoch, loss: round(last.loss, 6), acc: round(last.acc, 6), test_loss: round(last.test_loss, 6), test_acc: round(last.test_acc, 6) },
				best_test_acc: round(Math.max(...curve.map((m) => m.test_acc), last.test_acc), 6),
				curve: decimateCurve(curve, spec.keep.curve_every),
				engine: engine.name,
				seconds: round(seconds, 4)
			};
			if (diverged.has(i)) rec.diverged = diverged.get(i);
			if (spec.keep.spikes) rec.spikes = countSpikes(curve.map((m) => m.loss));
			if (ok && spec.keep.circuit) {
				const c = circuitClass(r.config, p, last.test_acc);
				if (c) rec.circuit = c;
			}
			if (ok && spec.keep.sparsity) rec.sparsity = sparsityOf(r.config, p);
			if (spec.keep.params || r.kind === 'pretrain') rec.params = p.map((x) => round(x, 8));
			if (spec.keep.token_norms) rec.token_norms = tokenNorms[i];
			await onRecord(rec);
		}
	} catch (e) {
		crashed = (e as Error).name === 'WorkerCrashedError';
		throw e;
	} finally {
		// A crashed engine is not handed back for reuse.
		if (opts.releaseEngine && !crashed) opts.releaseEngine(engine);
		else engine.dispose();
	}
}
