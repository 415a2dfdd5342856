/**
 * persist/format.ts: saved-run files round-trip; corrupt, foreign and hostile files are refused with
 * ImportError saying why; a file with one bad snapshot keeps the others; the messages say what they mean
 * (a missing version, a limit of 32 MiB, a byte-order mark read as the page reads it).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { layout } from '../../../src/lib/core/params';
import { ImportError, MAX_BYTES, exportRun, importRun } from '../../../src/lib/persist/format';
import { config, good, goodEpochs, params } from '../helpers/saved-runs';

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

describe('imported files, snapshot by snapshot', () => {
	it('one bad snapshot is left out and reported; the run is kept', () => {
		const doc = JSON.parse(exportRun(goodEpochs()));
		doc.snapshots[1].params[3] = 'NaN';
		const skipped: string[] = [];
		const run = importRun(JSON.stringify(doc), (p) => skipped.push(p));
		expect(run.snapshots.map((s) => s.epoch)).toEqual([0, 2]);
		expect(skipped).toHaveLength(1);
		expect(skipped[0]).toMatch(/^snapshots\.1\.params\.3 .*left out/);
	});
	it('a snapshot of the wrong length, past the epochs or out of its epoch is left out too; none usable refuses the file', () => {
		const doc = JSON.parse(exportRun(goodEpochs()));
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
		const doc = JSON.parse(exportRun(goodEpochs()));
		doc.metrics.reverse();
		expect(() => importRun(JSON.stringify(doc))).toThrow(/metrics must be in epoch order/);
	});
});

describe('messages of the file format', () => {
	it('a run file without a version says so (not "version undefined")', () => {
		const doc = JSON.parse(exportRun(goodEpochs()));
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
		const run = importRun('\ufeff' + exportRun(goodEpochs()));
		expect(run.snapshots).toHaveLength(3);
		expect(() => importRun('\ufeff' + '{')).toThrow(ImportError);
	});
});
