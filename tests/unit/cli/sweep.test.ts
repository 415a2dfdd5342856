/** The sweep, merge and report commands end to end, on a tiny spec (a few seconds). */
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readResults } from '../../../src/lib/experiments/record';

const cli = (args: string[], env: Record<string, string> = {}) => spawnSync('node', ['bin/flatland.js', ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });

describe('flatland sweep / merge / report', () => {
	const dir = mkdtempSync(join(tmpdir(), 'flatland-sweep-'));
	const spec = join(dir, 'spec.json');
	writeFileSync(spec, JSON.stringify({ name: 'cli', base: { epochs: 3, n: 128 }, grid: { lr: [0.003, 0.03] }, seeds: { from: 0, to: 2 } }));

	it('refuses a bad spec naming the field (exit 2)', () => {
		const bad = join(dir, 'bad.json');
		writeFileSync(bad, JSON.stringify({ grid: { lr: [0.1, -2] }, seeds: [0] }));
		const r = cli(['sweep', bad, '--out', join(dir, 'x.jsonl')]);
		expect(r.status).toBe(2);
		expect(r.stderr).toMatch(/grid\.lr\.1.*lr = -2/);
		expect(cli(['sweep', spec, '--out', join(dir, 'x.jsonl'), '--shard', '3/3']).stderr).toMatch(/below N/);
	});

	it('shards with --shard and Slurm variables, merges without duplicates, resumes after a kill', async () => {
		const a = join(dir, 'a.jsonl');
		const b = join(dir, 'b.jsonl');
		const r0 = cli(['sweep', spec, '--out', a, '--shard', '0/2', '--quiet']);
		expect(r0.status, r0.stderr).toBe(0);
		const r1 = cli(['sweep', spec, '--out', b, '--quiet'], { SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_COUNT: '2' });
		expect(r1.status, r1.stderr).toBe(0);
		const ra = readResults(readFileSync(a, 'utf8')).records;
		const rb = readResults(readFileSync(b, 'utf8')).records;
		expect(ra.length + rb.length).toBe(6);
		expect(ra.some((x) => rb.some((y) => y.id === x.id))).toBe(false);
		// Rerunning a finished shard does nothing.
		expect(cli(['sweep', spec, '--out', a, '--shard', '0/2', '--quiet']).status).toBe(0);
		expect(readResults(readFileSync(a, 'utf8')).records).toHaveLength(ra.length);

		const all = join(dir, 'all.jsonl');
		const m = cli(['merge', a, b, a, '--out', all]);
		expect(m.status, m.stderr).toBe(0);
		expect(m.stderr).toMatch(/6 runs from 3 file\(s\), 3 duplicate/);

		// Kill a whole-sweep run after its first record, leave half a line, rerun: all 6 once.
		// Its runs are longer (40 epochs) so that the kill lands mid-sweep even on an idle machine.
		const slow = join(dir, 'slow.json');
		writeFileSync(slow, JSON.stringify({ name: 'cli-slow', base: { epochs: 40, n: 128 }, grid: { lr: [0.003, 0.03] }, seeds: { from: 0, to: 2 } }));
		const c = join(dir, 'c.jsonl');
		const child = spawn('node', ['bin/flatland.js', 'sweep', slow, '--out', c, '--engine', 'ts', '--members', '1', '--quiet']);
		await new Promise<void>((resolve) => {
			const t = setInterval(() => {
				if (existsSync(c) && readFileSync(c, 'utf8').split('\n').length > 2) {
					clearInterval(t);
					child.kill('SIGKILL');
					resolve();
				}
			}, 20);
			child.on('exit', () => (clearInterval(t), resolve()));
		});
		const partial = readResults(readFileSync(c, 'utf8')).records.length;
		appendFileSync(c, '{"v":1,"id":"cut-off');
		const again = cli(['sweep', slow, '--out', c, '--engine', 'ts', '--quiet']);
		expect(again.status, again.stderr).toBe(0);
		const text = readFileSync(c, 'utf8');
		const rc = readResults(text);
		expect(rc.errors).toEqual([]);
		expect(rc.records).toHaveLength(6);
		expect(new Set(rc.records.map((x) => x.id)).size).toBe(6);
		expect(partial).toBeLessThan(6);
		// The killed-and-resumed sweep holds exactly the numbers of an uninterrupted one.
		const d = join(dir, 'd.jsonl');
		expect(cli(['sweep', slow, '--out', d, '--engine', 'ts', '--quiet']).status).toBe(0);
		const byId = new Map(readResults(readFileSync(d, 'utf8')).records.map((x) => [x.id, x]));
		for (const x of rc.records) expect(x.final).toEqual(byId.get(x.id)!.final);
		// Same numbers whichever engine and shard produced them (float32 WASM vs float64 TS: close, not equal).
		const e = join(dir, 'e.jsonl');
		expect(cli(['sweep', spec, '--out', e, '--engine', 'ts', '--quiet']).status).toBe(0);
		const wasmById = new Map(readResults(readFileSync(all, 'utf8')).records.map((x) => [x.id, x]));
		for (const x of readResults(readFileSync(e, 'utf8')).records) expect(Math.abs(x.final.loss - wasmById.get(x.id)!.final.loss)).toBeLessThan(1e-3);

		const rep = cli(['report', all, '--out', join(dir, 'fig'), '--no-png']);
		expect(rep.status, rep.stderr).toBe(0);
		expect(rep.stdout).toMatch(/\| 0\.03 \| 3 \| 0\.\d{3} ± 0\.\d{3} \|/);
		expect(readFileSync(join(dir, 'fig.svg'), 'utf8')).toMatch(/^<svg/);
		expect(existsSync(join(dir, 'fig.md'))).toBe(true);
	}, 60_000);
});
