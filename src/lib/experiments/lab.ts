/** Helpers of the lab page (/lab), kept out of the component so that they can be tested in node. */
import { writeState } from '../stores/urlstate';
import type { RunRecord } from './record';

/** The sandbox URL that replays a run: its config fields as query parameters (seed always given). */
export function sandboxHref(r: RunRecord, base = ''): string {
	const q = writeState({ config: r.config });
	const seed = `seed=${r.config.seed}`;
	const query = q.includes('seed=') ? q : q ? `${q}&${seed}` : `?${seed}`;
	return `${base}/sandbox${query}`;
}

/** Read one or more dropped/chosen files' text into records, with a line of problems per file. */
export function describeRead(name: string, n: number, errors: { line: number; message: string }[], truncated: boolean): string {
	const parts = [`${name}: ${n} run${n === 1 ? '' : 's'}`];
	if (errors.length) parts.push(`${errors.length} unreadable line${errors.length === 1 ? '' : 's'} skipped (first: line ${errors[0].line}, ${errors[0].message})`);
	if (truncated) parts.push('a cut-off last line dropped');
	return parts.join('; ');
}
