/**
 * The Run (stores/run.ts) as a state machine, the reproductions one by one: quick Play
 * clicks, play and pause in a row, a step while a chunk is in flight, reset and restore arriving
 * together — one loop at a time (never two engine calls at once), never past its epochs; trainTo,
 * seek and the snapshot at an epoch. Random command sequences: property/run.test.ts.
 */
import { get } from 'svelte/store';
import { describe, expect, it } from 'vitest';
import { exportRun, importRun } from '../../../src/lib/persist/format';
import { savedFromRun } from '../../../src/lib/persist/from-run';
import { indexAtEpoch, Run } from '../../../src/lib/stores/run';
import { TsEngine } from '../../../src/lib/engines/ts';
import { instrumented, playEnabled, quiet, small, stepEnabled, tick, watch } from '../helpers/instrumented-run';

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
