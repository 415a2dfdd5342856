/**
 * `npm run test:slurm` (part of `npm test`): experiments/slurm.sh on a real Slurm cluster, end to end.
 * Starts a one-node cluster here when none answers (tests/slurm/start-cluster.sh; needs root and
 * Debian's slurm-wlm + munge, which .ci/run installs) and otherwise skips, saying why (fails instead
 * with REQUIRE_SLURM=1, as .ci/run sets). Then:
 *   1. submits the job array of a small spec (3 shards of 4 runs), one CPU per task;
 *   2. cancels task 1 while it runs (scancel, after its first finished run) and checks that it was
 *      cut short: CANCELLED, with fewer runs than its share;
 *   3. resubmits task 1 alone (SHARDS=3 sbatch --array=1), which resumes: no run twice;
 *   4. submits the merge + report step as a job depending on the three good tasks (--dependency=afterok);
 *   5. meanwhile runs `flatland sweep` of the same spec locally;
 *   6. asserts the merged results equal the local ones run for run, every field but the timings, and
 *      that the report was drawn.
 * Exit 0 when all hold (or skipped), 1 with the failed check otherwise.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
const log = (s: string) => console.log(`slurm-e2e [${elapsed()}] ${s}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class CheckFailed extends Error {}
function check(ok: boolean, what: string): void {
	if (!ok) throw new CheckFailed(what);
}

function sh(cmd: string, args: string[], env: Record<string, string> = {}): string {
	const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env } });
	if (r.status !== 0) throw new CheckFailed(`${cmd} ${args.join(' ')} failed (${r.status}): ${(r.stderr || r.stdout).trim()}`);
	return r.stdout.trim();
}

/** The job's state from scontrol (records are kept MinJobAge seconds after the end), or null. */
function jobState(id: string): { state: string; exit: string } | null {
	const r = spawnSync('scontrol', ['show', 'job', id, '-o'], { encoding: 'utf8' });
	if (r.status !== 0) return null;
	const state = /JobState=(\S+)/.exec(r.stdout)?.[1];
	return state ? { state, exit: /ExitCode=(\S+)/.exec(r.stdout)?.[1] ?? '' } : null;
}
const inQueue = (id: string) => spawnSync('squeue', ['-h', '-j', id], { encoding: 'utf8' }).stdout.trim() !== '';

async function until(what: string, seconds: number, ok: () => boolean): Promise<void> {
	const end = Date.now() + seconds * 1000;
	while (!ok()) {
		if (Date.now() > end) throw new CheckFailed(`timed out after ${seconds} s waiting for ${what}`);
		await sleep(200);
	}
}

const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()) : []);
const records = (file: string) => lines(file).map((l) => JSON.parse(l) as Record<string, unknown> & { id: string });
/** A record without its timing, the one field that differs between two runs of the same spec. */
const untimed = (rs: ReturnType<typeof records>) =>
	rs.map(({ seconds, ...rest }) => (void seconds, rest)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

async function main(): Promise<number> {
	const start = spawnSync('bash', [join(ROOT, 'tests', 'slurm', 'start-cluster.sh')], { encoding: 'utf8' });
	if (start.status === 3) {
		// CI (.ci/run) starts the cluster first and sets REQUIRE_SLURM=1: there, not running is a failure.
		if (process.env.REQUIRE_SLURM === '1') throw new CheckFailed(`Slurm is required (REQUIRE_SLURM=1) but cannot start: ${start.stdout.trim()}`);
		console.log(`slurm-e2e skipped: ${start.stdout.trim()}`);
		return 0;
	}
	if (start.status !== 0) throw new CheckFailed(`start-cluster.sh failed (${start.status}): ${start.stdout}${start.stderr}`);
	log(start.stdout.trim());

	const dir = mkdtempSync(join(tmpdir(), 'flatland-slurm-'));
	const spec = join(dir, 'slurm-e2e.json');
	writeFileSync(spec, JSON.stringify({ name: 'slurm-e2e', description: 'tests/slurm/slurm-e2e.ts', base: { epochs: 600 }, grid: { lr: [0.003, 0.01] }, seeds: [0, 1, 2, 3, 4, 5] }));
	const out = join(dir, 'slurm-e2e');
	const env = { OUT_DIR: dir };
	const logs = `--output=${join(dir, 'slurm-%A_%a.out')}`;
	const shard = (i: number) => join(out, `shard-${i}.jsonl`);
	const jobs: string[] = [];
	try {
		const job = sh('sbatch', ['--parsable', '--array=0-2', '--cpus-per-task=1', logs, 'experiments/slurm.sh', spec], env).split(';')[0];
		jobs.push(job);
		log(`submitted array job ${job} (3 shards of 4 runs)`);

		// The local sweep of the same spec, while the cluster works.
		const localFile = join(dir, 'local.jsonl');
		const local = new Promise<number>((resolve) => {
			const child = spawn(process.execPath, ['bin/flatland.js', 'sweep', spec, '--out', localFile, '--quiet'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
			child.on('exit', (code) => resolve(code ?? 1));
		});

		// 2. Cancel task 1 once it has finished its first run, while it runs the others.
		await until(`task ${job}_1 to finish a run`, 300, () => {
			if (lines(shard(1)).length >= 1) return true;
			const st = jobState(`${job}_1`)?.state;
			check(st === undefined || st === 'PENDING' || st === 'RUNNING', `task ${job}_1 ended (${st}) before finishing a run: ${lines(join(dir, `slurm-${job}_1.out`)).slice(0, 3).join(' | ')}`);
			return false;
		});
		sh('scancel', [`${job}_1`]);
		await until(`task ${job}_1 to leave the queue`, 60, () => !inQueue(`${job}_1`));
		const kept = lines(shard(1)).length;
		const cancelled = jobState(`${job}_1`);
		log(`cancelled task ${job}_1 (${cancelled?.state}) with ${kept} of its 4 runs done`);
		check(cancelled?.state === 'CANCELLED', `task ${job}_1 should be CANCELLED, is ${cancelled?.state}`);
		check(kept >= 1 && kept < 4, `the cancel should have cut task 1 short (it had ${kept} of 4 runs)`);

		// 3. Resubmit it alone: it resumes its shard.
		const again = sh('sbatch', ['--parsable', '--array=1', '--cpus-per-task=1', logs, 'experiments/slurm.sh', spec], { ...env, SHARDS: '3' }).split(';')[0];
		jobs.push(again);
		// 4. Merge and report once the three good tasks are done.
		const merge = sh('sbatch', ['--parsable', `--dependency=afterok:${job}_0:${job}_2:${again}`, `--output=${join(dir, 'merge-%j.out')}`, 'experiments/slurm.sh', '--merge', spec], env).split(';')[0];
		jobs.push(merge);
		log(`resubmitted task 1 as ${again}; merge + report job ${merge} depends on ${job}_0, ${job}_2 and ${again}`);

		await until(`merge job ${merge} to finish`, 600, () => !inQueue(merge) && !inQueue(job) && !inQueue(again));
		const m = jobState(merge);
		log(`merge job ${merge}: ${m?.state} (exit ${m?.exit})`);
		check(m?.state === 'COMPLETED' && m.exit === '0:0', `merge job ${merge} should complete with exit 0:0, got ${m?.state} ${m?.exit}: ${lines(join(dir, `merge-${merge}.out`)).slice(-5).join(' | ')}`);
		for (const id of [`${job}_0`, `${job}_2`, `${again}_1`]) check(jobState(id)?.state === 'COMPLETED', `task ${id} should be COMPLETED, is ${jobState(id)?.state}`);

		const localCode = await local;
		check(localCode === 0, `the local sweep exited with ${localCode}`);

		// 6. The cluster's results are the local ones, run for run.
		const shardIds = [0, 1, 2].map((i) => records(shard(i)).map((r) => r.id));
		check(shardIds.every((ids) => ids.length === 4), `each shard should hold 4 runs, they hold ${shardIds.map((s) => s.length).join(', ')}`);
		check(new Set(shardIds.flat()).size === 12, 'the shards should be disjoint and cover the 12 runs');
		const merged = records(`${out}.jsonl`);
		const mine = records(localFile);
		check(merged.length === 12 && mine.length === 12, `12 runs each: merged ${merged.length}, local ${mine.length}`);
		check(JSON.stringify(untimed(merged)) === JSON.stringify(untimed(mine)), 'the merged results should equal the local sweep run for run (all fields but seconds)');
		for (const ext of ['svg', 'md']) check(existsSync(`${out}.${ext}`), `the report should have drawn ${out}.${ext}`);
		log(`merged = local sweep, run for run (12 runs); report ${out}.svg, .md drawn`);
		console.log(`slurm-e2e passed in ${elapsed()}`);
		return 0;
	} finally {
		for (const id of jobs) spawnSync('scancel', [id]);
		if (process.env.KEEP_SLURM_E2E) console.log(`kept ${dir}`);
		else rmSync(dir, { recursive: true, force: true });
	}
}

main().then(
	(code) => process.exit(code),
	(e) => {
		console.error(`slurm-e2e FAILED after ${elapsed()}: ${e instanceof CheckFailed ? e.message : (e as Error).stack}`);
		process.exit(1);
	}
);
