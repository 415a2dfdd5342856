/**
 * persist/db.ts: the IndexedDB store saves, lists, loads and deletes runs, and degrades record by
 * record: a malformed saved run is skipped and reported by name while the others stay listed and loadable.
 */
import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { _resetForTests, deleteRun, listRuns, loadRun, saveRun } from '../../../src/lib/persist/db';
import { exportRun, importRun } from '../../../src/lib/persist/format';
import { config, good, goodEpochs } from '../helpers/saved-runs';

async function rawPut(records: unknown[]): Promise<void> {
	const d = await openDB('flatland', 1, { upgrade: (db) => void db.createObjectStore('runs', { keyPath: 'id', autoIncrement: true }) });
	for (const r of records) await d.add('runs', r as never);
	d.close();
}

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

describe('IndexedDB records, one by one', () => {
	it('a malformed record is skipped and reported by name; the rest are listed and loadable', async () => {
		_resetForTests();
		const a = await saveRun(importRun(exportRun(goodEpochs('first'))));
		await rawPut([{ name: 'x' }, { name: 'no metrics', config, snapshots: [] }, { name: 42, config: [] }, { name: 'bad metrics', config, metrics: 'soon', snapshots: [{}] }]);
		const b = await saveRun(importRun(exportRun(goodEpochs('second'))));
		expect(a.ok && b.ok).toBe(true);
		const list = await listRuns();
		expect(list.ok, JSON.stringify(list)).toBe(true);
		if (!list.ok) return;
		expect(list.value.runs.map((r) => r.name).sort()).toEqual(['first', 'second']);
		expect(list.value.bad.map((r) => r.name)).toEqual(['x', 'no metrics', '(no name)', 'bad metrics']);
		expect(list.value.bad[0].problem).toMatch(/has no config/);
		expect(list.value.bad[3].problem).toMatch(/malformed metrics/);
		for (const r of list.value.runs) {
			const loaded = await loadRun(r.id);
			expect(loaded.ok && importRun(JSON.stringify(loaded.value)).name).toBe(r.name);
		}
	});
});
