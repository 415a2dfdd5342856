/** `flatland merge A.jsonl B.jsonl ... --out all.jsonl`: join results files (shards), dropping duplicate runs. */
import { mergeRecords, readResults, recordLine, type RunRecord } from '../lib/experiments/record';
import { parseFlags, UsageError } from './args';
import { checkWritable, readText, showPath, writeAtomic } from './files';

/** Why an existing --out must not be replaced: it holds no run record and is not empty. */
function resultsOnly(text: string): string | null {
	if (!text.trim() || readResults(text).records.length) return null;
	return 'exists and is not a results file (no run record in it); refusing to replace it — give a new file name';
}

export const mergeHelp = `Usage: flatland merge A.jsonl B.jsonl ... --out ALL.jsonl

Joins results files (e.g. the shards of a Slurm job array) into one, keeping the first record of
each run id (a run finished twice is kept once). Cut-off last lines (interrupted shards) are
dropped; other unreadable lines are reported and skipped. Writes ALL.jsonl (replaced if present;
it may also be one of the inputs).`;

export async function merge(argv: string[]): Promise<number> {
	const { values, positionals } = parseFlags(argv, { out: { type: 'string', short: 'o' } });
	if (values.help) {
		console.log(mergeHelp);
		return 0;
	}
	if (!positionals.length) throw new UsageError('give at least one results file');
	if (!values.out) throw new UsageError('--out FILE is required');
	// Every input is read and the output checked before anything is written; the output is replaced at once (a temporary file renamed).
	const texts = positionals.map((f) => readText(f, 'results file'));
	// The output may be one of the inputs, but only ever a results file: never a spec or any other file.
	checkWritable(values.out, '--out', resultsOnly);
	const lists: RunRecord[][] = [];
	let bad = 0;
	for (const [i, f] of positionals.entries()) {
		const r = readResults(texts[i]);
		for (const e of r.errors) process.stderr.write(`flatland merge: ${f}:${e.line}: ${e.message} (skipped)\n`);
		bad += r.errors.length;
		lists.push(r.records);
	}
	const { records, duplicates } = mergeRecords(...lists);
	writeAtomic(values.out, records.map(recordLine).join(''), '--out');
	process.stderr.write(`flatland merge: ${records.length} runs from ${positionals.length} file(s), ${duplicates} duplicate(s) dropped${bad ? `, ${bad} bad line(s) skipped` : ''} → ${showPath(values.out)}\n`);
	return 0;
}
