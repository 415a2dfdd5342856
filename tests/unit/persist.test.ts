import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/lib/core/config';
import { initParams, layout } from '../../src/lib/core/params';
import { deleteRun, listRuns, loadRun, saveRun } from '../../src/lib/persist/db';
import { ImportError, MAX_BYTES, exportRun, importRun } from '../../src/lib/persist/format';

const config = parseConfig({ epochs: 10, n: 64 });
const params = Array.from(initParams(config));
const good = () => ({
	name: 'seed 0',
	created: '2026-11-23T12:00:00Z',
	engine: 'ts',
	config,
	metrics: [{ epoch: 1, loss: 0.7, acc: 0.5, test_loss: 0.71, test_acc: 0.49 }],
	snapshots: [{ step: 0, epoch: 0, params }]
});

describe('saved-run files', () => {
	it('round-trips a run (params at float32 precision)', () => {
		const back = importRun(exportRun(good()));
		expect(back.config).toEqual(config);
		expect(back.snapshots[0].params.length).toBe(layout(config).total);
		back.snapshots[0].params.forEach((v, i) => expect(v).toBeCloseTo(params[i], 6));
	});
	it('rejects corrupt, foreign, other-version, inconsistent and oversized files with a clear message', () => {
		const text = exportRun(good());
		expect(() => importRun(text.slice(0, text.length / 2))).toThrow(/not valid JSON/);
		expect(() => importRun('[]')).toThrow(/expected a JSON object/);
		expect(() => importRun(JSON.stringify({ format: 'other' }))).toThrow(/not a Flatland run/);
		expect(() => importRun(text.replace('"version":1', '"version":2'))).toThrow(/version 2 .* reads version 1/);
		const wrongLen = { ...good(), snapshots: [{ step: 0, epoch: 0, params: params.slice(1) }] };
		expect(() => importRun(exportRun(wrongLen))).toThrow(/params has \d+ numbers; the config needs/);
		const badCfg = JSON.parse(text);
		badCfg.config.p = 99;
		expect(() => importRun(JSON.stringify(badCfg))).toThrow(/config is invalid: p = 99/);
		const nan = JSON.parse(text);
		nan.metrics[0].loss = 'NaN';
		expect(() => importRun(JSON.stringify(nan))).toThrow(ImportError);
		expect(() => importRun(' '.repeat(MAX_BYTES + 1))).toThrow(/too large/);
	});
	it('hostile JSON never yields a run and never throws anything but ImportError', () => {
		fc.assert(
			fc.property(fc.jsonValue(), (v) => {
				try {
					importRun(JSON.stringify(v));
					return false; // random JSON is never a valid run
				} catch (e) {
					return e instanceof ImportError;
				}
			}),
			{ numRuns: 300 }
		);
		// Prototype-pollution attempt: a __proto__ key is dropped, not merged.
		const evil = JSON.parse(exportRun(good()).replace('{"format"', '{"__proto__":{"polluted":1},"format"'));
		const run = importRun(JSON.stringify(evil));
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		expect((run as unknown as Record<string, unknown>).polluted).toBeUndefined();
	});
	it('mutated valid files are accepted only when still consistent', () => {
		const base = JSON.parse(exportRun(good()));
		fc.assert(
			fc.property(fc.constantFrom('config.p', 'config.k', 'metrics.0.acc', 'snapshots.0.epoch', 'version', 'format'), fc.anything(), (path, value) => {
				const doc = structuredClone(base);
				const keys = path.split('.');
				let o = doc;
				for (const k of keys.slice(0, -1)) o = o[k];
				o[keys.at(-1)!] = value;
				try {
					const r = importRun(JSON.stringify(doc));
					return r.config.k <= r.config.L && r.config.nb_emb >= r.config.p;
				} catch (e) {
					return e instanceof ImportError;
				}
			}),
			{ numRuns: 300 }
		);
	});
});

describe('IndexedDB store', () => {
	it('saves, lists, loads and deletes runs', async () => {
		const saved = await saveRun(importRun(exportRun(good())));
		expect(saved.ok).toBe(true);
		const id = (saved as { value: number }).value;
		const list = await listRuns();
		expect(list.ok && list.value.runs.some((r) => r.id === id && r.epochs === 1)).toBe(true);
		const loaded = await loadRun(id);
		expect(loaded.ok && loaded.value?.config.epochs).toBe(10);
		expect((await deleteRun(id)).ok).toBe(true);
		const after = await loadRun(id);
		expect(after.ok && after.value).toBeUndefined();
	});
});
