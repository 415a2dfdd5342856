import { describe, expect, it } from 'vitest';
import { WasmPopulation } from '../../../src/lib/engines/wasm-population';
import { estimateSeconds, formatDuration, measureRate, observedRate, sweepCost } from '../../../src/lib/experiments/estimate';
import { runCost } from '../../../src/lib/experiments/populations';
import { runSweep } from '../../../src/lib/experiments/runner';
import { parseSpec, planRuns } from '../../../src/lib/experiments/spec';

describe('sweep time estimate', () => {
	it('costs: the sum of runCost over the planned runs; the longest run floors the wall time', () => {
		const spec = parseSpec({ base: { epochs: 10 }, grid: { h: [8, 64] }, seeds: [0, 1, 2] });
		const c = sweepCost(spec);
		const runs = planRuns(spec);
		expect(c.runs).toBe(6);
		expect(c.cost).toBeCloseTo(runs.reduce((a, r) => a + runCost(r.config), 0));
		expect(c.longest).toBeCloseTo(runCost(runs.find((r) => r.config.h === 64)!.config));
		expect(estimateSeconds(c, { perSecond: c.cost / 10, setup: 0 }, 2)).toBeCloseTo(5);
		expect(estimateSeconds(c, { perSecond: c.cost / 10, setup: 1 }, 2)).toBeCloseTo(8);
		expect(estimateSeconds({ runs: 2, cost: 10, longest: 8 }, { perSecond: 1, setup: 0 }, 4)).toBe(8);
		expect(estimateSeconds(c, { perSecond: 0, setup: 0 }, 2)).toBeNaN();
	});
	it('reads as a duration', () => {
		expect(formatDuration(0.3)).toBe('under a second');
		expect(formatDuration(8.4)).toBe('about 8 s');
		expect(formatDuration(200)).toBe('about 3 min');
		expect(formatDuration(7800)).toBe('about 2 h 10 min');
	});
	it('a rate measured on one model predicts a small sweep on the same engine within a factor of 3', async () => {
		const rate = await measureRate(new WasmPopulation('wasm'));
		expect(rate.perSecond).toBeGreaterThan(0);
		expect(rate.setup).toBeGreaterThanOrEqual(0);
		const spec = parseSpec({ base: { epochs: 40 }, seeds: [0, 1, 2] });
		const runs = planRuns(spec);
		const predicted = estimateSeconds(sweepCost(spec, runs), rate, 1);
		const t0 = performance.now();
		await runSweep(spec, runs, { createEngine: async () => new WasmPopulation('wasm'), membersPerPopulation: 1, concurrency: 1, done: new Map(), onRecord: () => {} });
		const actual = (performance.now() - t0) / 1000;
		expect(actual / predicted).toBeGreaterThan(1 / 3);
		expect(actual / predicted).toBeLessThan(3);
		expect(observedRate(sweepCost(spec, runs), actual, 1, rate.setup).perSecond).toBeGreaterThan(0);
	});
});
