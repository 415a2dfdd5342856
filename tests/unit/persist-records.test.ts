/**
 * Storage that degrades record by record: a malformed saved run in IndexedDB is skipped and
 * reported by name while the others stay listed and loadable; an imported file with one bad
 * snapshot keeps the others; and the messages of the file format say what they mean (a missing
 * version, a limit of 32 MiB, a byte-order mark read as the page reads it).
 */
import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/lib/core/config';
import { initParams } from '../../src/lib/core/params';
import { _resetForTests, listRuns, loadRun, saveRun } from '../../src/lib/persist/db';
import { ImportError, MAX_BYTES, exportRun, importRun } from '../../src/lib/persist/format';

const config = parseConfig({ epochs: 10, n: 64 }); // 2 steps per epoch
const params = Array.from(initParams(config));
const good = (name = 'seed 0') => ({
	name,
	created: '2026-11-23T12:00:00Z',
	engine: 'ts',
	config,
	metrics: [0, 1, 2].map((epoch) => ({ epoch, loss: 0.7, acc: 0.5, test_loss: 0.71, test_acc: 0.49 })),
	snapshots: [0, 1, 2].map((epoch) => ({ step: 2 * epoch, epoch, params }))
});

async function rawPut(records: unknown[]): Promise<void> {
	const d = await openDB('flatland', 1, { upgrade: (db) => void db.createObjectStore('runs', { keyPath: 'id', autoIncrement: true }) });
	for (const r of records) await d.add('runs', r as never);
	d.close();
}

describe('IndexedDB records, one by one', () => {
	it('a malformed record is skipped and reported by name; the rest are listed and loadable', async () => {
		_resetForTests();
		const a = await saveRun(importRun(exportRun(good('first'))));
		await rawPut([{ name: 'x' }, { name: 'no metrics', config, snapshots: [] }, { name: 42, config: [] }, { name: 'bad metrics', config, metrics: 'soon', snapshots: [{}] }]);
		const b = await saveRun(importRun(exportRun(good('second'))));
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

describe('imported files, snapshot by snapshot', () => {
	it('one bad snapshot is left out and reported; the run is kept', () => {
		const doc = JSON.parse(exportRun(good()));
		doc.snapshots[1].params[3] = 'NaN';
		const skipped: string[] = [];
		const run = importRun(JSON.stringify(doc), (p) => skipped.push(p));
		expect(run.snapshots.map((s) => s.epoch)).toEqual([0, 2]);
		expect(skipped).toHaveLength(1);
		expect(skipped[0]).toMatch(/^snapshots\.1\.params\.3 .*left out/);
	});
	it('a snapshot of the wrong length, past the epochs or out of its epoch is left out too; none usable refuses the file', () => {
		const doc = JSON.parse(exportRun(good()));
		doc.snapshots[0].params = doc.snapshots[0].params.slice(1);
		doc.snapshots[2].epoch = 99;
		const skipped: string[] = [];
		expect(importRun(JSON.stringify(doc), (p) => skipped.push(p)).snapshots.map((s) => s.epoch)).toEqual([1]);
		expect(skipped.join('\n')).toMatch(/snapshots\.0\.params has \d+ numbers/);
		expect(skipped.join('\n')).toMatch(/snapshots\.2\.epoch = 99 is past the run's 10 epochs/);
		doc.snapshots[1].step = 7;
		expect(() => importRun(JSON.stringify(doc))).toThrow(/no usable snapshot \(3 bad; the first: snapshots\.0\.params/);
	});
	it('metrics out of epoch order refuse the file', () => {
		const doc = JSON.parse(exportRun(good()));
		doc.metrics.reverse();
		expect(() => importRun(JSON.stringify(doc))).toThrow(/metrics must be in epoch order/);
	});
});

describe('messages of the file format', () => {
	it('a run file without a version says so (not "version undefined")', () => {
		const doc = JSON.parse(exportRun(good()));
		delete doc.version;
		expect(() => importRun(JSON.stringify(doc))).toThrow(/has no version field; this Flatland reads version 1/);
		doc.version = 'x'.repeat(1000);
		const m = (() => {
			try {
				importRun(JSON.stringify(doc));
			} catch (e) {
				return (e as Error).message;
			}
		})()!;
		expect(m.length).toBeLessThan(150);
		expect(m).toMatch(/…/);
	});
	it('the size limit reads 32 MiB', () => {
		expect(() => importRun(' '.repeat(MAX_BYTES + 1))).toThrow(/at most 32 MiB\)/);
	});
	it('a UTF-8 byte-order mark is read, as the page (File.text()) reads it', () => {
		const run = importRun('\ufeff' + exportRun(good()));
		expect(run.snapshots).toHaveLength(3);
		expect(() => importRun('\ufeff' + '{')).toThrow(ImportError);
	});
});
