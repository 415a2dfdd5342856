/**
 * Fuzz (seeded, bounded) of the inputs a widget and its storage take: URL parameters and element
 * attributes of any length and number, saved-run files with one snapshot (or more) damaged, and
 * IndexedDB stores holding any mix of good and malformed records. Beside the property tests of
 * property/validation.test.ts and persist/format.test.ts; the command sequences are in stores/run.test.ts
 * (unit) and reliability-run.spec.ts (in the page); CLI paths and flags in property/cli.test.ts.
 */
import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { CONFIG_FIELDS, ECHO_MAX, parseConfig } from '../../../src/lib/core/config';
import { initParams } from '../../../src/lib/core/params';
import { _resetForTests, listRuns, loadRun, saveRun } from '../../../src/lib/persist/db';
import { ImportError, exportRun, importRun } from '../../../src/lib/persist/format';
import { MAX_PROBLEMS, STATE_KEYS, queryFromAttributes, readState } from '../../../src/lib/stores/urlstate';

const SEED = 1616;
const weird = fc.oneof(
	fc.string({ maxLength: 12 }),
	fc.string({ unit: 'binary', maxLength: 12 }),
	fc.constantFrom('Infinity', '-Infinity', 'NaN', '1e309', '-0', '0x1f', ' 7 ', '1,5', '½', '٣', '<svg onload=x>', '%', '\u0000', '\ud800', 'dark', 'light', '0', '1'),
	fc.integer({ min: 1, max: 3 }).map((k) => 'z'.repeat(10 ** (k + 2)))
);

describe('fuzz: URL parameters and element attributes', () => {
	it('any number of parameters of any length: a consistent config, a bounded list, every echo cut', () => {
		fc.assert(
			fc.property(
				fc.array(fc.tuple(fc.oneof(fc.constantFrom(...STATE_KEYS), weird), weird), { maxLength: 40 }),
				fc.integer({ min: 0, max: 3000 }),
				(pairs, junk) => {
					const q = new URLSearchParams();
					for (const [k, v] of pairs) q.append(k, v);
					for (let i = 0; i < junk; i++) q.append(`j${i}`, 'v');
					const s = readState(q);
					expect(() => parseConfig(s.config)).not.toThrow();
					expect(s.problems.length).toBeLessThanOrEqual(MAX_PROBLEMS + 1);
					for (const p of s.problems) {
						expect(p.length).toBeLessThan(2 * ECHO_MAX + 200);
						expect(p).not.toMatch(/= null:/); // a non-finite number is named, never JSON's null
					}
					if (s.theme !== null) expect(['dark', 'light']).toContain(s.theme);
					return true;
				}
			),
			{ numRuns: 300, seed: SEED }
		);
	});
	it('attributes read as the URL is: the same state for the same values', () => {
		fc.assert(
			fc.property(fc.dictionary(fc.constantFrom(...STATE_KEYS), weird, { maxKeys: 8 }), (attrs) => {
				const q = new URLSearchParams();
				for (const [k, v] of Object.entries(attrs)) q.set(k, v);
				const a = readState(queryFromAttributes(attrs));
				const b = readState(q);
				expect({ ...a, problems: [...a.problems].sort() }).toEqual({ ...b, problems: [...b.problems].sort() });
				return true;
			}),
			{ numRuns: 300, seed: SEED }
		);
	});
});

const config = parseConfig({ epochs: 20, n: 64, batch: 32 }); // 2 steps per epoch
const params = Array.from(initParams(config));
function goodRun(snapshots: number, name = 'good') {
	return {
		name,
		created: '2026-12-01T00:00:00Z',
		engine: 'ts',
		config,
		metrics: Array.from({ length: snapshots }, (_, epoch) => ({ epoch, loss: 0.69, acc: 0.5, test_loss: 0.7, test_acc: 0.5 })),
		snapshots: Array.from({ length: snapshots }, (_, epoch) => ({ step: 2 * epoch, epoch, params, ...(epoch === snapshots - 1 ? { adam: { m: params.map(() => 0), v: params.map(() => 0), t: 2 * epoch } } : {}) }))
	};
}

/** Ways to damage one snapshot on its own. */
const arr = (s: Record<string, unknown>) => (Array.isArray(s.params) ? (s.params as unknown[]) : []);
const damage = fc.constantFrom<(s: Record<string, unknown>) => void>(
	(s) => (arr(s)[3] = 'NaN'),
	(s) => (arr(s)[0] = null),
	(s) => (s.params = arr(s).slice(1)),
	(s) => (s.params = 'none'),
	(s) => (s.epoch = 999),
	(s) => (s.epoch = -1),
	(s) => (s.step = (s.step as number) + 7),
	(s) => delete s.params,
	(s) => (s.adam = { m: [1], v: [1], t: 1 }),
	(s) => (s.adam = { m: s.params, v: arr(s).map(() => -1), t: 0 })
);

describe('fuzz: saved-run files', () => {
	it('damaged snapshots are left out and counted; the good ones are kept in order; nothing else is ever thrown', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 8 }), fc.array(fc.tuple(fc.nat(), damage), { maxLength: 4 }), (n, hits) => {
				const doc = JSON.parse(exportRun(goodRun(n)));
				const bad = new Set<number>();
				for (const [at, hurt] of hits) {
					const i = at % n;
					hurt(doc.snapshots[i]);
					bad.add(i);
				}
				const skipped: string[] = [];
				try {
					const r = importRun(JSON.stringify(doc), (p) => skipped.push(p));
					expect(r.snapshots.map((s) => s.epoch)).toEqual([...Array(n).keys()].filter((i) => !bad.has(i)));
					expect(skipped).toHaveLength(bad.size);
					for (const p of skipped) expect(p).toMatch(/^snapshots\.\d+.*left out\)$/);
				} catch (e) {
					expect(e).toBeInstanceOf(ImportError);
					expect(bad.size).toBe(n); // refused only when no snapshot is usable
				}
				return true;
			}),
			{ numRuns: 400, seed: SEED }
		);
	});
});

describe('fuzz: IndexedDB records', () => {
	it('any mix of good and malformed records: the good ones listed and loadable, each bad one reported by name', async () => {
		const record = fc.oneof(
			fc.constant('good' as const),
			fc.record({ name: fc.oneof(fc.string({ maxLength: 10 }), fc.constant(undefined), fc.integer()), config: fc.oneof(fc.constant(undefined), fc.constant(config), fc.constant([]), fc.string()), metrics: fc.oneof(fc.constant(undefined), fc.constant('soon'), fc.constant([{ epoch: 'x' }]), fc.constant([])), snapshots: fc.oneof(fc.constant(undefined), fc.constant([]), fc.constant([{}])) }, { requiredKeys: [] }),
			fc.anything({ maxDepth: 2 }).filter((v) => typeof v === 'object' && v !== null && !Array.isArray(v))
		);
		let round = 0;
		await fc.assert(
			fc.asyncProperty(fc.array(record, { maxLength: 8 }), async (records) => {
				// A fresh database each round.
				_resetForTests();
				const name = `flatland`;
				const d = await openDB(name, 1, { upgrade: (db) => void db.createObjectStore('runs', { keyPath: 'id', autoIncrement: true }) });
				await d.clear('runs');
				d.close();
				const goods: string[] = [];
				for (const r of records) {
					if (r === 'good') {
						const n = `good ${round}-${goods.length}`;
						expect((await saveRun(importRun(exportRun(goodRun(2, n))))).ok).toBe(true);
						goods.push(n);
					} else {
						const db = await openDB(name, 1);
						try {
							const { id: _drop, ...rest } = r as Record<string, unknown>;
							await db.add('runs', rest as never);
						} catch {
							/* not storable (e.g. a function inside): skip */
						} finally {
							db.close();
						}
					}
				}
				round++;
				_resetForTests();
				const list = await listRuns();
				expect(list.ok).toBe(true);
				if (!list.ok) return false;
				expect(list.value.runs.map((r) => r.name).sort()).toEqual([...goods].sort());
				for (const b of list.value.bad) {
					expect(typeof b.name).toBe('string');
					expect(b.problem).toMatch(/^(has no|has a malformed|is not a saved run)/);
				}
				for (const r of list.value.runs) {
					const got = await loadRun(r.id);
					expect(got.ok && importRun(JSON.stringify(got.value)).name).toBe(r.name);
				}
				return true;
			}),
			{ numRuns: 60, seed: SEED }
		);
	}, 60_000);
});

describe('every config field is a parameter', () => {
	it('the state keys hold every config field', () => {
		for (const f of CONFIG_FIELDS) expect(STATE_KEYS).toContain(f);
	});
});
