/**
 * stores/sandbox.ts: a sandbox over any RunView (a Run, or fixed parameters: article/runtime.ts), and
 * a Run started from given parameters (RunOptions.params: the article's perturbed circuit).
 */
import { describe, expect, it } from 'vitest';
import { get, writable } from 'svelte/store';
import { parseConfig } from '../../../src/lib/core/config';
import { initParams } from '../../../src/lib/core/params';
import { createEngine } from '../../../src/lib/engines/index';
import { TsEngine } from '../../../src/lib/engines/ts';
import type { Snapshot } from '../../../src/lib/engines/types';
import { Run } from '../../../src/lib/stores/run';
import { Sandbox } from '../../../src/lib/stores/sandbox';
import { staticSandbox } from '../../../src/lib/article/runtime';

const tick = () => new Promise((r) => setTimeout(r, 10));

describe('sandbox over a run view', () => {
	it('computes the frame of whatever snapshot the view shows, with no training run behind it', async () => {
		const cfg = parseConfig({ seed: 3 });
		const params = initParams(cfg);
		const current = writable<Snapshot | null>({ step: 0, epoch: 5, params, stepLoss: NaN });
		const sb = new Sandbox({ config: writable(cfg), current, metrics: writable([]), seekEpoch() {} });
		const frames: (number | undefined)[] = [];
		const stop = sb.frame.subscribe((f) => frames.push(f?.epoch));
		await tick();
		current.set({ step: 0, epoch: 9, params: initParams(cfg, 4), stepLoss: NaN });
		await tick();
		stop();
		expect(frames.filter((e) => e !== undefined)).toEqual([5, 9]);

		const view = staticSandbox(cfg, params, 2);
		const seen: number[] = [];
		const stop2 = view.sb.frame.subscribe((f) => f && seen.push(f.epoch));
		await tick();
		view.set(initParams(cfg, 1), cfg, 7);
		await tick();
		stop2();
		expect(seen).toEqual([2, 7]);
	});
});

describe('a run from given parameters', () => {
	it('starts where RunOptions.params says, and trains from there as an engine given them would', async () => {
		const cfg = parseConfig({ seed: 2, n: 64, batch: 16, epochs: 2, h: 8 });
		const start = initParams(cfg, 11);
		const run = new Run(cfg, () => createEngine('ts'), { params: start });
		await run.reset();
		expect(Array.from(get(run.current)!.params)).toEqual(Array.from(start));
		await run.trainTo(2);
		const e = await createEngine('ts');
		await e.init(cfg, { params: start });
		await e.step(2 * 4);
		expect(Array.from(get(run.current)!.params)).toEqual(Array.from((await e.snapshot()).params));
		run.dispose();
	});
});

describe('the highlighted sentence', () => {
	it('hover wins over the pinned sentence', () => {
		const sb = new Sandbox(new Run({}, async () => new TsEngine()));
		const seen: (number | null)[] = [];
		const u = sb.highlight.subscribe((v) => seen.push(v));
		sb.toggle(4);
		sb.hover(7);
		sb.hover(null);
		sb.toggle(4);
		u();
		expect(seen).toEqual([null, 4, 7, 4, null]);
	});
});
