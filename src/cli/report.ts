/** `flatland report results.jsonl`: the figure (SVG and PNG) and a markdown table of a results file. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { markdownTable, sparsityMarkdown } from '../lib/experiments/aggregate';
import { reportSvg } from '../lib/experiments/figure';
import { readResults } from '../lib/experiments/record';
import { SUMMARY_FORMAT, summarize, summaryFromTable } from '../lib/experiments/reference';
import { transferAnalysis, transferMarkdown } from '../lib/experiments/transfer';
import { pairedAgainst, pairedMarkdown, parseBaseline } from '../lib/experiments/paired';
import { parseFlags, UsageError } from './args';
import { FileError, checkWritable, readText, writeAtomic } from './files';

/** An existing output is replaced only when an earlier report wrote it (a README.md or a logo.svg is not). */
const OURS: Record<string, ((text: string) => string | null) | undefined> = {
	md: (t) => (!t.trim() || (t.startsWith('# ') && t.includes('Final test accuracy after the last epoch')) ? null : 'exists and was not written by flatland report; refusing to replace it — give another --out PREFIX'),
	json: (t) => {
		if (!t.trim()) return null;
		try {
			const x = JSON.parse(t);
			if (x && typeof x === 'object' && x.format === SUMMARY_FORMAT) return null;
		} catch {
			/* not ours */
		}
		return 'exists and is not a summary written by flatland report; refusing to replace it — give another --json FILE';
	},
	svg: (t) => (!t.trim() || t.startsWith('<svg xmlns="http://www.w3.org/2000/svg" viewBox=') ? null : 'exists and was not written by flatland report; refusing to replace it — give another --out PREFIX')
};

export const reportHelp = `Usage: flatland report RESULTS.jsonl [more.jsonl ...] [--out PREFIX] [--title TEXT] [--no-png] [--json FILE] [--baseline F=V]
       flatland report TABLE.md --json FILE

Writes PREFIX.svg and PREFIX.png (the figure: final test accuracy vs each grid axis as mean ± std
bands with every run as a dot and the success rate (test accuracy > 0.9) dashed, a histogram of
final test accuracy, and activation sparsity vs ε when the runs recorded it) and PREFIX.md (per
axis and value: runs, mean ± std with the mean's 95 % t interval, max, success rate with its 95 %
Wilson interval, spikes per run with its t interval, circuit classes; for a transfer sweep, Fig 9's
arms paired by seed, also given a successful pretraining, and the pretrained circuit class against
the outcome); the table also goes to stdout. PREFIX defaults to the first file's name without .jsonl.

--spec NAME       only the records of sweep spec NAME (repeatable): one results file can hold several
                 specs (Fig 9's p = 3 and p = 4..10 sweeps share their pretraining runs)
--baseline F=V   also compares every other grid point with the baseline point F = V (e.g.
                 norm=rms), run by run on the same seed: spikes and accuracy differences with 95 %
                 t intervals, success in one arm only with the exact sign test.

--json FILE also writes a compact summary (the same numbers, no per-run data) that the article
ships as a reference layer beside its live populations. Given a table written by this command
(TABLE.md) instead of results, only the summary is written, rebuilt from the table and marked so
(for sweeps whose results file was not kept).

The PNG is the SVG rendered by Debian's chromium (/usr/bin/chromium, or CHROMIUM_PATH) through
playwright-core; without it, --no-png or a warning.`;

export async function renderPng(svg: string, path: string): Promise<void> {
	const { chromium } = await import('playwright-core');
	const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
	try {
		const m = /width="(\d+(?:\.\d+)?)" height="(\d+(?:\.\d+)?)"/.exec(svg);
		const width = Math.ceil(Number(m?.[1] ?? 800));
		const height = Math.ceil(Number(m?.[2] ?? 600));
		const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 2 });
		await page.setContent(`<!doctype html><html><body style="margin:0">${svg}</body></html>`);
		await page.locator('svg').first().screenshot({ path });
	} finally {
		await browser.close();
	}
}

export async function report(argv: string[]): Promise<number> {
	const { values, positionals } = parseFlags(argv, {
		out: { type: 'string', short: 'o' },
		title: { type: 'string' },
		'no-png': { type: 'boolean' },
		json: { type: 'string' },
		baseline: { type: 'string' },
		spec: { type: 'string', multiple: true }
	});
	if (values.help) {
		console.log(reportHelp);
		return 0;
	}
	if (!positionals.length) throw new UsageError('give a results file');
	if (positionals.some((f) => f.endsWith('.md'))) {
		if (positionals.length > 1 || !values.json) throw new UsageError('a report table (.md) is read alone, with --json FILE: flatland report TABLE.md --json FILE');
		const f = positionals[0];
		const summary = summaryFromTable(readText(f, 'report table'), f);
		if (!summary.axes.length) throw new FileError(`report table ${f}: holds no table written by flatland report`);
		checkWritable(values.json, '--json', OURS.json);
		writeAtomic(values.json, JSON.stringify(summary) + '\n', '--json');
		process.stderr.write(`flatland report: ${values.json} (${summary.runs} runs, rebuilt from ${f})\n`);
		return 0;
	}
	const records = [];
	const prefix = values.out ?? positionals[0].replace(/\.jsonl?$/, '');
	const texts = positionals.map((f) => readText(f, 'results file'));
	// The outputs are checked before the figure is drawn, and replaced whole (a temporary file renamed).
	for (const ext of ['svg', 'md', ...(values['no-png'] ? [] : ['png'])]) checkWritable(`${prefix}.${ext}`, '--out', OURS[ext]);
	if (values.json) checkWritable(values.json, '--json', OURS.json);
	for (const [i, f] of positionals.entries()) {
		const r = readResults(texts[i]);
		for (const e of r.errors) process.stderr.write(`flatland report: ${f}:${e.line}: ${e.message} (skipped)\n`);
		records.push(...r.records);
	}
	const seen = new Set<string>();
	let unique = records.filter((r) => !seen.has(r.id) && (seen.add(r.id), true));
	if (values.spec?.length) {
		// The named specs' records, and the pretraining runs their fine-tuning started from (another spec may have made them).
		const wanted = new Set(values.spec);
		const kept = unique.filter((r) => wanted.has(r.spec));
		const from = new Set(kept.map((r) => r.from).filter(Boolean));
		unique = unique.filter((r) => wanted.has(r.spec) || from.has(r.id));
		if (!kept.length) throw new UsageError(`--spec ${values.spec.join(', ')}: no record of that spec (specs here: ${[...new Set(records.map((r) => r.spec))].join(', ')})`);
	}
	if (!unique.length) throw new UsageError(`no run records in ${positionals.join(', ')}`);
	const title = values.title ?? `${[...new Set(unique.map((r) => r.spec))].join(', ')} — ${unique.length} runs`;
	const svg = reportSvg(unique, { title });
	const transfer = transferMarkdown(transferAnalysis(unique));
	let paired = '';
	let base: Record<string, number | string> | undefined;
	if (values.baseline) {
		try {
			base = parseBaseline(values.baseline);
		} catch (e) {
			throw new UsageError((e as Error).message);
		}
		paired = pairedMarkdown(pairedAgainst(unique, base), base);
		if (!paired) throw new UsageError(`--baseline ${values.baseline}: no run matches it (or nothing to pair with)`);
	}
	const sparsity = sparsityMarkdown(unique);
	const table = `# ${title}\n\nFinal test accuracy after the last epoch; success = test accuracy > 0.9; std is the population standard deviation over seeds; intervals are 95 % (t for means, Wilson for rates).\n\n${markdownTable(unique)}${sparsity ? `\n${sparsity}` : ''}${transfer ? `\n${transfer}` : ''}${paired ? `\n${paired}` : ''}`;
	writeAtomic(`${prefix}.svg`, svg, '--out');
	writeAtomic(`${prefix}.md`, table, '--out');
	console.log(table);
	const written = [`${prefix}.svg`, `${prefix}.md`];
	if (values.json) {
		writeAtomic(values.json, JSON.stringify(summarize(unique, title, base)) + '\n', '--json');
		written.push(values.json);
	}
	if (!values['no-png']) {
		try {
			// Rendered to a scratch directory, then moved into place whole.
			const dir = mkdtempSync(join(tmpdir(), 'flatland-png-'));
			try {
				await renderPng(svg, join(dir, 'figure.png'));
				writeAtomic(`${prefix}.png`, readFileSync(join(dir, 'figure.png')), '--out');
			} finally {
				rmSync(dir, { recursive: true, force: true });
			}
			written.push(`${prefix}.png`);
		} catch (e) {
			if (e instanceof FileError) throw e;
			process.stderr.write(`flatland report: no PNG (${(e as Error).message.split('\n')[0]}); the SVG is written\n`);
		}
	}
	process.stderr.write(`flatland report: ${written.join(', ')}\n`);
	return 0;
}
