/** experiments/spec-schema.ts: the generators' values, the format's limits and the error every problem becomes. */
import { describe, expect, it } from 'vitest';
import { expandGenerator, GRID_FIELDS, LIMITS, specSchema, SpecError } from '../../../src/lib/experiments/spec-schema';

describe('the spec format', () => {
	it('generators: logspace (rounded when integer), pow2 either way, range with its step', () => {
		expect(expandGenerator({ logspace: [0, 2], n: 3 })).toEqual([1, 10, 100]);
		expect(expandGenerator({ logspace: [1, 2], n: 3, integer: true })).toEqual([10, 32, 100]);
		expect(expandGenerator({ logspace: [-1, 5], n: 1 })).toEqual([0.1]);
		expect(expandGenerator({ pow2: [3, 0] })).toEqual([8, 4, 2, 1]);
		expect(expandGenerator({ range: [0, 0.3], step: 0.1 })).toEqual([0, 0.1, 0.2, 0.3]);
		expect(expandGenerator({ range: [3, 1] })).toEqual([3, 2, 1]);
	});

	it('a range that runs away from its end, or gives too many values, says so', () => {
		expect(() => expandGenerator({ range: [0, 5], step: -1 })).toThrow('step goes away from "to"');
		expect(() => expandGenerator({ range: [0, LIMITS.values], step: 1 })).toThrow(`gives ${LIMITS.values + 1} values (at most ${LIMITS.values})`);
	});

	it('the schema refuses unknown keys and a generator of the wrong shape; the grid takes every config field but the seed', () => {
		expect(specSchema.safeParse({ seeds: [0], extra: 1 }).success).toBe(false);
		expect(specSchema.safeParse({ seeds: [0], grid: { lr: { pow2: [1] } } }).success).toBe(false);
		expect(specSchema.safeParse({ seeds: { from: 0, to: 3 }, grid: [{ lr: [0.1] }, { h: { pow2: [2, 4] } }] }).success).toBe(true);
		expect(GRID_FIELDS).not.toContain('seed');
		expect(GRID_FIELDS).toContain('mlp_lr_discount');
	});

	it('a SpecError lists every problem, path first', () => {
		const e = new SpecError([
			{ path: 'grid.lr', message: 'must be positive' },
			{ path: 'seeds', message: 'must list at least one seed' }
		]);
		expect(e.name).toBe('SpecError');
		expect(e.message).toBe('grid.lr: must be positive; seeds: must list at least one seed');
	});
});
