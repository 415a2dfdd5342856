/**
 * The seed search of `flatland claims --search` for a sweep row (claims.ts, `run.kind === 'sweep'`),
 * read from a results file instead of trained: for each seed of the row's search range, the runs its
 * spec plans are looked up by id in RESULTS.jsonl (the same configs and seeds give the same ids, and
 * the same computation on the same engine family), and the row's own predicate is evaluated on them.
 * The first seed whose predicate holds is written to src/lib/article/claims-chosen.json, as --search
 * would. Then `npx flatland claims ID` (and the claims test) trains that choice and checks it again.
 *
 *   npx tsx experiments/claim-from-results.ts transfer experiments/results/fig9.jsonl
 *
 * Why: a transfer row's candidate is 24 runs of 1000 epochs; our 250-seed Fig 9 sweep already holds
 * every candidate of the range.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CLAIMS, evaluateClaim, type ClaimId } from '../src/lib/article/claims';
import { readResults } from '../src/lib/experiments/record';
import { parseSpec, planRuns } from '../src/lib/experiments/spec';

const [id, file] = process.argv.slice(2) as [ClaimId, string];
const claim = CLAIMS[id];
if (!claim || claim.run.kind !== 'sweep' || !file) {
	console.error('usage: npx tsx experiments/claim-from-results.ts SWEEP_CLAIM_ID RESULTS.jsonl');
	process.exit(2);
}
const run = claim.run;
const byId = new Map(readResults(readFileSync(file, 'utf8')).records.map((r) => [r.id, r]));
const range = claim.search ?? { from: 0, to: 0 };
let chosen: { seed: number | null; tried: string; why: string } = { seed: null, tried: `${range.from}..${range.to}`, why: 'no seed of the range holds in the results' };
for (let seed = range.from; seed <= range.to; seed++) {
	const planned = planRuns(parseSpec(run.spec(seed), `claim-${id}`));
	const records = planned.map((p) => byId.get(p.id));
	if (records.some((r) => !r)) {
		console.error(`${id} seed ${seed}: ${records.filter((r) => !r).length} of ${planned.length} runs not in ${file}; stopping`);
		break;
	}
	const { verdict } = evaluateClaim(id, { kind: 'sweep', records: records.map((r) => r!) });
	console.error(`${id} seed ${seed}: ${verdict.ok ? 'holds' : 'no'} — ${verdict.why}`);
	if (verdict.ok) {
		chosen = { seed, tried: `${range.from}..${seed} (read from ${file})`, why: verdict.why };
		break;
	}
}
const path = fileURLToPath(new URL('../src/lib/article/claims-chosen.json', import.meta.url));
const all = JSON.parse(readFileSync(path, 'utf8'));
all[id] = chosen;
writeFileSync(path, JSON.stringify(all, null, '\t') + '\n');
console.log(JSON.stringify({ id, ...chosen }));
