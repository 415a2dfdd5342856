/** experiments/lab.ts: the lab page's logic — run links, load messages, the ready specs, a typed spec checked, the machine's rate kept. */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/lib/core/config';
import { sweepCost } from '../../../src/lib/experiments/estimate';
import { checkSpec, describeRead, readySpecs, sandboxHref, specCost, storedRate, storeRate } from '../../../src/lib/experiments/lab';
import { parseSpec } from '../../../src/lib/experiments/spec';
import { readState } from '../../../src/lib/stores/urlstate';
import { rec } from '../helpers/records';

describe('the lab', () => {
	it('replays a run in the sandbox: config fields as query parameters, seed always there', () => {
		const r = rec('z0', { lr: 0.01 }, 0.5, { config: parseConfig({ lr: 0.01, batch: 8, seed: 0 }) });
		const href = sandboxHref(r, '/base');
		expect(href).toBe('/base/sandbox?lr=0.01&batch=8&seed=0');
		expect(readState(href.split('?')[1]).config).toEqual(r.config);
	});

	it('says what a loaded file gave: runs, unreadable lines, a cut-off last line', () => {
		expect(describeRead('a.jsonl', 1, [], false)).toBe('a.jsonl: 1 run');
		expect(describeRead('b.jsonl', 3, [{ line: 4, message: 'not JSON' }, { line: 9, message: 'x' }], true)).toBe(
			'b.jsonl: 3 runs; 2 unreadable lines skipped (first: line 4, not JSON); a cut-off last line dropped'
		);
	});

	it('opens on seeds, then tiny, then the rest by name', () => {
		const files = { '../x/fig7.json': '7', '../x/tiny.json': 't', '../x/fig6.json': '6', '../x/seeds.json': 's' };
		expect(readySpecs(files).map((s) => s.name)).toEqual(['seeds', 'tiny', 'fig6', 'fig7']);
		expect(readySpecs(files)[0].text).toBe('s');
	});

	it('checks a typed spec: its runs and cost, or the error; the cost of a spec that does not parse is undefined', () => {
		const text = JSON.stringify({ base: { epochs: 20 }, grid: { lr: [0.01, 0.03] }, seeds: [0, 1, 2] });
		const ok = checkSpec(text, 'typed');
		expect(ok.error).toBeUndefined();
		expect(ok.spec?.name).toBe('typed');
		expect(ok.runs).toBe(6);
		expect(ok.cost).toEqual(sweepCost(parseSpec(JSON.parse(text))));
		expect(specCost(text, 'typed')).toEqual(ok.cost);
		expect(checkSpec('{"seeds": []}', 'x').error).toMatch(/^seeds: /);
		expect(checkSpec('{', 'x').error).toMatch(/not valid JSON/);
		expect(specCost('{', 'x')).toBeUndefined();
	});

	it('keeps the measured rate for the next visit, and reads back only a sane one', () => {
		const mem = new Map<string, string>();
		const storage = { getItem: (k: string) => mem.get(k) ?? null, setItem: (k: string, v: string) => void mem.set(k, v) };
		expect(storedRate(storage)).toBeNull();
		storeRate({ perSecond: 1e6, setup: 0.2 }, storage);
		expect(storedRate(storage)).toEqual({ perSecond: 1e6, setup: 0.2 });
		for (const bad of ['{"perSecond": 0, "setup": 1}', '{"perSecond": 5, "setup": -1}', 'not json']) {
			mem.set([...mem.keys()][0], bad);
			expect(storedRate(storage)).toBeNull();
		}
		expect(() => storeRate({ perSecond: 1, setup: 0 }, { setItem: () => { throw new Error('quota'); } })).not.toThrow();
		expect(storedRate(undefined)).toBeNull();
	});
});
