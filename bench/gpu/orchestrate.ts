/**
 * `run`: the whole GPU measurement inside one time budget. Each step is a child process (this same
 * script: adapter, parity, population at one R; python for PyTorch), so that a device loss, a crash
 * or a hang costs one figure and is reported, and the run still ends with its table on time.
 *
 * Order: what the kit was built from; the Vulkan drivers it was pointed at (and nvidia-smi); the
 * adapter; parity on every fixture; then for each R, WebGPU then PyTorch at that R, so that a run
 * cut short by the budget still has pairs. A size that fails (memory, limits, timeout) stops that
 * engine's larger sizes.
 */
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { emit, parseRecords, type GpuRecord } from './records';
import { summaryTable } from './table';

export interface RunOptions {
	rehearsal: boolean;
	budgetS: number;
	maxR?: number;
	sizes?: number[];
	fixtures?: string;
	reference?: string;
	python: string;
	outDir?: string;
	kitDir?: string;
	/** This bench's own file (the bundle, or main.ts under tsx): the children run it. */
	script: string;
}

/** Sizes on a GPU: the issue's five, then larger while memory (and the budget) allow. */
export const HARDWARE_SIZES = [1, 64, 1024, 16384, 65536, 131072, 524288, 2097152];
/** On a software adapter a population of 256 already takes ~15 s an epoch on two cores. */
export const SOFTWARE_SIZES = [1, 64, 256];

interface ChildResult {
	code: number | null;
	timedOut: boolean;
	records: GpuRecord[];
	stderrTail: string[];
	seconds: number;
}

export async function runAll(o: RunOptions): Promise<number> {
	const started = Date.now();
	const deadline = started + o.budgetS * 1000;
	const left = () => (deadline - Date.now()) / 1000;
	const script = resolve(o.script);
	const kitDir = o.kitDir ?? (existsSync(join(dirname(script), '..', 'MANIFEST.json')) ? resolve(dirname(script), '..') : undefined);
	const root = kitDir ?? process.cwd();
	const fixtures = o.fixtures ?? join(root, kitDir ? 'fixtures' : 'tests/fixtures');
	const reference = o.reference ?? join(root, 'reference', 'population_bench.py');
	const all: GpuRecord[] = [];
	let outFile: string | undefined;
	if (o.outDir) {
		mkdirSync(join(o.outDir, 'logs'), { recursive: true });
		outFile = join(o.outDir, 'gpu-kit.jsonl');
		writeFileSync(outFile, '');
	}
	const out = (r: GpuRecord) => {
		all.push(r);
		emit(r);
		if (outFile) appendFileSync(outFile, JSON.stringify(r) + '\n');
	};
	const say = (line: string) => console.log(`# ${line}`);
	/** A child that failed: its own error record if it wrote one (forwarded already), else one from here; and its stderr. */
	const failed = (phase: string, extra: Record<string, unknown>, c: ChildResult) => {
		if (c.records.some((r) => r.kind === 'error')) out({ kind: 'diagnostic', what: 'stderr', phase, ...extra, lines: c.stderrTail });
		else out({ kind: 'error', phase, ...extra, message: c.timedOut ? `timed out after ${c.seconds.toFixed(0)} s (killed)` : `exited with code ${c.code}`, stderr: c.stderrTail });
	};

	const child = (name: string, args: string[], timeoutS: number, env: NodeJS.ProcessEnv = {}, forward = true): Promise<ChildResult> =>
		runChild(name, process.execPath, [...nodeFlags(), ...process.execArgv, script, ...args], timeoutS, env, o.outDir, (r) => forward && typeof r.kind === 'string' && out(r));

	const manifest = kitDir && existsSync(join(kitDir, 'MANIFEST.json')) ? JSON.parse(readFileSync(join(kitDir, 'MANIFEST.json'), 'utf8')) : null;
	const fixtureFiles = existsSync(fixtures) ? readdirSync(fixtures).filter((f) => f.endsWith('.json')).sort() : [];
	out({ kind: 'kit', manifest, node: process.version, platform: `${process.platform}-${process.arch}`, rehearsal: o.rehearsal, budget_s: o.budgetS, fixtures, fixture_files: fixtureFiles, reference, started: new Date(started).toISOString() });
	out({ kind: 'diagnostic', what: 'vulkan', ...vulkanDiagnostic() });
	const smi = nvidiaSmi();
	if (smi) out({ kind: 'diagnostic', what: 'nvidia-smi', lines: smi });

	let exit = 0;
	let software = false;
	// Whatever goes wrong in here, the run still ends with its summary and table.
	try {
		// The adapter. Without one, the Vulkan loader says why (VK_LOADER_DEBUG) and only PyTorch runs.
		say('adapter');
		const ad = await child('adapter', ['adapter'], Math.min(60, left()));
		const adapter = ad.records.find((r) => r.kind === 'adapter');
		let webgpu = !!adapter;
		if (!adapter) {
			exit = 4;
			failed('adapter', {}, ad);
			const dbg = await child('adapter-vk-loader-debug', ['adapter'], Math.min(30, left()), { VK_LOADER_DEBUG: 'error,warn,driver' }, false);
			out({ kind: 'diagnostic', what: 'VK_LOADER_DEBUG=error,warn,driver', lines: dbg.stderrTail });
		} else {
			say(`adapter: ${adapter.vendor} / ${adapter.architecture} / ${adapter.device} / ${adapter.description}${adapter.software ? ' (SOFTWARE)' : ''}; timestamps ${adapter.timestamps ? 'on' : 'off'}`);
			say(`device limits (all of them in the adapter record): ${keyLimits(adapter.device_limits as Record<string, number> | undefined)}`);
		}
		software = adapter?.software === true;
		if (software && !o.rehearsal) {
			webgpu = false;
			exit = 3;
			out({ kind: 'refused', phase: 'webgpu', reason: 'the adapter is a software rasteriser (SwiftShader/llvmpipe): its speed says nothing about a GPU. Parity still runs; pass --rehearsal (or KIT_REHEARSAL=1) to measure it anyway.' });
		}

		// Parity on every fixture (also on a software adapter: correctness is worth knowing).
		if (adapter) {
			say(`parity on every fixture in ${fixtures}`);
			const p = await child('parity', ['parity', '--fixtures', fixtures], Math.min(150, left() - 10));
			const rows = p.records.filter((r) => r.kind === 'parity');
			if (p.code !== 0 || !rows.length) exit ||= 1;
			// A failing fixture explains a non-zero exit; anything else (a crash, a timeout) is an error here.
			if (!rows.length || p.timedOut || (p.code !== 0 && rows.every((r) => r.pass))) failed('parity', {}, p);
		}

		// PyTorch: which device, if any.
		const torch = await torchInfo(o.python, reference, o.rehearsal, Math.min(90, left() - 10));
		out({ kind: 'torch', ...torch });
		if (torch.device) say(`PyTorch ${torch.torch} on ${torch.device}${torch.device === 'cpu' ? ' (rehearsal: this machine has no CUDA; the figures are not the GPU comparison)' : ` (${torch.device_name})`}`);
		else say(`PyTorch reference skipped: ${torch.reason}`);

		const sizes = (o.sizes ?? (software ? SOFTWARE_SIZES : HARDWARE_SIZES)).filter((r) => r <= (o.maxR ?? Infinity));
		let torchOn = !!torch.device;
		let torchSteps = torch.device === 'cuda' ? 100 : 10;
		/** Seconds a child may run: its cap, or what the budget has left (then a kill is the budget's doing, not a hang). */
		const allowance = (cap: number, reserve: number) => ({ seconds: Math.min(cap, left() - reserve), byBudget: left() - reserve < cap });
		const lastStage = (c: ChildResult) => {
			const p = c.records.filter((r) => r.kind === 'progress').at(-1);
			return p ? `; it had finished: ${p.stage} (${Number(p.seconds).toFixed(1)} s)` : '; it had not finished init';
		};
		for (const R of sizes) {
			if (left() < 15) {
				out({ kind: 'skip', phase: 'sizes', R, reason: `time budget (${o.budgetS} s) spent: ${left().toFixed(0)} s left` });
				break;
			}
			if (webgpu) {
				say(`WebGPU population R = ${R}`);
				const a = allowance(120, 8);
				const w = await child(`webgpu-R${R}`, ['population', '--R', String(R), ...(software ? ['--max-epochs', '1', '--target-s', '0'] : [])], a.seconds);
				const fig = w.records.find((r) => r.kind === 'figure');
				const limit = w.records.find((r) => r.kind === 'skip');
				if (!fig) {
					webgpu = false;
					if (w.timedOut && a.byBudget) out({ kind: 'skip', phase: 'webgpu', R, reason: `time budget: stopped after ${w.seconds.toFixed(0)} s, when the budget ran out${lastStage(w)}` });
					else if (!limit) {
						exit ||= 1;
						failed('webgpu', { R, ...(w.timedOut ? { progress: lastStage(w).slice(2) } : {}) }, w);
					}
					out({ kind: 'skip', phase: 'webgpu', above_R: R, reason: `larger sizes not tried after R = ${R}` });
				} else if (!(fig.check as { pass: boolean }).pass || !fig.metrics_finite) exit ||= 1;
			}
			if (torchOn && left() > 10) {
				say(`PyTorch ${torch.device} population R = ${R} (${torchSteps} steps)`);
				const a = allowance(90, 5);
				const t = await runChild(`torch-R${R}`, o.python, [reference, '--device', torch.device!, '--R', String(R), '--steps', String(torchSteps)], a.seconds, {}, o.outDir, () => {});
				const res = [...t.records].reverse().find((r) => typeof r.model_steps_per_s === 'number');
				if (res) {
					out({ kind: 'figure', engine: 'torch', device: torch.device, device_name: torch.device_name, software: false, R, steps: res.steps ?? torchSteps, seconds: res.seconds, model_steps_per_s: res.model_steps_per_s, includes: 'training steps only (no evaluation)', raw: res });
					const ms = Number(res.ms_per_step ?? (1000 * Number(res.seconds)) / torchSteps);
					if (ms > 0) torchSteps = Math.max(torch.device === 'cuda' ? 20 : 5, Math.min(torch.device === 'cuda' ? 500 : 40, Math.round((torch.device === 'cuda' ? 2000 : 1000) / ms)));
				} else {
					torchOn = false;
					const oom = t.stderrTail.some((l) => /out of memory|OutOfMemoryError|CUBLAS_STATUS_ALLOC_FAILED/i.test(l));
					// Running out of memory is where "larger while memory allows" ends; a crash is an error.
					if (oom) out({ kind: 'skip', phase: 'torch', R, reason: 'out of memory', limit: true, stderr: t.stderrTail.slice(-3) });
					else if (t.timedOut && a.byBudget) out({ kind: 'skip', phase: 'torch', R, reason: `time budget: stopped after ${t.seconds.toFixed(0)} s, when the budget ran out` });
					else out({ kind: 'error', phase: 'torch', R, message: t.timedOut ? `timed out after ${t.seconds.toFixed(0)} s (killed)` : `exited with code ${t.code}`, stderr: t.stderrTail });
					out({ kind: 'skip', phase: 'torch', above_R: R, reason: `larger sizes not tried after R = ${R}` });
				}
			}
		}
	} catch (e) {
		exit ||= 1;
		out({ kind: 'error', phase: 'run', message: String((e as Error)?.message ?? e).split('\n')[0] });
	}

	const smiAfter = nvidiaSmi(); // clocks and power after the load: throttling shows here
	if (smiAfter) out({ kind: 'diagnostic', what: 'nvidia-smi after', lines: smiAfter });
	const wall = (Date.now() - started) / 1000;
	out({ kind: 'summary', exit_code: exit, wall_s: wall, budget_s: o.budgetS, software, rehearsal: o.rehearsal });
	const table = summaryTable(all);
	console.log(table);
	if (o.outDir) writeFileSync(join(o.outDir, 'summary.txt'), table + '\n');
	return exit;
}

const KEY_LIMITS = ['maxStorageBufferBindingSize', 'maxBufferSize', 'maxComputeWorkgroupsPerDimension', 'maxComputeInvocationsPerWorkgroup', 'maxComputeWorkgroupStorageSize', 'maxStorageBuffersPerShaderStage'];
const keyLimits = (l: Record<string, number> | undefined) => (l ? KEY_LIMITS.map((k) => `${k} ${l[k]}`).join(', ') : 'unknown');

/** Heap for populations of millions (their per-member metrics are JS objects): half the machine, at most 16 GiB. */
function nodeFlags(): string[] {
	const mb = Math.min(16384, Math.floor(totalmem() / 2 / 2 ** 20));
	return mb > 4096 ? [`--max-old-space-size=${mb}`] : [];
}

function runChild(name: string, cmd: string, args: string[], timeoutS: number, env: NodeJS.ProcessEnv, outDir: string | undefined, forward: (r: GpuRecord) => void): Promise<ChildResult> {
	const t0 = Date.now();
	return new Promise((done) => {
		if (timeoutS <= 1) return done({ code: null, timedOut: true, records: [], stderrTail: ['not started: no time left in the budget'], seconds: 0 });
		const p = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
		const records: GpuRecord[] = [];
		let stdout = '';
		let stderr = '';
		let timedOut = false;
		p.stdout.on('data', (b: Buffer) => {
			stdout += b.toString();
			const lines = stdout.split('\n');
			stdout = lines.pop()!;
			for (const r of parseRecords(lines.join('\n'), true)) records.push(r), forward(r);
		});
		p.stderr.on('data', (b: Buffer) => {
			stderr += b.toString();
			if (stderr.length > 1 << 20) stderr = stderr.slice(-(1 << 19));
		});
		const timer = setTimeout(() => {
			timedOut = true;
			p.kill('SIGTERM');
			setTimeout(() => p.kill('SIGKILL'), 3000).unref();
		}, timeoutS * 1000);
		const finish = (code: number | null) => {
			clearTimeout(timer);
			for (const r of parseRecords(stdout, true)) records.push(r), forward(r);
			if (outDir) writeFileSync(join(outDir, 'logs', `${name}.stderr.log`), stderr);
			const tail = stderr
				.split('\n')
				.filter((l) => l.trim() && !/XDG_RUNTIME_DIR/.test(l))
				.slice(-25);
			done({ code, timedOut, records, stderrTail: tail, seconds: (Date.now() - t0) / 1000 });
		};
		p.on('error', (e) => {
			stderr += `\n${e.message}`;
			finish(null);
		});
		p.on('close', finish);
	});
}

/** Which Vulkan drivers the loader was pointed at, and what each names as its library. */
function vulkanDiagnostic(): Record<string, unknown> {
	const files = (process.env.VK_ICD_FILENAMES ?? process.env.VK_DRIVER_FILES ?? '').split(':').filter(Boolean);
	return {
		VK_ICD_FILENAMES: process.env.VK_ICD_FILENAMES ?? null,
		LD_LIBRARY_PATH: process.env.LD_LIBRARY_PATH ?? null,
		NVIDIA_DRIVER_CAPABILITIES: process.env.NVIDIA_DRIVER_CAPABILITIES ?? null,
		icds: files.map((f) => {
			try {
				const j = JSON.parse(readFileSync(f, 'utf8'));
				return { file: f, library_path: j.ICD?.library_path ?? null, api_version: j.ICD?.api_version ?? null };
			} catch (e) {
				return { file: f, error: (e as Error).message };
			}
		})
	};
}

function nvidiaSmi(): string[] | undefined {
	const r = spawnSync('nvidia-smi', ['--query-gpu=name,driver_version,memory.total,memory.used,utilization.gpu,clocks.sm,clocks.max.sm,power.draw', '--format=csv'], { encoding: 'utf8', timeout: 20000 });
	if (r.error || r.status !== 0) return undefined;
	return r.stdout.trim().split('\n');
}

interface TorchInfo {
	device?: 'cuda' | 'cpu';
	torch?: string;
	cuda_version?: string | null;
	device_name?: string | null;
	reason?: string;
	script: string;
}

async function torchInfo(python: string, script: string, rehearsal: boolean, timeoutS: number): Promise<TorchInfo> {
	if (!existsSync(script)) return { script, reason: `${script} is missing (the kit was built without reference/population_bench.py)` };
	const code =
		'import json, torch\n' +
		'c = torch.cuda.is_available()\n' +
		"print(json.dumps({'kind': 'torch', 'torch': torch.__version__, 'cuda': c, 'cuda_version': torch.version.cuda, 'device_name': torch.cuda.get_device_name(0) if c else None}))";
	const r = spawnSync(python, ['-c', code], { encoding: 'utf8', timeout: Math.round(Math.max(1, timeoutS) * 1000) });
	if ((r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT') return { script, reason: `${python} -c 'import torch' did not finish within ${timeoutS.toFixed(0)} s` };
	if (r.error || r.status !== 0) return { script, reason: `${python} cannot import torch: ${(r.error?.message ?? r.stderr ?? '').trim().split('\n').at(-1)}` };
	const info = parseRecords(r.stdout)[0] ?? {};
	const base = { script, torch: info.torch as string, cuda_version: info.cuda_version as string | null, device_name: info.device_name as string | null };
	if (info.cuda) return { ...base, device: 'cuda' };
	if (rehearsal) return { ...base, device: 'cpu' };
	return { ...base, reason: 'torch sees no CUDA device (on CPU its figures would not be the GPU comparison; --rehearsal runs it on CPU)' };
}
