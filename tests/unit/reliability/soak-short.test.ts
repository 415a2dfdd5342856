/**
 * The short version of `npm run soak` (which trains 1,000,000 steps): 100,000 steps through the
 * Run store on WebAssembly; what the store keeps stays bounded — the snapshot history is decimated
 * (it grows with the logarithm of the run's length) and only the per-epoch metrics grow, one entry per epoch.
 */
import { describe, expect, it } from 'vitest';
import { get } from 'svelte/store';
import { createEngine } from '../../../src/lib/engines/index';
import { Run, SNAPSHOT_RECENT } from '../../../src/lib/stores/run';
import { decimatedCount } from '../../../src/lib/core/decimate';

describe('soak, short', () => {
	it('100,000 steps: history grows logarithmically, metrics one per epoch, heap growth small', async () => {
		const epochs = 1563; // × 64 steps
		const run = new Run({ seed: 1, epochs }, () => createEngine('wasm'));
		await run.reset();
		const heap0 = process.memoryUsage().heapUsed;
		const counts: number[] = [];
		for (let e = 100; e <= epochs; e += 100) {
			await run.trainTo(Math.min(e, epochs), 1);
			counts.push(get(run.snapshots).length);
		}
		await run.trainTo(epochs, 1);
		expect(get(run.status)).toBe('done');
		expect(get(run.metrics)).toHaveLength(epochs + 1);
		expect(run.lastCheckpoint()!.step).toBe(epochs * 64);
		// Decimated: the history grows with the logarithm of the run's length (≈ 1000 snapshots at 1,000,000 steps).
		counts.forEach((c, i) => expect(c).toBeLessThanOrEqual(decimatedCount(Math.min((i + 1) * 100, epochs), { recent: SNAPSHOT_RECENT }) + 1));
		expect(decimatedCount(15_625, { recent: SNAPSHOT_RECENT })).toBeLessThan(1200);
		const grown = (process.memoryUsage().heapUsed - heap0) / 2 ** 20;
		expect(grown).toBeLessThan(64); // (no forced GC here: a loose bound; `npm run soak` measures after GC)
		run.dispose();
	}, 60_000);
});
