/**
 * Fuzz: the CLI given random arguments and files (seeded, bounded). Every command, any flags (known
 * and not), any paths (missing, a directory, /proc, a spec, a text file, a BOM file, junk, a very
 * long name) in any place. Whatever happens: the exit code is one of the documented ones, nothing
 * prints a stack trace or an "internal error", every message line is bounded, and no file changes
 * that the command was not asked to write — a spec, a text file, a fixture never do.
 */
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/lib/core/config';
import { initParams } from '../../../src/lib/core/params';
import { exportRun } from '../../../src/lib/persist/format';
import { STACK, cli } from '../helpers/cli';

/** Seeded and bounded (about 15 s here); FUZZ_SEED / FUZZ_RUNS explore further. */
const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 1616);
const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 400);

const root = mkdtempSync(join(tmpdir(), 'flatland-fuzz-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The files every case starts from. */
function setUp(dir: string) {
	const config = parseConfig({ epochs: 3, n: 64, batch: 32 });
	writeFileSync(join(dir, 'S.json'), JSON.stringify({ name: 'tiny', base: { epochs: 2, n: 64, batch: 32 }, grid: { lr: [0.003] }, seeds: [0] }, null, 2));
	writeFileSync(join(dir, 'notes.txt'), 'my notes\nline two');
	writeFileSync(join(dir, 'README.md'), '# mine\n');
	writeFileSync(join(dir, 'logo.svg'), '<svg><circle r="1"/></svg>');
	writeFileSync(join(dir, 'empty.jsonl'), '');
	writeFileSync(join(dir, 'junk.bin'), Buffer.from([0, 255, 10, 123, 34, 0xfe, 0xff]));
	writeFileSync(join(dir, 'run.json'), exportRun({ name: 'r', created: '', engine: 'ts', config, metrics: [{ epoch: 0, loss: 0.7, acc: 0.5, test_loss: 0.7, test_acc: 0.5 }], snapshots: [{ step: 0, epoch: 0, params: Array.from(initParams(config)) }] }));
	writeFileSync(join(dir, 'bom.json'), '\ufeff' + readFileSync(join(dir, 'run.json'), 'utf8'));
	writeFileSync(join(dir, 'broken.json'), '{"format":"flatland-run","version":1,"snapshots":[');
	copyFileSync('tests/fixtures/p3-h8.json', join(dir, 'fixture.json'));
	copyFileSync(join(root, 'results.jsonl'), join(dir, 'results.jsonl'));
	mkdirSync(join(dir, 'DIR'));
}

/** Files that are no command's output: never changed, whatever the arguments. */
const PROTECTED = ['S.json', 'notes.txt', 'README.md', 'logo.svg', 'junk.bin', 'fixture.json', 'broken.json'];

const FILES = ['S.json', 'notes.txt', 'README.md', 'logo.svg', 'empty.jsonl', 'junk.bin', 'run.json', 'bom.json', 'broken.json', 'fixture.json', 'results.jsonl', 'DIR', 'new.jsonl', 'new.json', 'out', 'DIR/new.jsonl', 'missing/x.json'];
const ABSOLUTE = ['/proc/x', '/proc/x/y', '/proc/self/status', '/dev/null', '/', ''];
const path = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...FILES) }, { weight: 2, arbitrary: fc.constantFrom(...ABSOLUTE) }, { weight: 1, arbitrary: fc.constantFrom('x'.repeat(300), 'a\nb', '-', '--', 'S.json/', 'DIR/..') });
const value = fc.oneof(fc.constantFrom('0', '1', '2', '3', '-1', '0.5', '1e309', 'Infinity', 'NaN', '', ' ', '0/2', '1/2', '3/2', 'x/y', 'auto', 'ts', 'wasm', 'webgpu', 'rms', '__proto__', '<b>x</b>', 'y'.repeat(5000)), fc.string({ maxLength: 6 }));
const FLAGS: Record<string, string[]> = {
	train: ['--out', '--save', '--init', '--engine', '--quiet', '--seed', '--lr', '--epochs', '--p', '--h', '--norm', '--help'],
	sweep: ['--out', '-o', '--shard', '--engine', '--members', '--threads', '--dry-run', '--quiet', '--help'],
	merge: ['--out', '-o', '--help'],
	report: ['--out', '-o', '--title', '--no-png', '--json', '--help'],
	parity: ['--engine', '--help']
};
const PATH_FLAGS = new Set(['--out', '-o', '--save', '--init', '--json']);
const commands = [...Object.keys(FLAGS), 'nope', 'constructor'];

/** One token: a flag with a path or a value, a bare flag, a junk flag, or a positional path. */
const token = (cmd: string) =>
	fc.oneof(
		{ weight: 4, arbitrary: fc.tuple(fc.constantFrom(...(Object.hasOwn(FLAGS, cmd) ? FLAGS[cmd] : ['--out'])), path, value).map(([f, p, v]) => (PATH_FLAGS.has(f) ? [f, p] : ['--help', '--quiet', '--dry-run', '--no-png'].includes(f) ? [f] : [f, v])) },
		{ weight: 3, arbitrary: path.map((p) => [p]) },
		{ weight: 1, arbitrary: fc.constantFrom(['--bogus'], ['--out'], ['-x', '1'], ['--seed=3'], ['--out='], ['--'], ['--p', '--out']) }
	);
const argv = fc.constantFrom(...commands).chain((cmd) => fc.array(token(cmd), { maxLength: 5 }).map((ts) => [cmd, ...ts.flat()]));

/** What a command was asked to write: its output flags, and for report the files of its prefix. */
function allowed(args: string[], dir: string): Set<string> {
	const out = new Set<string>();
	const [cmd, ...rest] = args;
	let prefix: string | null = null;
	let firstPositional: string | null = null;
	for (let i = 0; i < rest.length; i++) {
		const a = rest[i];
		const eq = a.match(/^(--[\w-]+)=(.*)$/);
		const flag = eq ? eq[1] : a;
		const val = eq ? eq[2] : rest[i + 1];
		if (PATH_FLAGS.has(flag) && val !== undefined) {
			if (flag === '--out' || flag === '-o') prefix = val;
			out.add(resolve(dir, val));
			if (!eq) i++;
		} else if (!a.startsWith('-') && firstPositional === null) firstPositional = a;
	}
	if (cmd === 'report') for (const p of [...(prefix !== null ? [prefix] : []), ...(firstPositional !== null ? [firstPositional.replace(/\.jsonl?$/, '')] : [])]) for (const ext of ['svg', 'md', 'png']) out.add(resolve(dir, `${p}.${ext}`));
	return out;
}

function snapshot(dir: string): Map<string, string> {
	const m = new Map<string, string>();
	const walk = (d: string) => {
		for (const f of readdirSync(d)) {
			const p = join(d, f);
			if (statSync(p).isDirectory()) walk(p);
			else m.set(p, createHash('sha1').update(readFileSync(p)).digest('hex'));
		}
	};
	walk(dir);
	return m;
}

/** Arguments that keep a case short: a tiny run, the in-thread engine, no browser. Appended last, so they win. */
function bounded(args: string[]): string[] {
	const [cmd] = args;
	if (cmd === 'train') return [...args, '--epochs', '2', '--n', '64', '--batch', '32', '--h', '4', '--quiet'];
	if (cmd === 'sweep') return [...args, '--engine', 'ts', '--quiet'];
	if (cmd === 'report') return [...args, '--no-png'];
	if (cmd === 'parity') return [...args, '--engine', 'ts'];
	return args;
}

describe('fuzz: CLI paths and flags', () => {
	it('exit codes as documented, no stack trace, bounded lines, no file touched that was not asked for', async () => {
		const first = await cli(['sweep', join(root, 'seed-spec.json'), '--dry-run']);
		expect(first.code).toBe(2);
		writeFileSync(join(root, 'seed-spec.json'), JSON.stringify({ name: 'tiny', base: { epochs: 2, n: 64, batch: 32 }, grid: { lr: [0.003] }, seeds: [0] }));
		expect((await cli(['sweep', join(root, 'seed-spec.json'), '--out', join(root, 'results.jsonl'), '--engine', 'ts', '--quiet'])).code).toBe(0);
		let n = 0;
		const t0 = performance.now();
		const codes = new Map<number, number>();
		await fc.assert(
			fc.asyncProperty(argv, async (raw) => {
				const dir = join(root, `case-${n++}`);
				mkdirSync(dir);
				setUp(dir);
				// Relative paths are the case's files: run with absolute ones (the test runner's cwd stays put).
				const args = raw.map((a, i) => (i > 0 && (FILES.includes(a) || a.startsWith('x'.repeat(300))) ? join(dir, a) : a));
				const full = bounded(args);
				const before = snapshot(dir);
				const r = await cli(full);
				codes.set(r.code, (codes.get(r.code) ?? 0) + 1);
				const what = `${JSON.stringify(full).slice(0, 300)}\n${r.err.slice(0, 600)}`;
				expect([0, 1, 2, 3], what).toContain(r.code);
				if (r.code === 1) expect(full[0], what).toBe('parity'); // a fixture that fails its tolerance
				expect(r.out + r.err, what).not.toMatch(STACK);
				expect(r.err, what).not.toMatch(/internal error/);
				for (const line of r.err.split('\n')) expect(line.length, what).toBeLessThanOrEqual(1000);
				const after = snapshot(dir);
				const ok = allowed(full, dir);
				for (const [p, h] of after) {
					if (before.get(p) === h) continue;
					expect(ok.has(p), `${p} changed\n${what}`).toBe(true);
					expect(p.endsWith('.tmp'), `${p} left behind\n${what}`).toBe(false);
				}
				for (const p of before.keys()) expect(after.has(p) || ok.has(p), `${p} removed\n${what}`).toBe(true);
				for (const f of PROTECTED) expect(after.get(join(dir, f)), `${f} changed\n${what}`).toBe(before.get(join(dir, f)));
				rmSync(dir, { recursive: true, force: true });
			}),
			{ numRuns: FUZZ_RUNS, seed: FUZZ_SEED, endOnFailure: true }
		);
		const secs = (performance.now() - t0) / 1000;
		console.info(`fuzz-cli: ${FUZZ_RUNS} cases in ${secs.toFixed(1)} s; exit codes ${JSON.stringify(Object.fromEntries(codes))}`);
	}, 240_000);
});
