/**
 * `flatland sweep SPEC --out results.jsonl`: every run of a sweep spec (or of one shard of it), one
 * JSON line appended per finished run; rerunning skips the runs already in the file.
 */
import { appendFileSync, existsSync, readFileSync, truncateSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { show, type Config } from '../lib/core/config';
import { createEngine, createPopulationEngine, hasWebGPU } from '../lib/engines/index';
import type { PopulationEngine } from '../lib/engines/types';
import { readResults, recordLine, type RunRecord } from '../lib/experiments/record';
import { modelSteps, populations } from '../lib/experiments/populations';
import { AbortError, runSweep } from '../lib/experiments/runner';
import { parseShard, shardFromEnv, shardRuns, ShardError, type Shard } from '../lib/experiments/shard';
import { parseSpecText, planRuns, SpecError } from '../lib/experiments/spec';
import { parseFlags, UsageError } from './args';
import { FileError, LineFile, checkWritable, explainFsError, readText, sameFile } from './files';
import { formatSeconds, Progress } from './progress';

export const sweepHelp = `Usage: flatland sweep SPEC.json --out RESULTS.jsonl [--shard i/N] [--engine NAME] [--threads N] [--members N] [--dry-run] [--quiet]

Runs every run of a sweep spec (see experiments/*.json and docs/reproduction.md) and appends one JSON
line per finished run to RESULTS.jsonl: config, seed, grid point, final metrics, a curve summary
(test accuracy and train loss every keep.curve_every epochs), spike count, circuit class, and, when
the spec asks, activation sparsity and final parameters.

A transfer spec ("transfer": {"pretrain": {...}, "scratch": true, "spare_row": "fresh"}) pretrains
per seed, then fine-tunes from those weights; "spare_row" says how the token rows the pretraining
never used as inputs start: "keep" (the pretrained values, as the authors' released finetune.py),
"fresh" (drawn as a new model draws them; the default, the paper's text) or ["keep", "fresh"] (both,
one fine-tuning run each). Rows beyond the pretrained nb_emb are always fresh.

Resumable: runs whose id is already in RESULTS.jsonl are skipped, so rerunning the same command
after an interruption finishes the sweep; an interruption loses at most the runs in flight.

Options:
  --out FILE        results file (appended to; created if missing)                  [required]
  --shard i/N       run only shard i of N (0 ≤ i < N): disjoint shares that together cover the
                    sweep; default from SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN and
                    SLURM_ARRAY_TASK_COUNT when set (see experiments/slurm.sh)
  --engine NAME     auto | webgpu | wasm | ts  (auto: a WebGPU population where a real GPU is
                    present, else WASM populations on a worker per core, else ts)
  --members N       models per population (default 4096 on a GPU; 1 on the CPU, where a worker
                    trains its runs one after another anyway: an interruption then loses at
                    most one run per worker)
  --threads N       WASM workers (default: one per core)
  --dry-run         print the number of runs, populations and model-steps, then exit
  --quiet           no progress bar

Then: flatland merge A.jsonl B.jsonl --out all.jsonl; flatland report all.jsonl
Exit codes: 0 done, 1 failure, 2 bad spec or flag, 130 interrupted (finished runs are kept).`;

interface EngineChoice {
	name: string;
	/** Engines that train concurrently (each reused from population to population). */
	make: () => Promise<PopulationEngine>;
	count: number;
	members: number;
	note?: string;
}

async function chooseEngine(want: string, membersFlag: number | undefined, threadsFlag: number | undefined): Promise<EngineChoice> {
	const cores = threadsFlag ?? availableParallelism();
	// 'auto' takes the GPU only when it is real hardware: a software adapter is slower than the CPU.
	if (want === 'webgpu' || (want === 'auto' && (await hasWebGPU({ hardware: true })))) {
		return { name: 'webgpu', make: () => createPopulationEngine('webgpu'), count: 1, members: membersFlag ?? 4096 };
	}
	if (want === 'auto' || want === 'wasm') {
		try {
			(await createEngine('wasm')).dispose();
			// One single-worker pool per core: populations of different shapes (batch, h) train side by side.
			return { name: `wasm (${cores} worker${cores > 1 ? 's' : ''})`, make: () => createPopulationEngine('wasm', { workers: 1 }), count: cores, members: membersFlag ?? 1 };
		} catch (e) {
			if (want === 'wasm') throw new UsageError(`--engine wasm: the WebAssembly engine does not load (${(e as Error).message})`);
		}
	}
	return { name: 'ts', make: () => createPopulationEngine('ts'), count: 1, members: membersFlag ?? 64, note: want === 'ts' ? undefined : 'falling back to the TypeScript reference engine (slow)' };
}

/**
 * Results files end with a newline before more records are appended. An interrupted write may
 * have left half a line at the end: cut off (its run was not recorded and will run again). A last
 * record that is whole but lacks its newline (a file edited by hand) gets one instead.
 */
function endLastLine(path: string): 'ok' | 'cut' | 'ended' {
	const text = readFileSync(path);
	if (text.length === 0 || text[text.length - 1] === 0x0a) return 'ok';
	const start = text.lastIndexOf(0x0a) + 1;
	const last = readResults(text.subarray(start).toString('utf8'));
	try {
		if (last.records.length === 1) {
			appendFileSync(path, '\n');
			return 'ended';
		}
		truncateSync(path, start);
		return 'cut';
	} catch (e) {
		throw new FileError(`--out ${path}: could not be written: ${explainFsError(e)}`);
	}
}

/** Why an existing --out file must not be appended to: it holds no run record and is not empty (a spec, any text). */
function resultsOnly(text: string): string | null {
	if (!text.trim()) return null;
	const r = readResults(text);
	if (r.records.length) return null;
	const first = r.errors[0];
	return `exists and is not a results file of flatland sweep (${first ? `line ${first.line}: ${first.message}` : 'no run record in it'}); refusing to append to it — give a new file or an existing results file`;
}

export async function sweep(argv: string[]): Promise<number> {
	const { values, positionals } = parseFlags(argv, {
		out: { type: 'string', short: 'o' },
		shard: { type: 'string' },
		engine: { type: 'string' },
		members: { type: 'string' },
		threads: { type: 'string' },
		'dry-run': { type: 'boolean' },
		quiet: { type: 'boolean' }
	});
	if (values.help) {
		console.log(sweepHelp);
		return 0;
	}
	if (positionals.length !== 1) throw new UsageError('give exactly one SPEC file');
	const specPath = positionals[0];
	let spec;
	try {
		spec = parseSpecText(readText(specPath, 'spec file'), basename(specPath).replace(/\.json$/, ''));
	} catch (e) {
		if (e instanceof SpecError) throw new UsageError(`invalid spec ${specPath}: ${e.message}`);
		throw e;
	}
	let shard: Shard | undefined;
	try {
		shard = values.shard !== undefined ? parseShard(values.shard) : shardFromEnv(process.env);
	} catch (e) {
		if (e instanceof ShardError) throw new UsageError(e.message);
		throw e;
	}
	const engineWant = values.engine ?? 'auto';
	if (!['auto', 'webgpu', 'wasm', 'ts'].includes(engineWant)) throw new UsageError(`--engine = ${show(engineWant)}: must be auto, webgpu, wasm or ts`);
	const membersFlag = values.members === undefined ? undefined : Number(values.members);
	if (membersFlag !== undefined && !(Number.isInteger(membersFlag) && membersFlag >= 1 && membersFlag <= 1 << 20)) throw new UsageError(`--members = ${show(values.members)}: must be an integer from 1 to 1048576`);

	const threadsFlag = values.threads === undefined ? undefined : Number(values.threads);
	if (threadsFlag !== undefined && !(Number.isInteger(threadsFlag) && threadsFlag >= 1 && threadsFlag <= 1024)) throw new UsageError(`--threads = ${show(values.threads)}: must be an integer from 1 to 1024`);
	if (!values['dry-run']) {
		// The results file is checked before anything trains: a spec or any other file is never appended to.
		if (!values.out) throw new UsageError('--out FILE is required (results are appended there)');
		if (sameFile(values.out, specPath)) throw new FileError(`--out ${values.out}: is the spec file; results go to a file of their own`);
		checkWritable(values.out, '--out', resultsOnly);
	}
	const all = planRuns(spec);
	const mine = shardRuns(all, shard);
	const where = shard ? `shard ${shard.index}/${shard.count}: ` : '';

	if (values['dry-run']) {
		const steps = mine.reduce((a, r) => a + modelSteps(r.config), 0);
		console.log(JSON.stringify({ spec: spec.name, runs: all.length, shard: shard ?? null, shard_runs: mine.length, populations: populations(mine, membersFlag ?? 1).length, model_steps: steps }));
		return 0;
	}
	const out = values.out!;
	const done = new Map<string, RunRecord>();
	if (existsSync(out)) {
		const r = readResults(readText(out, '--out'));
		for (const rec of r.records) done.set(rec.id, rec);
		if (r.errors.length) process.stderr.write(`flatland sweep: ${out}: ${r.errors.length} unreadable line(s) ignored (first: line ${r.errors[0].line}, ${r.errors[0].message})\n`);
		const tail = endLastLine(out);
		if (tail === 'cut') process.stderr.write(`flatland sweep: ${out}: dropped a cut-off last line (an interrupted write)\n`);
	}
	const results = new LineFile(out, '--out', 'a');
	const skipped = mine.filter((r) => done.has(r.id)).length;
	const engine = await chooseEngine(engineWant, membersFlag, threadsFlag);
	if (!values.quiet) {
		process.stderr.write(`flatland sweep: ${spec.name}: ${where}${mine.length} of ${all.length} runs, ${skipped} already in ${out}; engine ${engine.name}\n`);
		if (engine.note) process.stderr.write(`flatland sweep: ${engine.note}\n`);
	}
	const todo = mine.length - skipped;
	const progress = values.quiet ? null : new Progress(todo, 'runs');
	const ac = new AbortController();
	const onSig = () => {
		ac.abort();
		process.stderr.write('\nflatland sweep: interrupted; finished runs are in the file, rerun to continue\n');
	};
	process.once('SIGINT', onSig);
	process.once('SIGTERM', onSig);
	let lastDraw = 0;
	const idle: PopulationEngine[] = [];
	try {
		const res = await runSweep(spec, mine, {
			createEngine: async () => idle.pop() ?? (await engine.make()),
			releaseEngine: (e) => void idle.push(e),
			membersPerPopulation: engine.members,
			concurrency: engine.count,
			minPopulations: engine.count,
			done,
			signal: ac.signal,
			onRecord: (rec) => results.write(recordLine(rec)),
			onRetry: (msg) => process.stderr.write(`\nflatland sweep: ${msg}\n`),
			onProgress: (p) => {
				const now = performance.now();
				if (!progress || (now - lastDraw < 200 && p.runsDone < p.runsTotal)) return;
				lastDraw = now;
				const rate = p.elapsed > 0 ? p.steps / p.elapsed : 0;
				progress.update(p.runsDone, { 'model-steps/s': rate >= 1e6 ? `${(rate / 1e6).toFixed(2)}M` : `${(rate / 1e3).toFixed(1)}k`, ...(p.last ? { last: `acc ${p.last.final.test_acc?.toFixed(3)}` } : {}) }, p.fraction);
			}
		});
		progress?.done(`done: ${where}${res.runsDone} runs (${skipped} skipped) in ${formatSeconds(res.seconds)}, ${(res.steps / Math.max(res.seconds, 1e-9) / 1e3).toFixed(1)}k model-steps/s, engine ${engine.name} → ${out}`);
		return 0;
	} catch (e) {
		if (e instanceof AbortError) return 130;
		throw e;
	} finally {
		results.close();
		for (const e of idle) e.dispose();
		process.off('SIGINT', onSig);
		process.off('SIGTERM', onSig);
	}
}
