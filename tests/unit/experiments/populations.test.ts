/** experiments/populations.ts: runs grouped into populations by what members may not override, their order, their cost. */
import { describe, expect, it } from 'vitest';
import { parseConfig, stepsPerEpoch } from '../../../src/lib/core/config';
import { modelSteps, populationKey, populations, runCost, schedule } from '../../../src/lib/experiments/populations';
import { parseSpec, planRuns } from '../../../src/lib/experiments/spec';

describe('populations', () => {
	it('groups runs that differ in member fields (seed, lr) into one population, others apart', () => {
		const runs = planRuns(parseSpec({ grid: [{ lr: [0.1, 0.01] }, { batch: [8, 16] }], seeds: [0, 1, 2] }));
		const pops = populations(runs, 64);
		expect(pops.map((p) => p.length)).toEqual([6, 3, 3]);
		expect(populations(runs, 4).map((p) => p.length)).toEqual([4, 2, 3, 3]);
		expect(populations(runs, 64, 5).length).toBe(5);
	});

	it('a population key ignores the member fields and tells fine-tuning from training', () => {
		const [a, b, c] = planRuns(parseSpec({ grid: { lr: [0.1, 0.01], batch: [8] }, seeds: [0] })).concat(planRuns(parseSpec({ base: { batch: 16 }, seeds: [0] })));
		expect(populationKey(a)).toBe(populationKey(b));
		expect(populationKey(a)).not.toBe(populationKey(c));
		expect(populationKey({ ...a, kind: 'finetune' })).not.toBe(populationKey(a));
	});

	it('schedule: whole seeds in spec order, the costliest population of a seed first', () => {
		const spec = parseSpec({ base: { epochs: 1, n: 64, batch: 32 }, grid: { h: [4, 64, 16] }, seeds: [3, 1] });
		const order = schedule(populations(planRuns(spec), 1), spec).map((g) => [g[0].seed, g[0].config.h]);
		expect(order).toEqual([[3, 64], [3, 16], [3, 4], [1, 64], [1, 16], [1, 4]]);
	});

	it('cost grows with epochs, width and data; evaluating less often costs less; model steps are epochs × steps per epoch', () => {
		const c = parseConfig({ epochs: 100, n: 256, batch: 32 });
		expect(runCost({ ...c, epochs: 200 })).toBeCloseTo(2 * runCost(c), 6);
		expect(runCost({ ...c, h: 2 * c.h })).toBeGreaterThan(runCost(c));
		expect(runCost({ ...c, n: 512 })).toBeGreaterThan(runCost(c));
		expect(runCost(c, 10)).toBeLessThan(runCost(c, 1));
		expect(modelSteps(c)).toBe(100 * stepsPerEpoch(c));
	});
});
