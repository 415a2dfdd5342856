/**
 * `npm run bench`: CPU training speed on the default config (p=2, L=12, k=5, d=2, h=32, batch 32,
 * n=2048: 64 steps per epoch, each epoch followed by loss/accuracy on the full train and test sets).
 *
 * 1. Start-up: the whole `flatland train --epochs 1` process (compiled and from source) beside
 *    PyTorch's own start-up (`import torch`, a one-epoch reference/train.py), see startup.ts.
 * 2. One run: steps/s and the time of a full 1000-epoch run for the TypeScript reference (float64),
 *    WASM scalar, WASM SIMD (one core each) and PyTorch CPU eager on one thread
 *    (reference/train.py, float32), each as a speed-up over PyTorch. Runs shorter than
 *    1000 epochs are extrapolated linearly, and the table says so.
 * 3. Populations: model-steps/s for R = 1, 64, 1024, WASM SIMD on a pool of one worker per core
 *    against reference/population_bench.py --device cpu with as many threads.
 *
 *   npm run bench -- [--quick] [--json FILE] [--epochs N] [--ts-epochs N] [--torch-epochs N] [--R 1,64,1024] [--no-torch] [--startup-only]
 */
import { writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { parseConfig, stepsPerEpoch } from '../src/lib/core/config';
import { Trainer } from '../src/lib/core/trainer';
import { createEngine, createPopulationEngine, hasSimd } from '../src/lib/engines/index';
import { cpuSeconds, fmt, runReference, seconds, secondsAsync, table, torchMissing } from './lib';
import { startup, type StartupRow } from './startup';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
	const i = args.indexOf(`--${name}`);
	return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : dflt;
};
const quick = args.includes('--quick');
const FULL = 1000;
const wasmEpochs = Number(opt('epochs', quick ? '100' : String(FULL)));
const tsEpochs = Number(opt('ts-epochs', quick ? '1' : '4'));
const torchEpochs = Number(opt('torch-epochs', quick ? '5' : '20'));
const sizes = opt('R', '1,64,1024').split(',').map(Number);
const jsonFile = opt('json', '');
const noTorch = args.includes('--no-torch');
const startupOnly = args.includes('--startup-only');

const cfg = parseConfig({ seed: 0 });
const spe = stepsPerEpoch(cfg);
const cores = availableParallelism?.() ?? cpus().length;

interface SingleRow {
	engine: string;
	epochs_run: number;
	seconds_run: number;
	steps_per_s: number;
	seconds_1000_epochs: number;
	extrapolated: boolean;
	speedup_vs_torch?: number;
	final?: { test_acc: number; test_loss: number };
	/** CPU seconds of this process during the run (in-process engines only): less sensitive to load. */
	cpu_seconds_run?: number;
}

function single(engine: string, epochs: number, secs: number, final?: SingleRow['final']): SingleRow {
	return { engine, epochs_run: epochs, seconds_run: secs, steps_per_s: (epochs * spe) / secs, seconds_1000_epochs: (secs * FULL) / epochs, extrapolated: epochs !== FULL, final };
}

async function wasmRun(name: 'wasm' | 'wasm-scalar', epochs: number): Promise<SingleRow> {
	const e = await createEngine(name);
	await e.init(cfg);
	await e.step(spe); // compile and warm up outside the timing (then start again)
	await e.init(cfg);
	const c0 = cpuSeconds();
	const [r, secs] = await secondsAsync(() => e.step(epochs * spe));
	const cpu = cpuSeconds() - c0;
	const last = r.epochs.at(-1)!;
	return { ...single(name === 'wasm' ? `WASM SIMD (${hasSimd() ? 'simd' : 'scalar'})` : 'WASM scalar', epochs, secs, { test_acc: last.test_acc, test_loss: last.test_loss }), cpu_seconds_run: cpu };
}

function tsRun(epochs: number): SingleRow {
	const t = new Trainer(cfg);
	const c0 = cpuSeconds();
	const [r, secs] = seconds(() => t.run(epochs * spe));
	const cpu = cpuSeconds() - c0;
	const last = r.at(-1)!;
	return { ...single('TypeScript reference (float64)', epochs, secs, { test_acc: last.test_acc, test_loss: last.test_loss }), cpu_seconds_run: cpu };
}

function torchRun(epochs: number): SingleRow {
	const r = runReference('train.py', ['--epochs', String(epochs), '--seed', '0']);
	const row = single('PyTorch CPU eager, 1 thread', epochs, r.seconds);
	return row;
}

interface PopRow {
	R: number;
	wasm_model_steps_per_s: number;
	wasm_seconds: number;
	wasm_steps: number;
	/** Model-steps per CPU second of the whole process (all workers): what the pool gets out of a core. */
	wasm_model_steps_per_cpu_s: number;
	torch_model_steps_per_s?: number;
	ratio_vs_torch?: number;
	/** the torch thread count of the better PyTorch figure (1 or one per core) */
	torch_threads?: number;
}

async function population(R: number, torchOk: boolean): Promise<PopRow> {
	const pop = await createPopulationEngine('wasm', { workers: cores });
	await pop.init(
		cfg,
		Array.from({ length: R }, (_, i) => ({ seed: i }))
	);
	// Whole epochs (with their evaluation): about 200k model-steps (50k with --quick).
	const epochs = Math.max(1, Math.round((quick ? 50_000 : 200_000) / (R * spe)));
	await pop.step(spe); // warm-up epoch (the workers' code tiers up)
	const c0 = cpuSeconds();
	const [, secs] = await secondsAsync(() => pop.step(epochs * spe));
	const cpu = cpuSeconds() - c0;
	pop.dispose();
	const work = R * epochs * spe;
	const row: PopRow = { R, wasm_model_steps_per_s: work / secs, wasm_seconds: secs, wasm_steps: epochs * spe, wasm_model_steps_per_cpu_s: work / cpu };
	if (torchOk) {
		const steps = Math.max(5, Math.min(100, Math.round((quick ? 500 : 1500) / R))); // (plus its own 10 warm-up steps)
		// PyTorch at one thread and at one per core, and the better of the two: on a busy machine its
		// OpenMP threads spin-wait for each other and 2 threads can be 25× slower than 1 (measured here at
		// load 16: 67 vs 1.7 k model-steps/s at R = 64), so the comparison is against PyTorch's best showing.
		const runs = [...new Set([1, cores])].map((n) => {
			const threads = String(n);
			const t = runReference('population_bench.py', ['--device', 'cpu', '--R', String(R), '--steps', String(steps), '--threads', threads], { OMP_NUM_THREADS: threads, MKL_NUM_THREADS: threads });
			return { threads: n, rate: t.model_steps_per_s as number };
		});
		const best = runs.reduce((a, b) => (b.rate > a.rate ? b : a));
		row.torch_model_steps_per_s = best.rate;
		row.torch_threads = best.threads;
		row.ratio_vs_torch = row.wasm_model_steps_per_s / best.rate;
	}
	return row;
}

async function main() {
	const log = (s: string) => console.log(s);
	const missing = noTorch ? 'skipped (--no-torch)' : torchMissing();
	log(`Flatland CPU bench: default config (${spe} steps/epoch, evaluation on ${2 * cfg.n} sequences after each), node ${process.version}, ${cores} core(s), WebAssembly SIMD ${hasSimd() ? 'available' : 'NOT available'}${quick ? ', --quick' : ''}`);
	// Wall-clock timings: other processes on the machine slow every engine down (not all equally).
	const load0 = loadavg()[0];
	log(`load average before: ${load0.toFixed(2)} (timings are wall-clock; a busy machine slows them all)`);
	log('Start-up: whole processes, one after another ...');
	const starts: StartupRow[] = startup(quick ? 3 : 7, !missing);
	log(`\nStart-up, whole process (median of ${starts[0].runs} runs; CPU = user + system of the process):`);
	log(table([['command', 'wall', 'fastest', 'CPU'], ...starts.map((r) => [r.command, `${r.wall_s.toFixed(3)} s`, `${r.min_wall_s.toFixed(3)} s`, `${r.cpu_s.toFixed(3)} s`])]));
	log('');
	if (startupOnly) {
		if (jsonFile) writeFileSync(jsonFile, JSON.stringify({ date: new Date().toISOString(), node: process.version, cores, load_average: { before: load0, after: loadavg()[0] }, torch: missing ?? 'ok', startup: starts }, null, 2));
		return;
	}
	const rows: SingleRow[] = [];
	if (!missing) {
		log(`PyTorch: reference/train.py --epochs ${torchEpochs} ...`);
		rows.push(torchRun(torchEpochs));
	} else log(`PyTorch reference not run: ${missing}`);
	log(`TypeScript reference: ${tsEpochs} epoch(s) ...`);
	rows.push(tsRun(tsEpochs));
	log(`WASM scalar: ${wasmEpochs} epochs ...`);
	rows.push(await wasmRun('wasm-scalar', wasmEpochs));
	log(`WASM SIMD: ${wasmEpochs} epochs ...`);
	rows.push(await wasmRun('wasm', wasmEpochs));
	const torch = rows.find((r) => r.engine.startsWith('PyTorch'));
	for (const r of rows) if (torch) r.speedup_vs_torch = torch.seconds_1000_epochs / r.seconds_1000_epochs;

	log('\nOne run, one core:');
	log(
		table([
			['engine', 'steps/s', '1000 epochs', 'measured on', '× PyTorch', 'CPU s / 1000 epochs'],
			...rows.map((r) => [
				r.engine,
				fmt(r.steps_per_s),
				`${r.seconds_1000_epochs.toFixed(2)} s${r.extrapolated ? ' *' : ''}`,
				`${r.epochs_run} epochs`,
				r.speedup_vs_torch ? `${r.speedup_vs_torch.toFixed(1)}×` : '-',
				r.cpu_seconds_run !== undefined ? ((r.cpu_seconds_run * FULL) / r.epochs_run).toFixed(2) : '-'
			])
		])
	);
	if (rows.some((r) => r.extrapolated)) log('* extrapolated linearly from the epochs measured');

	const pops: PopRow[] = [];
	for (const R of sizes) {
		log(`population R = ${R} ...`);
		pops.push(await population(R, !missing));
	}
	log(`\nPopulations, ${cores} WASM worker(s); PyTorch at 1 and ${cores} thread(s), the better shown (threads in brackets); model-steps/s, WASM with per-epoch evaluation included, PyTorch training steps only:`);
	log(
		table([
			['R', 'WASM SIMD pool', 'PyTorch CPU', '× PyTorch', 'WASM per CPU-second'],
			...pops.map((p) => [
				String(p.R),
				fmt(p.wasm_model_steps_per_s),
				p.torch_model_steps_per_s ? `${fmt(p.torch_model_steps_per_s)} (${p.torch_threads})` : '-',
				p.ratio_vs_torch ? `${p.ratio_vs_torch.toFixed(1)}×` : '-',
				fmt(p.wasm_model_steps_per_cpu_s)
			])
		])
	);
	log(`\nload average after: ${loadavg()[0].toFixed(2)}`);
	if (jsonFile) {
		const load = { before: load0, after: loadavg()[0] };
		writeFileSync(jsonFile, JSON.stringify({ date: new Date().toISOString(), node: process.version, cores, load_average: load, simd: hasSimd(), quick, torch: missing ?? 'ok', startup: starts, single: rows, populations: pops }, null, 2));
		log(`\nwrote ${jsonFile}`);
	}
}

main().then(
	() => process.exit(0),
	(e) => {
		console.error(e);
		process.exit(1);
	}
);
