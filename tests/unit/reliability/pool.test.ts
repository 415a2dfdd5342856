/**
 * The population pool's watchdog and the sweep runner's retry: a worker that stops answering (no
 * error event) fails its calls with WorkerCrashedError; the runner trains that population again on a
 * fresh worker and the records equal those of an undisturbed sweep.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/lib/core/config';
import { WasmPoolPopulation, type SpawnPoolWorker } from '../../../src/lib/engines/wasm-pool';
import { poolHost } from '../../../src/lib/engines/wasm-pool-host';
import { calledMethod } from '../../../src/lib/engines/rpc';
import { channelWorker } from '../helpers/channel-worker';
import { WorkerCrashedError, type Watchdog } from '../../../src/lib/engines/watchdog';
import { runSweep } from '../../../src/lib/experiments/runner';
import type { RunRecord } from '../../../src/lib/experiments/record';
import { parseSpec, planRuns } from '../../../src/lib/experiments/spec';

const quick: Watchdog = { minMs: 150, factor: 20, otherMs: 300 };

/**
 * Workers that run the real pool host in this thread; `silent(worker, step)` says whether the
 * worker-th worker spawned (1-based) goes quiet at its step-th step request, as if killed.
 */
function fakeWorkers(silent: (worker: number, step: number) => boolean, how: 'silent' | 'exit' = 'silent') {
	let spawned = 0;
	let terminated = 0;
	const spawn: SpawnPoolWorker = async () => {
		const me = ++spawned;
		let steps = 0;
		let gone = false;
		const w = channelWorker(poolHost(), (m) => {
			if (gone) return false;
			if (calledMethod(m) === 'step' && silent(me, ++steps)) {
				gone = true;
				// A worker_thread that dies says so ('exit'); a killed Web Worker may not.
				if (how === 'exit') setTimeout(() => w.crash(new WorkerCrashedError('a population worker exited with code 1')), 5);
				return false;
			}
			return true;
		});
		return {
			...w,
			terminate: () => {
				terminated++;
				gone = true;
				w.terminate();
			}
		};
	};
	return { spawn, spawned: () => spawned, terminated: () => terminated };
}

const cfg = parseConfig({ n: 64, batch: 16, h: 8, epochs: 3 });
const members = [{ seed: 0 }, { seed: 1, lr: 0.01 }];
const withoutSeconds = (rs: RunRecord[]) => rs.map(({ seconds: _s, ...r }) => r).sort((a, b) => a.id.localeCompare(b.id));

describe('population pool watchdog', () => {
	it('fails a step that goes unanswered with WorkerCrashedError, and the next init starts a fresh worker', async () => {
		const fake = fakeWorkers((w, s) => w === 1 && s === 2);
		const clean = new WasmPoolPopulation('wasm', 1, { spawn: fakeWorkers(() => false).spawn, watchdog: quick });
		const pool = new WasmPoolPopulation('wasm', 1, { spawn: fake.spawn, watchdog: quick });
		try {
			await clean.init(cfg, members);
			await pool.init(cfg, members);
			await pool.step(4);
			const t0 = performance.now();
			const err = await pool.step(4).catch((e) => e);
			expect(err).toBeInstanceOf(WorkerCrashedError);
			expect(err.message).toMatch(/stopped answering \(no reply to step/);
			expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
			expect(fake.terminated()).toBe(1);
			// Later calls fail at once, without waiting again.
			await expect(pool.params()).rejects.toBeInstanceOf(WorkerCrashedError);

			await pool.init(cfg, members);
			expect(fake.spawned()).toBe(2);
			const [a, b] = [await pool.step(8), await clean.step(8)];
			expect(a).toEqual(b);
			expect(await pool.params()).toEqual(await clean.params());
		} finally {
			pool.dispose();
			clean.dispose();
		}
	});

	it('learns its patience from the steps so far: a slow but answering worker is not a false alarm', async () => {
		// Steps answered after 200 ms each, above minMs (150): the first gets otherMs (300), the
		// next factor × the measured time.
		const slow: SpawnPoolWorker = async () => channelWorker(poolHost(), () => true, 200);
		const pool = new WasmPoolPopulation('wasm', 1, { spawn: slow, watchdog: quick });
		try {
			await pool.init(cfg, members);
			for (let i = 0; i < 3; i++) await pool.step(4);
			expect((await pool.evaluate()).length).toBe(2);
		} finally {
			pool.dispose();
		}
	});
});

describe('sweep runner retry', () => {
	const spec = parseSpec({ name: 'r', base: { n: 64, batch: 16, h: 8, epochs: 3 }, grid: { lr: [0.003, 0.03] }, seeds: [0, 1] });

	async function sweep(silent: (worker: number, step: number) => boolean, how: 'silent' | 'exit' = 'silent') {
		const fake = fakeWorkers(silent, how);
		const records: RunRecord[] = [];
		const retries: string[] = [];
		const result = runSweep(spec, planRuns(spec), {
			createEngine: async () => new WasmPoolPopulation('wasm', 1, { spawn: fake.spawn, watchdog: how === 'silent' ? quick : null }),
			membersPerPopulation: 2,
			chunkEpochs: 1,
			done: new Map(),
			onRecord: (r) => void records.push(r),
			onRetry: (m) => void retries.push(m)
		});
		return { result, records, retries, fake };
	}

	it('trains a population whose worker went silent again on a new one; the records equal an undisturbed sweep', async () => {
		const clean = await sweep(() => false);
		await clean.result;
		const hit = await sweep((w, s) => w === 1 && s === 2);
		await hit.result;
		expect(hit.retries).toHaveLength(1);
		expect(hit.retries[0]).toMatch(/stopped answering.*training its 2 runs .* again on a new worker/);
		expect(hit.records).toHaveLength(4);
		expect(new Set(hit.records.map((r) => r.id)).size).toBe(4);
		expect(withoutSeconds(hit.records)).toEqual(withoutSeconds(clean.records));
	});

	it('without a watchdog (node), a worker that exits is retried the same way', async () => {
		const clean = await sweep(() => false, 'exit');
		await clean.result;
		const hit = await sweep((w, s) => w === 1 && s === 3, 'exit');
		await hit.result;
		expect(hit.retries).toEqual([expect.stringMatching(/exited with code 1; training its 2 runs/)]);
		expect(withoutSeconds(hit.records)).toEqual(withoutSeconds(clean.records));
	});

	it('gives up with the crash when the retry fails too', async () => {
		const hit = await sweep((w) => w <= 2);
		await expect(hit.result).rejects.toBeInstanceOf(WorkerCrashedError);
		expect(hit.retries).toHaveLength(1);
		expect(hit.records).toHaveLength(0);
	});
});
