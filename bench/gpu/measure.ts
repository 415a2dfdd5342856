/**
 * What one process of the GPU bench measures, each printed as JSON lines (see records.ts):
 * the adapter, parity on fixtures, and population throughput at one R. The engines come from the
 * factory (src/lib/engines/index.ts), never from their files, so the kit follows their refactors.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig, stepsPerEpoch, type Config } from '../../src/lib/core/config';
import { TRAJ_TOL, loadFixture } from '../../src/lib/core/fixture';
import type { EpochMetrics } from '../../src/lib/core/metrics';
import { layout } from '../../src/lib/core/params';
import { createEngine, createPopulationEngine } from '../../src/lib/engines';
import { runParity } from '../../src/lib/engines/parity';
import type { PopulationEngine } from '../../src/lib/engines/types';
import { installNodeGpu } from '../../src/lib/engines/webgpu/node-gpu';
import { describeAdapter } from './adapter';
import { GpuRecorder, instrumentWebGPU, summarizeDispatches } from './instrument';
import { emit, type Emit } from './records';

/** Dawn as navigator.gpu, watched by a recorder. Throws a one-line reason when there is no adapter. */
export async function setupGpu(dawnFlags: string[]): Promise<GpuRecorder> {
	if (!(await installNodeGpu(dawnFlags))) throw new Error("Dawn (dawn.node) failed to load: see the loader's message above");
	// KIT_TIMESTAMPS=0: no timestamp queries (per-submit wall times only), should they misbehave on a device.
	const rec = instrumentWebGPU({ timestamps: process.env.KIT_TIMESTAMPS !== '0' });
	const gpu = (globalThis as unknown as { navigator: { gpu: GPU } }).navigator.gpu;
	const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
	if (!adapter) throw new Error('navigator.gpu.requestAdapter() returned null: no Vulkan driver gave an adapter (VK_ICD_FILENAMES=' + (process.env.VK_ICD_FILENAMES ?? 'unset') + ')');
	rec.adapter = describeAdapter(adapter);
	return rec;
}

/** The adapter, then the device the engine gets (its limits and whether timestamps are on). */
export async function probeAdapter(rec: GpuRecorder, out: Emit = emit): Promise<void> {
	const engine = await createEngine('webgpu'); // acquires the shared device, as every run does
	try {
		await engine.init(parseConfig({ n: 64, batch: 8, h: 4 }));
	} finally {
		engine.dispose();
	}
	out({ kind: 'adapter', ...rec.adapter!, timestamps: rec.timestamps, device_limits: rec.deviceLimits, device_lost: rec.deviceLost ?? null });
}

/** Every fixture in `dir` through the WebGPU engine (gradients 1e-4, 50-step trajectory 1e-3). Returns the number that failed. */
export async function parityAll(rec: GpuRecorder, dir: string, out: Emit = emit): Promise<number> {
	const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
	if (!files.length) throw new Error(`no fixtures (*.json) in ${dir}`);
	let failed = 0;
	for (const f of files) {
		const name = f.replace(/\.json$/, '');
		const m = rec.mark();
		const t0 = performance.now();
		try {
			const fx = loadFixture(JSON.parse(readFileSync(join(dir, f), 'utf8')), name);
			const engine = await createEngine('webgpu');
			try {
				const r = await runParity(engine, fx);
				await rec.settle();
				if (!r.pass) failed++;
				out({
					kind: 'parity',
					fixture: name,
					pass: r.pass,
					max_grad_err: r.max_grad_err,
					max_traj_err: r.max_traj_err,
					grads: r.grads,
					intermediates: r.intermediates,
					seconds: (performance.now() - t0) / 1000,
					dispatches: summarizeDispatches(rec.since(m).dispatches)
				});
			} finally {
				engine.dispose();
			}
		} catch (e) {
			failed++;
			out({ kind: 'error', phase: 'parity', fixture: name, message: oneLine(e), device_lost: rec.deviceLost ?? null });
		}
	}
	return failed;
}

export interface PopulationOptions {
	R: number;
	/** Longest measured call, in epochs. */
	maxEpochs: number;
	/** Aim the measured call at about this many seconds (after one measured epoch says how long one takes). */
	targetSeconds: number;
	software: boolean;
}

/**
 * Population training at one R, default config, members seeded 0..R−1: one warm-up epoch (compiles,
 * and its metrics for members 0 and R−1 are checked against the float64 TypeScript engine), one
 * timed epoch, then a longer timed call if one epoch was short. The figure includes what a caller
 * of step() pays: training, the evaluation of every member after every epoch, and the read-back.
 */
export async function measurePopulation(rec: GpuRecorder, o: PopulationOptions, out: Emit = emit): Promise<void> {
	const cfg = parseConfig({});
	const spe = stepsPerEpoch(cfg);
	const P = layout(cfg).total;
	const { R } = o;
	const lim = rec.deviceLimits ?? rec.adapter?.limits ?? {};
	// Adam's two moments are the largest buffer (member-interleaved): refuse sizes the device cannot bind.
	const biggest = 8 * P * R;
	const bind = Math.min(lim.maxStorageBufferBindingSize ?? Infinity, lim.maxBufferSize ?? Infinity);
	if (biggest > bind) {
		out({ kind: 'skip', phase: 'webgpu', R, reason: `Adam state buffer 8·P·R = ${biggest} bytes > maxStorageBufferBindingSize/maxBufferSize ${bind}`, limit: true });
		return;
	}
	const pop = await createPopulationEngine('webgpu');
	try {
		const members = Array.from({ length: R }, (_, i) => ({ seed: i }));
		// Progress records: if the process hangs or dies later, the run still shows how far it got.
		const progress = (stage: string, seconds: number) => out({ kind: 'progress', phase: 'webgpu', R, stage, seconds, device_lost: rec.deviceLost ?? null });
		let t = performance.now();
		await pop.init(cfg, members);
		const initS = (performance.now() - t) / 1000;
		progress('init', initS);
		t = performance.now();
		const warm = await pop.step(spe);
		const warmupS = (performance.now() - t) / 1000;
		progress('warm-up epoch', warmupS);
		const check = await checkAgainstReference(cfg, warm.epochs[0], R);
		// One epoch, timed; then, if that was short, one call of as many epochs as fill the target
		// (at most 2^22 member-epochs: each member's metrics come back as a JS object per epoch).
		let timed = await timedStep(rec, pop, spe);
		const oneEpochS = timed.seconds;
		progress('timed epoch', oneEpochS);
		const most = Math.max(1, Math.min(o.maxEpochs, Math.floor(2 ** 22 / R)));
		const epochs = Math.max(1, Math.min(most, Math.round(o.targetSeconds / Math.max(oneEpochS, 1e-6))));
		if (epochs > 1) timed = await timedStep(rec, pop, epochs * spe);
		const last = timed.report.epochs.at(-1) ?? [];
		const finite = last.length === R && last.every((m) => Number.isFinite(m.loss) && Number.isFinite(m.test_loss));
		const d = summarizeDispatches(timed.dispatches);
		const steps = timed.steps;
		const gpuTrain = d.train?.gpuMsTotal ?? null;
		const gpuEval = d.evaluate?.gpuMsTotal ?? null;
		const busy = timed.submits.reduce((a, s) => a + (s.busyMs ?? 0), 0);
		out({
			kind: 'figure',
			engine: 'webgpu',
			device: adapterName(rec),
			software: o.software,
			R,
			epochs: steps / spe,
			steps,
			seconds: timed.seconds,
			model_steps_per_s: (R * steps) / timed.seconds,
			includes: 'training + evaluation of every member after every epoch + read-back',
			train_gpu_s: gpuTrain === null ? null : gpuTrain / 1000,
			eval_gpu_s: gpuEval === null ? null : gpuEval / 1000,
			queue_busy_s: busy / 1000,
			train_only_model_steps_per_s: gpuTrain ? (R * steps) / (gpuTrain / 1000) : null,
			one_epoch_s: oneEpochS,
			init_s: initS,
			warmup_s: warmupS,
			check,
			metrics_finite: finite,
			diverged: timed.report.diverged.length,
			timestamps: rec.timestamps,
			dispatch_summary: d
		});
		out({ kind: 'dispatches', engine: 'webgpu', R, submits: timed.submits, dispatches: timed.dispatches.slice(0, 400), truncated: Math.max(0, timed.dispatches.length - 400) });
	} finally {
		pop.dispose();
	}
}

async function timedStep(rec: GpuRecorder, pop: PopulationEngine, steps: number) {
	const m = rec.mark();
	const t = performance.now();
	const report = await pop.step(steps);
	const seconds = (performance.now() - t) / 1000;
	await rec.settle();
	return { report, seconds, steps, ...rec.since(m) };
}

/**
 * Members 0 and R−1 after one epoch against the float64 TypeScript engine running the same
 * (config, seed) alone: the member rule, the interleaved buffers' far end and (R > 32,768) the
 * second row of the evaluation dispatch. Losses within the trajectory tolerance (1e-3).
 */
async function checkAgainstReference(cfg: Config, epoch1: EpochMetrics[] | undefined, R: number) {
	const out: { member: number; loss_rel_err: number; test_loss_rel_err: number; acc_diff: number }[] = [];
	for (const member of [...new Set([0, R - 1])]) {
		const ts = await createEngine('ts');
		await ts.init({ ...cfg, seed: member });
		const ref = (await ts.step(stepsPerEpoch(cfg))).epochs[0];
		ts.dispose();
		const got = epoch1?.[member];
		const rel = (a: number | undefined, b: number) => (a === undefined ? Infinity : Math.abs(a - b) / Math.abs(b));
		out.push({ member, loss_rel_err: rel(got?.loss, ref.loss), test_loss_rel_err: rel(got?.test_loss, ref.test_loss), acc_diff: got ? Math.abs(got.test_acc - ref.test_acc) : Infinity });
	}
	const pass = out.every((c) => c.loss_rel_err < TRAJ_TOL && c.test_loss_rel_err < TRAJ_TOL);
	return { pass, tol: TRAJ_TOL, members: out };
}

export function adapterName(rec: GpuRecorder): string {
	const a = rec.adapter;
	return a ? [a.vendor, a.architecture, a.device, a.description].filter(Boolean).join(' / ') : '?';
}

export function oneLine(e: unknown): string {
	return String((e as Error)?.message ?? e).split('\n')[0];
}
