/**
 * The compiled CLI (bin/build-cli.js → dist/cli/, loaded by bin/flatland.js through bin/cli-entry.js):
 * it runs, workers included, where tsx cannot even be found, gives the same output as the TypeScript
 * sources, and the sources take over when the build is missing or older than them.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..', '..');

const node = (args: string[], cwd: string, env: Record<string, string> = {}) =>
	spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });

/** Records without their timings (the only fields that differ between two runs of the same spec). */
const untimed = (jsonl: string) =>
	jsonl
		.trim()
		.split('\n')
		.map((l) => {
			const { seconds, ...rest } = JSON.parse(l);
			void seconds;
			return rest;
		})
		.sort((a, b) => (a.id < b.id ? -1 : 1));

describe('the compiled CLI', () => {
	// A copy of the project whose node_modules holds every package but tsx: the compiled CLI and the
	// worker_threads it starts must run without it.
	let dir: string;
	beforeAll(() => {
		dir = mkdtempSync(join(tmpdir(), 'flatland-cli-'));
		for (const name of ['src', 'experiments']) symlinkSync(join(ROOT, name), join(dir, name));
		cpSync(join(ROOT, 'bin'), join(dir, 'bin'), { recursive: true });
		writeFileSync(join(dir, 'package.json'), readFileSync(join(ROOT, 'package.json')));
		mkdirSync(join(dir, 'node_modules'));
		for (const pkg of readdirSync(join(ROOT, 'node_modules')))
			if (pkg !== 'tsx' && pkg !== '.bin') symlinkSync(join(ROOT, 'node_modules', pkg), join(dir, 'node_modules', pkg));
		const b = node([join(dir, 'bin', 'build-cli.js')], dir);
		expect(b.status, b.stderr).toBe(0);
	}, 180_000);
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	it('is what bin/flatland.js runs, and trains the same run as the sources', () => {
		const args = ['train', '--seed', '3', '--epochs', '3', '--quiet'];
		const compiled = node([join(dir, 'bin', 'flatland.js'), ...args], dir, { FLATLAND_CLI_WHY: '1' });
		expect(compiled.stderr).toContain('running the compiled CLI');
		expect(compiled.status, compiled.stderr).toBe(0);
		const source = node([join(ROOT, 'bin', 'flatland.js'), ...args], ROOT, { FLATLAND_FROM_SOURCE: '1', FLATLAND_CLI_WHY: '1' });
		expect(source.stderr).toContain('running the TypeScript sources');
		expect(source.status, source.stderr).toBe(0);
		expect(compiled.stdout.trim().split('\n')).toHaveLength(3);
		expect(compiled.stdout).toBe(source.stdout);
	}, 120_000);

	it('starts its pool of worker_threads from the compiled workers (no tsx anywhere) and sweeps as the sources do (default engine: the capability probe runs too)', () => {
		const out = join(dir, 'tiny.jsonl');
		const c = node([join(dir, 'bin', 'flatland.js'), 'sweep', 'experiments/tiny.json', '--out', out, '--threads', '2', '--quiet'], dir);
		expect(c.status, c.stderr).toBe(0);
		const ref = join(dir, 'tiny-source.jsonl');
		const s = node([join(ROOT, 'bin', 'flatland.js'), 'sweep', 'experiments/tiny.json', '--out', ref, '--threads', '2', '--quiet'], ROOT, { FLATLAND_FROM_SOURCE: '1' });
		expect(s.status, s.stderr).toBe(0);
		const runs = untimed(readFileSync(out, 'utf8'));
		expect(runs).toHaveLength(4);
		expect(runs).toEqual(untimed(readFileSync(ref, 'utf8')));
	}, 120_000);
});
