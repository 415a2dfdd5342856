/**
 * The Run as a state machine: whatever arrives, in whatever order — play, pause, step, seek, reset,
 * an engine crash, a restored saved run, postMessage commands, keys and clicks on the controls,
 * timers in between — a run trains in one loop at a time (never two engine calls at once), never
 * past its epochs, its snapshots and metrics only move forward, and once the commands stop the
 * controls are usable again and the run can be saved. The engine is the real WebAssembly one, made
 * to answer asynchronously as a worker does.
 */
import fc from 'fast-check';
import { get } from 'svelte/store';
import { describe, expect, it } from 'vitest';
import type { Config } from '../../../src/lib/core/config';
import { createEngine } from '../../../src/lib/engines/index';
import type { Engine } from '../../../src/lib/engines/types';
import { WorkerCrashedError } from '../../../src/lib/engines/watchdog';
import { exportRun, importRun } from '../../../src/lib/persist/format';
import { savedFromRun } from '../../../src/lib/persist/from-run';
import { connectEmbedApi } from '../../../src/lib/stores/embed-api';
import { indexAtEpoch, Run } from '../../../src/lib/stores/run';
import { TsEngine } from '../../../src/lib/engines/ts';

const tick = (ms = 0) => new Promise<void>((r) => setTimeout(r, ms));

/** Engines that answer after a delay (like a worker), counting calls in flight across all of them. */
function instrumented() {
	const w = { inFlight: 0, maxInFlight: 0, steps: 0, crashNext: false, made: 0 };
	const wrap = (e: Engine): Engine => {
		const timed =
			<A extends unknown[], R>(f: (...a: A) => Promise<R>) =>
			async (...a: A): Promise<R> => {
				w.inFlight++;
				w.maxInFlight = Math.max(w.maxInFlight, w.inFlight);
				try {
					await tick(Math.random() < 0.5 ? 0 : 1);
					return await f(...a);
				} finally {
					w.inFlight--;
				}
			};
		return {
			get name() {
				return e.name;
			},
			init: timed((c: Config, o?: Parameters<Engine['init']>[1]) => e.init(c, o)),
			step: timed(async (n: number) => {
				w.steps++;
				if (w.crashNext) {
					w.crashNext = false;
					throw new WorkerCrashedError('injected: the worker died');
				}
				return e.step(n);
			}),
			snapshot: timed((o?: Parameters<Engine['snapshot']>[0]) => e.snapshot(o)),
			evaluate: timed(() => e.evaluate()),
			gradients: (rows) => e.gradients(rows),
			stepBatches: (b) => e.stepBatches(b),
			lossGrid: (...a) => e.lossGrid(...a),
			dispose: () => e.dispose()
		};
	};
	const factory = async () => {
		w.made++;
		return wrap(await createEngine('wasm'));
	};
	return { w, factory };
}

/** What the widgets' buttons allow in a status (TrainControls.svelte, EmbedBar.svelte). */
const playEnabled = (s: string) => s === 'paused' || s === 'running';

const stepEnabled = (s: string) => s === 'paused';

/** Watch a run's stores: metrics epochs never pass the config's, and only go forward within a history. */
function watch(run: Run) {
	const broken: string[] = [];
	const u1 = run.metrics.subscribe((m) => {
		const epochs = get(run.config).epochs;
		for (let i = 0; i < m.length; i++) {
			if (m[i].epoch > epochs) broken.push(`metrics reached epoch ${m[i].epoch} of ${epochs}`);
			if (i > 0 && m[i].epoch <= m[i - 1].epoch) broken.push(`metrics went from epoch ${m[i - 1].epoch} to ${m[i].epoch}`);
		}
	});
	const u2 = run.snapshots.subscribe((s) => {
		const epochs = get(run.config).epochs;
		for (let i = 0; i < s.length; i++) {
			if (s[i].epoch > epochs) broken.push(`a snapshot at epoch ${s[i].epoch} of ${epochs}`);
			if (i > 0 && s[i].step <= s[i - 1].step) broken.push(`snapshots went from step ${s[i - 1].step} to ${s[i].step}`);
		}
	});
	return {
		broken,
		stop() {
			u1();
			u2();
		}
	};
}

/** Wait until the run has stopped doing anything by itself (a loop or a queued step still running). */
async function quiet(run: Run, ms = 20_000): Promise<void> {
	const t0 = Date.now();
	let last = '';
	let same = 0;
	while (Date.now() - t0 < ms) {
		const s = `${get(run.status)} ${get(run.metrics).at(-1)?.epoch}`;
		same = s === last && !['loading', 'running'].includes(get(run.status)) ? same + 1 : 0;
		last = s;
		if (same >= 5) return;
		await tick(5);
	}
	throw new Error(`the run never came to rest: ${get(run.status)} at epoch ${get(run.metrics).at(-1)?.epoch}`);
}

const small = { seed: 2, n: 64, batch: 16, epochs: 12 };

describe('one loop, never past the epochs (the issue\'s reproductions)', () => {
	it('{play}{pause} ×20 then {play}: ends at exactly the run\'s epochs, one engine call at a time', async () => {
		const { w, factory } = instrumented();
		const run = new Run({ ...small, epochs: 30 }, factory);
		const seen = watch(run);
		await run.reset();
		for (let i = 0; i < 20; i++) {
			run.play();
			run.pause();
		}
		run.play();
		await quiet(run);
		expect(seen.broken).toEqual([]);
		expect(get(run.metrics).at(-1)!.epoch).toBe(30);
		expect(get(run.status)).toBe('done');
		expect(w.maxInFlight).toBe(1);
		// The run can be saved (the page threw "snapshots.N.epoch = 31 is past the run's 30 epochs").
		expect(() => importRun(exportRun(savedFromRun(run)!))).not.toThrow();
		seen.stop();
		run.dispose();
	});

	it('five quick Play clicks (and Enter ×5 on the focused button) train one loop', async () => {
		const { w, factory } = instrumented();
		const run = new Run({ ...small, epochs: 15 }, factory);
		const seen = watch(run);
		await run.reset();
		// A click toggles (TrainControls: pause when running, else play).
		const click = () => (get(run.status) === 'running' ? run.pause() : run.play());
		for (let i = 0; i < 5; i++) {
			click();
			await tick(0);
		}
		run.play();
		await quiet(run);
		expect(seen.broken).toEqual([]);
		expect(get(run.metrics).at(-1)!.epoch).toBe(15);
		expect(get(run.status)).toBe('done');
		expect(w.maxInFlight).toBe(1);
		seen.stop();
		run.dispose();
	});

	it('a step asked for while a paused loop still has a chunk in flight waits for it', async () => {
		const { w, factory } = instrumented();
		const run = new Run({ ...small, epochs: 3 }, factory);
		const seen = watch(run);
		await run.reset();
		run.speed.set(2);
		run.play();
		run.pause();
		void run.stepOnce();
		void run.stepOnce();
		run.play();
		await quiet(run);
		expect(seen.broken).toEqual([]);
		expect(get(run.metrics).at(-1)!.epoch).toBe(3);
		expect(w.maxInFlight).toBe(1);
		seen.stop();
		run.dispose();
	});

	it('reset, restore and play arriving together end in one consistent run', async () => {
		const { w, factory } = instrumented();
		const run = new Run(small, factory);
		await run.reset();
		await run.trainTo(5, 1);
		const saved = importRun(exportRun(savedFromRun(run)!));
		const seen = watch(run);
		run.play();
		void run.reset({ seed: 3 });
		run.play();
		void run.restore(saved);
		run.play();
		void run.reset();
		void run.restore(saved);
		await tick(1);
		run.play();
		await quiet(run);
		expect(seen.broken).toEqual([]);
		expect(w.maxInFlight).toBe(1);
		expect(['done', 'paused']).toContain(get(run.status));
		seen.stop();
		run.dispose();
	});

	it('a reset with a bad config says so and leaves the run as it was', async () => {
		const { factory } = instrumented();
		const run = new Run(small, factory);
		await run.reset();
		await run.trainTo(3, 1);
		await run.reset({ p: 99 } as never);
		expect(get(run.message)).toMatch(/p = 99/);
		expect(get(run.metrics).at(-1)!.epoch).toBe(3);
		expect(get(run.status)).toBe('paused');
		run.dispose();
	});
});

type Cmd =
	| { c: 'click-play' | 'key-play' | 'click-step' | 'pause' | 'msg-play' | 'msg-pause' | 'crash' | 'restore' | 'latest' }
	| { c: 'reset'; seed: number }
	| { c: 'seek' | 'msg-seek' | 'train-to'; at: number }
	| { c: 'speed'; n: number }
	| { c: 'wait'; ms: number };

const cmd: fc.Arbitrary<Cmd> = fc.oneof(
	{ weight: 4, arbitrary: fc.constantFrom<Cmd>({ c: 'click-play' }, { c: 'key-play' }, { c: 'msg-play' }) },
	{ weight: 3, arbitrary: fc.constantFrom<Cmd>({ c: 'pause' }, { c: 'msg-pause' }, { c: 'click-step' }, { c: 'latest' }) },
	{ weight: 1, arbitrary: fc.constantFrom<Cmd>({ c: 'crash' }, { c: 'restore' }) },
	{ weight: 1, arbitrary: fc.integer({ min: 0, max: 3 }).map((seed) => ({ c: 'reset' as const, seed })) },
	{ weight: 2, arbitrary: fc.record({ c: fc.constantFrom<'seek' | 'msg-seek' | 'train-to'>('seek', 'msg-seek', 'train-to'), at: fc.integer({ min: 0, max: 14 }) }) },
	{ weight: 1, arbitrary: fc.record({ c: fc.constant<'speed'>('speed'), n: fc.constantFrom(1, 2, 5, 50) }) },
	{ weight: 4, arbitrary: fc.record({ c: fc.constant<'wait'>('wait'), ms: fc.constantFrom(0, 0, 1, 3, 10) }) }
);

/** A fake embedding: the run's window and its parent, so that commands really go through connectEmbedApi. */
function framed(run: Run) {
	const listeners: ((e: MessageEvent) => void)[] = [];
	const parent = { postMessage() {} } as unknown as Window;
	const win = { parent, addEventListener: (_t: string, f: (e: MessageEvent) => void) => listeners.push(f), removeEventListener() {} } as unknown as Window;
	const g = globalThis as unknown as { requestAnimationFrame?: unknown; cancelAnimationFrame?: unknown; document?: unknown };
	g.requestAnimationFrame ??= (f: () => void) => setTimeout(f, 0);
	g.cancelAnimationFrame ??= (id: number) => clearTimeout(id);
	const unwire = connectEmbedApi(run, 'loss', win);
	const send = (data: unknown) => {
		for (const f of listeners) f({ source: parent, data, origin: 'https://host.example' } as unknown as MessageEvent);
	};
	return { send, unwire };
}

describe('random command sequences against a real run', () => {
	it('one loop, epoch ≤ epochs, monotone snapshots, controls usable and the run savable afterwards', async () => {
		const { w, factory } = instrumented();
		const run = new Run(small, factory);
		await run.reset();
		const { send, unwire } = framed(run);
		let saved = importRun(exportRun(savedFromRun(run)!));
		await fc.assert(
			fc.asyncProperty(fc.array(cmd, { minLength: 1, maxLength: 25 }), async (cmds) => {
				const seen = watch(run);
				w.maxInFlight = 0;
				const pending: Promise<unknown>[] = [];
				for (const k of cmds) {
					const s = get(run.status);
					switch (k.c) {
						case 'click-play':
						case 'key-play': // Enter or Space on the focused button: the same click, if the button is enabled
							if (playEnabled(s)) s === 'running' ? run.pause() : run.play();
							break;
						case 'click-step':
							if (stepEnabled(s)) pending.push(run.stepOnce());
							break;
						case 'pause':
							run.pause();
							break;
						case 'latest':
							run.seek(null);
							break;
						case 'msg-play':
							send({ flatland: 1, type: 'play' });
							break;
						case 'msg-pause':
							send({ flatland: 1, type: 'pause' });
							break;
						case 'msg-seek':
							send({ flatland: 1, type: 'seek', epoch: k.at });
							break;
						case 'seek':
							run.seekEpoch(k.at);
							break;
						case 'train-to':
							pending.push(run.trainTo(k.at, 1 + (k.at % 3)));
							break;
						case 'crash':
							w.crashNext = true;
							break;
						case 'restore':
							pending.push(run.restore(saved));
							break;
						case 'reset':
							pending.push(run.reset({ seed: k.seed }));
							break;
						case 'speed':
							run.speed.set(k.n);
							break;
						case 'wait':
							await tick(k.ms);
							break;
					}
				}
				await Promise.all(pending);
				run.pause();
				await quiet(run);
				w.crashNext = false;
				seen.stop();
				expect(seen.broken).toEqual([]);
				expect(w.maxInFlight).toBeLessThanOrEqual(1);
				const status = get(run.status);
				expect(['paused', 'done']).toContain(status);
				const epoch = get(run.metrics).at(-1)?.epoch ?? 0;
				expect(epoch).toBeLessThanOrEqual(small.epochs);
				expect(status === 'done').toBe(epoch >= small.epochs);
				// Controls: Play and Step work when paused; Reset always does.
				if (status === 'paused') {
					await run.stepOnce();
					expect(get(run.metrics).at(-1)!.epoch).toBe(epoch + 1);
				}
				// The run is savable, exactly as SavedRuns does it.
				saved = importRun(exportRun(savedFromRun(run)!));
				await run.reset({ seed: 2 });
				expect(get(run.status)).toBe('paused');
			}),
			{ numRuns: 80, seed: 16, endOnFailure: true }
		);
		unwire();
		run.dispose();
	}, 180_000);
});

describe('trainTo and seek', () => {
	it('trainTo trains, keeps a decimated history, and seekEpoch shows the past exactly', async () => {
		const run = new Run({ seed: 1, n: 128, batch: 32, epochs: 300 }, async () => new TsEngine());
		await run.reset();
		const reached = await run.trainTo(200, 50);
		expect(reached).toBe(200);
		const snaps = get(run.snapshots);
		expect(snaps[0].epoch).toBe(0);
		expect(snaps.at(-1)!.epoch).toBe(200);
		// Every snapshot's params differ from the next; the history is bounded and sorted.
		for (let i = 1; i < snaps.length; i++) expect(snaps[i].epoch).toBeGreaterThan(snaps[i - 1].epoch);
		expect(get(run.current)!.epoch).toBe(200);
		run.seekEpoch(0);
		expect(get(run.current)!.epoch).toBe(0);
		expect(get(run.index)).toBe(0);
		run.seek(null);
		expect(get(run.current)!.epoch).toBe(200);
		run.dispose();
	});
});

describe('the snapshot at an epoch', () => {
	it('indexAtEpoch: latest snapshot at or before an epoch', () => {
		const snaps = [0, 1, 2, 4, 8, 9].map((epoch) => ({ epoch }));
		expect(indexAtEpoch(snaps, 5)).toBe(3);
		expect(indexAtEpoch(snaps, 8)).toBe(4);
		expect(indexAtEpoch(snaps, 100)).toBe(5);
		expect(indexAtEpoch([{ epoch: 3 }], 1)).toBe(0);
		expect(indexAtEpoch([], 1)).toBe(-1);
	});
});
