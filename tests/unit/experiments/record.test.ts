/** experiments/record.ts: results files as JSON lines — written, read back, cut off mid-line, merged. */
import { describe, expect, it } from 'vitest';
import { mergeRecords, readResults, recordLine } from '../../../src/lib/experiments/record';
import { rec } from '../helpers/records';

describe('results files', () => {
	it('a record is one line; non-finite numbers are written as null', () => {
		const r = rec('r1', { lr: 0.1 }, 0.9, { final: { epoch: 3, loss: NaN, acc: 0.5, test_loss: Infinity, test_acc: 0.9 } });
		const line = recordLine(r);
		expect(line.endsWith('\n')).toBe(true);
		expect(line.slice(0, -1)).not.toContain('\n');
		expect(JSON.parse(line).final).toEqual({ epoch: 3, loss: null, acc: 0.5, test_loss: null, test_acc: 0.9 });
	});

	it('reads what it wrote; skips blank lines; drops a cut last line silently; reports other bad lines by number', () => {
		const [a, b] = [rec('a1', { lr: 0.1 }, 1), rec('b2', { lr: 0.01 }, 0.5)];
		const whole = recordLine(a) + '\n' + recordLine(b);
		expect(readResults(whole)).toEqual({ records: [a, b], errors: [], truncatedTail: false });

		const cut = recordLine(a) + recordLine(b).slice(0, 40);
		expect(readResults(cut)).toMatchObject({ records: [a], errors: [], truncatedTail: true });

		const bad = `{"id": 1}\nnot json\n${recordLine(b)}`;
		const r = readResults(bad);
		expect(r.records).toEqual([b]);
		expect(r.errors).toEqual([
			{ line: 1, message: 'not a run record (needs id, seed, config, final.test_acc)' },
			{ line: 2, message: expect.stringMatching(/^not JSON \(/) }
		]);
	});

	it('merging keeps the first record of each id and counts the rest', () => {
		const [a, b, a2] = [rec('a1', {}, 1), rec('b1', {}, 0.5), rec('a1', {}, 0.2)];
		expect(mergeRecords([a, b], [a2, b])).toEqual({ records: [a, b], duplicates: 2 });
		expect(mergeRecords()).toEqual({ records: [], duplicates: 0 });
	});
});
