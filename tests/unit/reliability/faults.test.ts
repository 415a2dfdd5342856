/**
 * Engine faults: a worker that dies mid-run is replaced and the run resumes from its last
 * checkpoint; a lost WebGPU device falls back to WebAssembly the same way. In both cases the
 * resumed run is compared with an uninterrupted run of the same seed: no epoch lost, same numbers.
 */
import { describe, expect, it } from 'vitest';
import { get } from 'svelte/store';
import { parseConfig, stepsPerEpoch } from '../../../src/lib/core/config';
import { createEngine } from '../../../src/lib/engines/index';
import { WorkerCrashedError, WorkerEngine } from '../../../src/lib/engines/worker';
import { calledMethod } from '../../../src/lib/engines/rpc';
import { engineHost } from '../../../src/lib/engines/worker-host';
import { nodeWorkerEngine } from '../../../src/lib/engines/worker-node';
import { channelWorker } from '../helpers/channel-worker';
import type { Engine, EngineName } from '../../../src/lib/engines/types';
import { Run, type EngineFactory } from '../../../src/lib/stores/run';
import { gpuSkipReason } from '../helpers/webgpu-setup';

const cfg = { seed: 7, n: 128, batch: 16, epochs: 24 };

/**
 * A worker in this thread: requests go to the real worker host (a real engine) over a
 * MessageChannel. `crashOnStep = k` makes the first worker's k-th step request die instead of
 * answering (the error event of a Web Worker whose code threw; `silent`: no event at all).
 */
function fakeWorker(name: EngineName, crashOnStep?: number, silent = false): { factory: EngineFactory; crashes: () => number } {
	let crashes = 0;
	let workers = 0;
	const factory: EngineFactory = async () => {
		const first = workers++ === 0;
		let steps = 0;
		let alive = true;
		const link = channelWorker(engineHost(), (m) => {
			if (!alive) return false;
			if (calledMethod(m) === 'step' && first && crashOnStep !== undefined && ++steps === crashOnStep) {
				alive = false;
				crashes++;
				// Silent: the worker just stops (killed without an error event); only the watchdog notices.
				if (!silent) setTimeout(() => link.crash(new WorkerCrashedError('Uncaught Error: boom (thrown inside the worker)')), 1);
				return false;
			}
			return true;
		});
		const w = new WorkerEngine(link, { minMs: 300, factor: 50, otherMs: 5000 });
		await w.create(name);
		return w;
	};
	return { factory, crashes: () => crashes };
}

async function finalParams(run: Run): Promise<number[]> {
	return Array.from(run.lastCheckpoint()!.params);
}

function contiguous(run: Run, to: number): void {
	expect(get(run.metrics).map((m) => m.epoch)).toEqual(Array.from({ length: to + 1 }, (_, i) => i));
}

describe('a worker that dies mid-run', () => {
	it('is replaced, and the run resumes from its last checkpoint with no epoch lost (fake worker, wasm and ts)', async () => {
		for (const name of ['wasm', 'ts'] as const) {
			const clean = new Run(cfg, fakeWorker(name).factory);
			await clean.reset();
			await clean.trainTo(cfg.epochs, 3);
			const faulty = fakeWorker(name, 4); // dies during the 4th chunk (epochs 10–12)
			const run = new Run(cfg, faulty.factory);
			await run.reset();
			await run.trainTo(cfg.epochs, 3);
			expect(faulty.crashes()).toBe(1);
			expect(get(run.status)).toBe('done');
			expect(get(run.recoveries)).toMatchObject([{ kind: 'worker-crashed', epoch: 9, engine: name }]);
			expect(get(run.message)).toMatch(/continues from epoch 9 \(no epoch lost\)/);
			contiguous(run, cfg.epochs);
			expect(get(run.metrics)).toEqual(get(clean.metrics)); // bit for bit: same engine, same seed
			expect(await finalParams(run)).toEqual(await finalParams(clean));
			run.dispose();
			clean.dispose();
		}
	});

	it('a worker that stops answering without an error event is noticed by the watchdog, replaced, and the run loses no epoch', async () => {
		const clean = new Run(cfg, fakeWorker('wasm').factory);
		await clean.reset();
		await clean.trainTo(cfg.epochs, 3);
		const silent = fakeWorker('wasm', 4, true);
		const run = new Run(cfg, silent.factory);
		await run.reset();
		const t0 = performance.now();
		await run.trainTo(cfg.epochs, 3);
		expect(silent.crashes()).toBe(1);
		expect(performance.now() - t0).toBeGreaterThanOrEqual(300); // waited for the watchdog
		expect(get(run.recoveries)).toMatchObject([{ kind: 'worker-crashed', epoch: 9, engine: 'wasm' }]);
		contiguous(run, cfg.epochs);
		expect(get(run.metrics)).toEqual(get(clean.metrics));
		expect(await finalParams(run)).toEqual(await finalParams(clean));
		run.dispose();
		clean.dispose();
	});

	it('a worker_thread terminated while a step is in flight is restarted; the run matches an uninterrupted one', async () => {
		const threads: Awaited<ReturnType<typeof nodeWorkerEngine>>[] = [];
		const factory: EngineFactory = async () => {
			const w = await nodeWorkerEngine();
			threads.push(w);
			await w.create('wasm');
			return w;
		};
		const clean = new Run(cfg, async () => createEngine('wasm'));
		await clean.reset();
		await clean.trainTo(cfg.epochs, 4);

		const run = new Run(cfg, factory);
		await run.reset();
		await run.trainTo(8, 4);
		// The next chunk is in flight when the thread goes away.
		const done = run.trainTo(cfg.epochs, 4);
		await new Promise((r) => setTimeout(r, 0));
		await threads[0].thread.terminate();
		await done;
		expect(threads.length).toBe(2);
		expect(get(run.recoveries)).toMatchObject([{ kind: 'worker-crashed', engine: 'wasm' }]);
		expect(get(run.recoveries)[0].epoch).toBeGreaterThanOrEqual(8);
		contiguous(run, cfg.epochs);
		expect(get(run.metrics)).toEqual(get(clean.metrics));
		expect(await finalParams(run)).toEqual(await finalParams(clean));
		run.dispose();
		clean.dispose();
	}, 60_000);

	it('gives up (status error, message) when every new worker dies too', async () => {
		let made = 0;
		const factory: EngineFactory = async () => {
			made++;
			const e = await createEngine('ts');
			const step = e.step.bind(e);
			let calls = 0;
			e.step = (n) => (++calls >= 1 && made > 0 ? Promise.reject(new WorkerCrashedError('dies every time')) : step(n));
			return e;
		};
		const run = new Run(cfg, factory, { maxRecoveries: 2 });
		await run.reset();
		await run.trainTo(6, 3);
		expect(get(run.status)).toBe('error');
		expect(get(run.message)).toMatch(/dies every time/);
		expect(made).toBe(3); // the first and two replacements
		expect(get(run.metrics).at(-1)!.epoch).toBe(0); // what was there is kept
		expect(get(run.snapshots).length).toBe(1);
		run.dispose();
	});
});

const gpuSkip = await gpuSkipReason();

describe.skipIf(gpuSkip)('a lost WebGPU device', () => {
	it('device.destroy() mid-run: the run falls back to wasm, resumes from the checkpoint, loses no epoch', async () => {
		const { WebGPUEngine } = await import('../../../src/lib/engines/webgpu');
		const { acquireGpu } = await import('../../../src/lib/engines/webgpu/device');
		const c = { seed: 3, n: 64, batch: 16, epochs: 16 };
		const gpu: EngineFactory = async () => new WebGPUEngine();
		const wasm: EngineFactory = async () => createEngine('wasm');

		const clean = new Run(c, gpu);
		await clean.reset();
		await clean.trainTo(c.epochs, 2);
		expect(get(clean.engineName)).toBe('webgpu');

		const run = new Run(c, gpu, { fallback: wasm });
		await run.reset();
		await run.trainTo(6, 2);
		const done = run.trainTo(c.epochs, 2);
		(await acquireGpu()).device.destroy();
		await done;
		expect(get(run.status)).toBe('done');
		const rec = get(run.recoveries);
		expect(rec).toHaveLength(1);
		expect(rec[0]).toMatchObject({ kind: 'gpu-lost', engine: 'wasm' });
		expect(rec[0].epoch).toBeGreaterThanOrEqual(6);
		expect(get(run.engineName)).toBe('wasm');
		expect(get(run.message)).toMatch(/GPU device was lost; training continues on the wasm engine from epoch \d+ \(no epoch lost\)/);
		contiguous(run, c.epochs);
		// Before the loss: the GPU's own numbers; after it: WebAssembly's float32, within rounding of the GPU run.
		const a = get(run.metrics);
		const b = get(clean.metrics);
		for (let e = 0; e <= rec[0].epoch; e++) expect(a[e]).toEqual(b[e]);
		for (let e = rec[0].epoch + 1; e <= c.epochs; e++) {
			expect(Math.abs(a[e].loss - b[e].loss) / b[e].loss).toBeLessThan(1e-3);
			expect(Math.abs(a[e].test_acc - b[e].test_acc)).toBeLessThanOrEqual(2 / c.n);
		}
		const pa = await finalParams(run);
		const pb = await finalParams(clean);
		const num = Math.hypot(...pa.map((v, i) => v - pb[i]));
		expect(num / Math.hypot(...pb)).toBeLessThan(1e-3);
		run.dispose();
		clean.dispose();
	}, 120_000);

	it('resume across engines: a GPU checkpoint continued on wasm matches wasm continued from it', async () => {
		const { WebGPUEngine } = await import('../../../src/lib/engines/webgpu');
		const config = parseConfig({ seed: 5, n: 64, batch: 16, epochs: 8 });
		const spe = stepsPerEpoch(config);
		const g = new WebGPUEngine();
		await g.init(config);
		await g.step(3 * spe);
		const ck = await g.snapshot({ withAdam: true });
		expect(ck.adam!.t).toBe(3 * spe);
		expect(ck.adam!.m.length).toBe(ck.params.length);
		const full = await g.step(2 * spe);
		const w: Engine = await createEngine('wasm');
		await w.init(config, { params: ck.params, resume: { step: ck.step, adam: ck.adam } });
		const resumed = await w.step(2 * spe);
		expect(resumed.step).toBe(full.step);
		expect(resumed.epochs.map((m) => m.epoch)).toEqual([4, 5]);
		resumed.epochs.forEach((m, i) => expect(Math.abs(m.loss - full.epochs[i].loss) / full.epochs[i].loss).toBeLessThan(1e-4));
		g.dispose();
		w.dispose();
	}, 60_000);
});
