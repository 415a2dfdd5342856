/**
 * The Run under random command sequences (fast-check): play, pause, step, seek, reset, an engine
 * crash, a restored saved run, postMessage commands, keys and clicks on the controls, timers in
 * between — one loop at a time, never past its epochs, snapshots and metrics only forward, and once
 * the commands stop the controls are usable again and the run can be saved (stores/run.test.ts has
 * the reproductions one by one).
 */
import fc from 'fast-check';
import { get } from 'svelte/store';
import { describe, expect, it } from 'vitest';
import { exportRun, importRun } from '../../../src/lib/persist/format';
import { savedFromRun } from '../../../src/lib/persist/from-run';
import { connectEmbedApi } from '../../../src/lib/stores/embed-api';
import { Run } from '../../../src/lib/stores/run';
import { instrumented, playEnabled, quiet, small, stepEnabled, tick, watch } from '../helpers/instrumented-run';

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
