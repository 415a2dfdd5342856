/**
 * The GPU bench's output: one JSON object per line on stdout (`kind` says what it is: kit, adapter,
 * diagnostic, parity, figure, dispatches, skip, refused, error, summary), human lines beginning
 * with `#`, and the summary table. `grep '^{'` keeps the records.
 */
export type GpuRecord = { kind: string } & Record<string, unknown>;
export type Emit = (r: GpuRecord) => void;

export const emit: Emit = (r) => {
	process.stdout.write(JSON.stringify(r) + '\n');
};

/**
 * Records from text (a child's stdout, a results file): the lines that parse as objects with a kind
 * (with `anyObject`, every JSON object line: the PyTorch script's figures have no kind).
 */
export function parseRecords(text: string, anyObject = false): GpuRecord[] {
	const out: GpuRecord[] = [];
	for (const line of text.split('\n')) {
		if (!line.startsWith('{')) continue;
		try {
			const r = JSON.parse(line);
			if (r && typeof r === 'object' && (anyObject || typeof r.kind === 'string')) out.push(r);
		} catch {
			/* a line cut by a kill: dropped */
		}
	}
	return out;
}
