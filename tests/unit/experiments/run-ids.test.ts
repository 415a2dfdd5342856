/** experiments/run-ids.ts: what a run's id depends on, and what it must not. */
import { describe, expect, it } from 'vitest';
import { CONFIG_FIELDS, parseConfig } from '../../../src/lib/core/config';
import { canonicalConfig, hash53, runId, seededIds } from '../../../src/lib/experiments/run-ids';

const cfg = parseConfig({ seed: 3, lr: 0.003 });

describe('run ids', () => {
	it('hash53 is cyrb53: deterministic, 53 bits, sensitive to every character and to its seed', () => {
		expect(hash53('flatland')).toBe(hash53('flatland'));
		expect(hash53('flatland')).not.toBe(hash53('flatlanD'));
		expect(hash53('flatland', 1)).not.toBe(hash53('flatland'));
		for (const s of ['', 'a', 'train|x']) expect(Number.isSafeInteger(hash53(s))).toBe(true);
	});

	it('the canonical config lists every field in CONFIG_FIELDS order, whatever order the object has', () => {
		const shuffled = Object.fromEntries(Object.entries(cfg).reverse()) as typeof cfg;
		expect(canonicalConfig(shuffled)).toBe(canonicalConfig(cfg));
		expect(JSON.parse(canonicalConfig(cfg)).map((e: [string, unknown]) => e[0])).toEqual([...CONFIG_FIELDS]);
	});

	it('an id is 14 hex digits of kind and config; a scratch run is the plain run; keep-mode fine-tuning has no mode in its key', () => {
		const id = runId('train', cfg);
		expect(id).toMatch(/^[0-9a-f]{14}$/);
		expect(runId('scratch', cfg)).toBe(id);
		expect(runId('pretrain', cfg)).not.toBe(id);
		expect(runId('train', { ...cfg, seed: 4 })).not.toBe(id);
		const pre = parseConfig({ seed: 3, p: 2 });
		expect(runId('finetune', cfg, pre)).toBe(runId('finetune', cfg, pre, 'keep'));
		expect(runId('finetune', cfg, pre, 'fresh')).not.toBe(runId('finetune', cfg, pre, 'keep'));
	});

	it('seededIds gives each seed the id runId gives it', () => {
		const ids = seededIds('train', cfg);
		for (const seed of [0, 1, 3, 99, 4_000_000]) expect(ids(seed)).toBe(runId('train', { ...cfg, seed }));
	});
});
