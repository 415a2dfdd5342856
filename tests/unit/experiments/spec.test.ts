/** experiments/spec.ts: validating a sweep spec — defaults, every bad value named, hostile input refused, generators expanded; the ready specs parse. */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planRuns, points } from '../../../src/lib/experiments/plan';
import { parseSpec, parseSpecText, SpecError } from '../../../src/lib/experiments/spec';

const err = (input: unknown): string => {
	try {
		parseSpec(input);
	} catch (e) {
		expect(e).toBeInstanceOf(SpecError);
		return (e as Error).message;
	}
	throw new Error('expected a SpecError');
};

describe('sweep spec validation', () => {
	it('accepts the minimal form and fills defaults', () => {
		const s = parseSpec({ seeds: [0] });
		expect(s.base.epochs).toBe(1000);
		expect(s.keep).toEqual({ curve_every: 10, eval_every: 1, params: false, sparsity: false, circuit: true, spikes: true, token_norms: false });
		expect(planRuns(s)).toHaveLength(1);
	});

	it('names the field of every bad value', () => {
		expect(err({ base: { lr: -1 }, seeds: [0] })).toMatch(/base\.lr.*greater than 0/);
		expect(err({ base: { foo: 1 }, seeds: [0] })).toMatch(/base\.foo.*unknown field/);
		expect(err({ grid: { batch: [32, 0] }, seeds: [0] })).toMatch(/grid\.batch\.1.*batch = 0.*at least 1/);
		expect(err({ grid: { bogus: [1] }, seeds: [0] })).toMatch(/grid\.bogus.*unknown field "bogus"/);
		expect(err({ grid: { seed: [1, 2] }, seeds: [0] })).toMatch(/grid\.seed.*top-level "seeds"/);
		expect(err({ base: { seed: 3 }, seeds: [0] })).toMatch(/base\.seed/);
		expect(err({ seeds: { from: 5, to: 2 } })).toMatch(/seeds.*below/);
		expect(err({ seeds: [-1] })).toMatch(/seeds\.0/);
		expect(err({ grid: { lr: [0.1] } })).toMatch(/seeds/);
		expect(err({ seeds: [0], extra: 1 })).toMatch(/unknown key "extra"/);
		expect(err({ seeds: [0], keep: { curve_every: 0 } })).toMatch(/keep\.curve_every/);
		// Cross-field rules are checked for every grid point before anything runs.
		expect(err({ grid: { p: [2, 5] }, seeds: [0] })).toMatch(/grid point \{"p":5\}.*nb_emb.*at least p = 5/);
		expect(err({ grid: { 'p,nb_emb': [[3, 3], [4]] }, seeds: [0] })).toMatch(/grid\.p,nb_emb\.1.*list of 2 values/);
	});

	it('refuses hostile values with a message, not a crash or a hang', () => {
		for (const bad of [null, 3, 'x', [], { seeds: 'all' }, { seeds: [0], grid: [] }, { seeds: [0], base: [] }, { seeds: [0], grid: { lr: [] } }])
			expect(err(bad).length).toBeGreaterThan(5);
		expect(err({ seeds: [0], grid: { lr: [NaN] } })).toMatch(/lr/);
		expect(err({ seeds: [0], grid: { lr: ['1e-3'] } })).toMatch(/lr = "1e-3"/);
		expect(err({ seeds: [0], grid: { norm: ['l2'] } })).toMatch(/norm/);
		expect(err({ seeds: { from: 0, to: 4294967295 } })).toMatch(/seeds.*at most/);
		expect(err({ seeds: [0], grid: { lr: { logspace: [0, -4], n: 1e9 } } })).toMatch(/grid\.lr/);
		expect(err({ seeds: [0], grid: { lr: { range: [0, 1], step: 1e-9 } } })).toMatch(/grid\.lr.*values/);
		// 10000 × 10000 × ... seeds: counted, never listed.
		const big = Array.from({ length: 1000 }, (_, i) => i + 1);
		expect(err({ seeds: { from: 0, to: 999 }, grid: { h: big, epochs: big } })).toMatch(/runs.*at most/);
		expect(() => parseSpecText('{"seeds": [0],')).toThrow(/not valid JSON/);
	});

	it('expands generators like numpy (logspace, pow2, range)', () => {
		const s = parseSpec({ grid: [{ batch: { pow2: [0, 11] } }, { h: { logspace: [1, 4], n: 20, integer: true } }, { lr: { logspace: [0, -4], n: 20 } }, { epochs: { range: [1, 5], step: 2 } }], seeds: [0] });
		const byField = (f: string) => points(s).filter((p) => f in p.point).map((p) => p.point[f]);
		expect(byField('batch')).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048]);
		const h = byField('h');
		expect(h).toHaveLength(20);
		expect(h[0]).toBe(10);
		expect(h[19]).toBe(10000);
		expect(h[1]).toBe(14);
		const lr = byField('lr') as number[];
		expect(lr[0]).toBe(1);
		expect(lr[19]).toBeCloseTo(1e-4, 12);
		expect(lr[1]).toBeCloseTo(10 ** (-4 / 19), 10);
		expect(byField('epochs')).toEqual([1, 3, 5]);
	});

	it('every ready spec in experiments/ parses', () => {
		const files = readdirSync('experiments').filter((f) => f.endsWith('.json'));
		expect(files.length).toBeGreaterThanOrEqual(8);
		const counts: Record<string, number> = {};
		for (const f of files) counts[f] = planRuns(parseSpecText(readFileSync(`experiments/${f}`, 'utf8'))).length;
		expect(counts['fig7.json']).toBe(72 * 100);
		expect(counts['fig6.json']).toBe(72);
		expect(counts['fig9.json']).toBe(250 * (1 + 8 * 3));
		expect(counts['fig9-p3.json']).toBe(1000);
	});
});
