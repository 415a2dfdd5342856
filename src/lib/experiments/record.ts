/**
 * One line of a results file: a finished run, its config, final metrics and summaries. Results files
 * are JSON lines, appended one record per finished run; a file cut off mid-line (an interrupted sweep)
 * still reads, losing only the cut line.
 */
import type { PlannedRun } from './spec';

export const RECORD_VERSION = 1;

/**
 * A finished run: the planned run (spec.ts PlannedRun: its id, kind, grid point, seed, config, and
 * for a fine-tuning run where it started from and how its spare token rows started — `spare_row` is
 * absent in records written before that option, which all kept them) and what it gave.
 */
export interface RunRecord extends PlannedRun {
	v: number;
	/** Name of the spec that asked for the run. */
	spec: string;
	/** Metrics on the full train and test sets after the last epoch. */
	final: { epoch: number; loss: number; acc: number; test_loss: number; test_acc: number };
	best_test_acc: number;
	/** Every `every` epochs and the last: epoch number, test accuracy, train loss. */
	curve: { every: number; epoch: number[]; test_acc: number[]; loss: number[] };
	/** Loss spikes counted on the per-epoch train loss. */
	spikes?: number;
	/** Circuit class of the final model (see core/circuits.ts). */
	circuit?: string;
	/** Activation sparsity of the final model: share of |gelu(·)| < ε over the test set, per ε. */
	sparsity?: { eps: number[]; frac: number[] };
	/** ‖E(x)‖ for every token row x, at epoch 0 and after every chunk of epochs (keep.token_norms). */
	token_norms?: { epoch: number[]; norms: number[][] };
	/** Final flat parameters (core/params.ts layout), when kept. */
	params?: number[];
	/** The step at which the run diverged (NaN/Inf), if it did; metrics are then those of the last good epoch. */
	diverged?: number;
	engine: string;
	/** Wall time of the run's population divided by its members. */
	seconds: number;
}

export interface ReadResult {
	records: RunRecord[];
	/** Lines that could not be read, with their (1-based) number. */
	errors: { line: number; message: string }[];
	/** True when the last line was cut off (an interrupted write): it is dropped silently. */
	truncatedTail: boolean;
}

function isRecord(x: unknown): x is RunRecord {
	if (typeof x !== 'object' || x === null) return false;
	const r = x as Record<string, unknown>;
	return typeof r.id === 'string' && typeof r.seed === 'number' && typeof r.config === 'object' && r.config !== null && typeof r.final === 'object' && r.final !== null && typeof (r.final as Record<string, unknown>).test_acc === 'number';
}

/** Read a results file's text. Blank lines are skipped; a cut last line is dropped; other bad lines are reported. */
export function readResults(text: string): ReadResult {
	const lines = text.split('\n');
	const records: RunRecord[] = [];
	const errors: ReadResult['errors'] = [];
	let truncatedTail = false;
	lines.forEach((raw, i) => {
		const line = raw.trim();
		if (!line) return;
		let x: unknown;
		try {
			x = JSON.parse(line);
		} catch (e) {
			if (i === lines.length - 1) truncatedTail = true;
			else errors.push({ line: i + 1, message: `not JSON (${(e as Error).message})` });
			return;
		}
		if (isRecord(x)) records.push(x);
		else errors.push({ line: i + 1, message: 'not a run record (needs id, seed, config, final.test_acc)' });
	});
	return { records, errors, truncatedTail };
}

/** Join record lists, keeping the first record of each id. */
export function mergeRecords(...lists: RunRecord[][]): { records: RunRecord[]; duplicates: number } {
	const seen = new Set<string>();
	const records: RunRecord[] = [];
	let duplicates = 0;
	for (const list of lists)
		for (const r of list) {
			if (seen.has(r.id)) duplicates++;
			else {
				seen.add(r.id);
				records.push(r);
			}
		}
	return { records, duplicates };
}

export function recordLine(r: RunRecord): string {
	return JSON.stringify(r, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)) + '\n';
}
