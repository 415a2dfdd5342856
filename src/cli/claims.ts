/**
 * `flatland claims`: the article's chosen runs and the claims its prose makes about them
 * (src/lib/article/claims.ts). Without flags, trains every chosen run and says whether its claim
 * holds (exit 1 if one does not); with --search, finds the first seed of each row's range whose
 * claim holds and writes it to src/lib/article/claims-chosen.json.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CLAIMS, claimSeed, evaluateClaim, type ClaimId } from '../lib/article/claims';
import { gatherEvidence, searchSeed } from '../lib/article/claims-run';
import { UsageError, parse } from './args';

export const claimsHelp = `Usage: flatland claims [--search] [ID ...]

The article's claims about its default runs (src/lib/article/claims.ts), one per row:
${Object.values(CLAIMS)
	.map((c) => `  ${c.id.padEnd(12)} ${c.says}`)
	.join('\n')}

Without --search: trains each chosen run (all rows, or the IDs given) and prints whether its claim
holds; exit code 1 if one does not.
With --search: for each row (or the IDs given), trains the seeds of its search range in order and keeps
the first whose claim holds, writing it to src/lib/article/claims-chosen.json.`;

const CHOSEN_FILE = fileURLToPath(new URL('../lib/article/claims-chosen.json', import.meta.url));

export async function claims(argv: string[]): Promise<number> {
	const { values, positionals } = parse(argv, { search: { type: 'boolean' } });
	if (values.help) {
		console.log(claimsHelp);
		return 0;
	}
	const ids = (positionals.length ? positionals : Object.keys(CLAIMS)) as ClaimId[];
	for (const id of ids) if (!Object.hasOwn(CLAIMS, id)) throw new UsageError(`unknown claim '${id}' (known: ${Object.keys(CLAIMS).join(', ')})`);
	if (values.search) {
		const chosen = JSON.parse(readFileSync(CHOSEN_FILE, 'utf8')) as Record<string, unknown>;
		for (const id of ids) {
			if (!('search' in CLAIMS[id]) || !CLAIMS[id].search) continue;
			const t0 = performance.now();
			const r = await searchSeed(id, (line) => console.error(line));
			chosen[id] = { seed: r.seed, tried: r.tried, why: r.why };
			writeFileSync(CHOSEN_FILE, JSON.stringify(chosen, null, '\t') + '\n');
			console.log(JSON.stringify({ id, ...r, seconds: +((performance.now() - t0) / 1000).toFixed(1) }));
		}
		return 0;
	}
	let failed = 0;
	for (const id of ids) {
		const t0 = performance.now();
		const seed = claimSeed(id);
		const { summary, verdict } = evaluateClaim(id, await gatherEvidence(id, seed));
		if (!verdict.ok) failed++;
		console.log(JSON.stringify({ id, seed, holds: verdict.ok, why: verdict.why, summary, seconds: +((performance.now() - t0) / 1000).toFixed(1) }));
	}
	return failed ? 1 : 0;
}
