/**
 * The CLI and the file system, as issue 16 found them broken: every file error is one line naming
 * the path and what was wrong, exit 2, before any training where it can be known; `--out` never
 * appends to a spec or any other text file; replaced files are written whole (temporary file,
 * renamed); a BOM is read as the page reads it; the messages say what they mean.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../../src/lib/core/config';
import { initParams } from '../../../src/lib/core/params';
import { exportRun } from '../../../src/lib/persist/format';
import { failure } from '../../../src/cli/main';
import { STACK, cli } from '../helpers/cli';

let dir: string;
let spec: string;
let results: string;
beforeEach(async () => {
	dir = mkdtempSync(join(tmpdir(), 'flatland-cli-files-'));
	spec = join(dir, 'S.json');
	// A spec written by hand, over several lines, as people do.
	writeFileSync(spec, JSON.stringify({ name: 'tiny', base: { epochs: 2, n: 64, batch: 32 }, grid: { lr: [0.003] }, seeds: [0] }, null, 2));
	mkdirSync(join(dir, 'DIR'));
	results = join(dir, 'r.jsonl');
	const r = await cli(['sweep', spec, '--out', results, '--engine', 'ts', '--quiet']);
	expect(r.code, r.err).toBe(0);
});
afterEach(() => vi.restoreAllMocks());

function oneLineError(r: { code: number; out: string; err: string }, re: RegExp) {
	expect(r.code, r.err).toBe(2);
	expect(r.err).not.toMatch(STACK);
	const lines = r.err.trim().split('\n');
	expect(lines, r.err).toHaveLength(1);
	expect(lines[0]).toMatch(re);
}

describe('file-system errors: one line naming the path, exit 2, before training', () => {
	it('sweep DIR', async () => oneLineError(await cli(['sweep', join(dir, 'DIR'), '--out', join(dir, 'o.jsonl')]), /spec file .*DIR: is a directory/));
	it('sweep MISSING', async () => oneLineError(await cli(['sweep', join(dir, 'nope.json'), '--out', join(dir, 'o.jsonl')]), /spec file .*nope\.json: does not exist/));
	it('sweep SPEC --out /proc/x (nothing trains)', async () => {
		const r = await cli(['sweep', spec, '--out', '/proc/x', '--engine', 'ts']);
		oneLineError(r, /--out \/proc\/x: cannot be written/);
		expect(r.out).toBe('');
	});
	it('sweep SPEC --out DIR', async () => oneLineError(await cli(['sweep', spec, '--out', join(dir, 'DIR'), '--engine', 'ts']), /--out .*DIR: is a directory/));
	it('train --out /proc/x (was an unhandled error event)', async () => {
		const r = await cli(['train', '--epochs', '2', '--n', '64', '--out', '/proc/x', '--quiet']);
		oneLineError(r, /--out \/proc\/x: cannot be written/);
		expect(r.out).toBe('');
	});
	it('train --save /proc/x (was ENOENT after training)', async () => {
		const r = await cli(['train', '--epochs', '2', '--n', '64', '--save', '/proc/x', '--quiet']);
		oneLineError(r, /--save \/proc\/x: cannot be written/);
		expect(r.out).toBe(''); // not one epoch trained
	});
	it('train --init DIR', async () => oneLineError(await cli(['train', '--init', join(dir, 'DIR')]), /--init .*DIR: is a directory/));
	it('merge DIR', async () => oneLineError(await cli(['merge', join(dir, 'DIR'), '--out', join(dir, 'm.jsonl')]), /results file .*DIR: is a directory/));
	it('merge --out /proc/x', async () => oneLineError(await cli(['merge', results, '--out', '/proc/x']), /--out \/proc\/x: cannot be written/));
	it('report DIR', async () => oneLineError(await cli(['report', join(dir, 'DIR'), '--no-png']), /results file .*DIR: is a directory/));
	it('report --out /proc/x/y', async () => oneLineError(await cli(['report', results, '--out', '/proc/x/y', '--no-png']), /--out \/proc\/x\/y\.svg: cannot be written: its directory \/proc\/x does not exist/));
	it('parity DIR', async () => oneLineError(await cli(['parity', join(dir, 'DIR')]), /fixture .*DIR: is a directory/));
});

describe('no file is destroyed', () => {
	it('sweep S.json --out S.json refuses and leaves the spec as it was', async () => {
		const before = readFileSync(spec, 'utf8');
		oneLineError(await cli(['sweep', spec, '--out', spec, '--engine', 'ts']), /--out .*S\.json: is the spec file/);
		expect(readFileSync(spec, 'utf8')).toBe(before);
	});
	it('--out of sweep, merge and train refuses any other text file, unchanged', async () => {
		const notes = join(dir, 'notes.txt');
		const text = 'my notes\nsecond line without a newline at the end';
		writeFileSync(notes, text);
		const copy = join(dir, 'S-copy.json');
		writeFileSync(copy, readFileSync(spec));
		oneLineError(await cli(['sweep', spec, '--out', notes, '--engine', 'ts']), /--out .*notes\.txt: exists and is not a results file/);
		oneLineError(await cli(['sweep', spec, '--out', copy, '--engine', 'ts']), /--out .*S-copy\.json: exists and is not a results file/);
		oneLineError(await cli(['merge', results, '--out', notes]), /--out .*notes\.txt: exists and is not a results file/);
		oneLineError(await cli(['train', '--epochs', '1', '--n', '64', '--out', notes, '--quiet']), /--out .*notes\.txt: exists and is not the output of flatland train/);
		oneLineError(await cli(['train', '--epochs', '1', '--n', '64', '--save', notes, '--quiet']), /--save .*notes\.txt: exists and is not a Flatland saved run/);
		writeFileSync(join(dir, 'README.md'), '# my project\n');
		oneLineError(await cli(['report', results, '--out', join(dir, 'README'), '--no-png']), /README\.md: exists and was not written by flatland report/);
		expect(readFileSync(notes, 'utf8')).toBe(text);
		expect(readFileSync(copy, 'utf8')).toBe(readFileSync(spec, 'utf8'));
		expect(readFileSync(join(dir, 'README.md'), 'utf8')).toBe('# my project\n');
	});
	it('a results file whose last record lacks its newline keeps that record', async () => {
		const text = readFileSync(results, 'utf8').trimEnd();
		writeFileSync(results, text);
		const r = await cli(['sweep', spec, '--out', results, '--engine', 'ts', '--quiet']);
		expect(r.code, r.err).toBe(0);
		expect(readFileSync(results, 'utf8')).toBe(text + '\n');
	});
	it('replaced files are written whole: a new file renamed into place, no temporary file left', async () => {
		const save = join(dir, 'run.json');
		expect((await cli(['train', '--epochs', '2', '--n', '64', '--save', save, '--quiet'])).code).toBe(0);
		const ino = statSync(save).ino;
		expect((await cli(['train', '--epochs', '3', '--n', '64', '--save', save, '--quiet'])).code).toBe(0);
		expect(statSync(save).ino).not.toBe(ino);
		const merged = join(dir, 'm.jsonl');
		expect((await cli(['merge', results, '--out', merged])).code).toBe(0);
		const ino2 = statSync(merged).ino;
		expect((await cli(['merge', results, merged, '--out', merged])).code).toBe(0);
		expect(statSync(merged).ino).not.toBe(ino2);
		expect((await cli(['report', results, '--out', join(dir, 'rep'), '--no-png'])).code).toBe(0);
		expect((await cli(['report', results, '--out', join(dir, 'rep'), '--no-png'])).code).toBe(0);
		expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
	});
});

describe('messages', () => {
	const config = parseConfig({ epochs: 4, n: 64 });
	const doc = () => JSON.parse(exportRun({ name: 'r', created: '', engine: 'ts', config, metrics: [{ epoch: 0, loss: 0.7, acc: 0.5, test_loss: 0.7, test_acc: 0.5 }], snapshots: [{ step: 0, epoch: 0, params: Array.from(initParams(config)) }] }));
	it('a run file without version says so', async () => {
		const f = join(dir, 'nov.json');
		const d = doc();
		delete d.version;
		writeFileSync(f, JSON.stringify(d));
		oneLineError(await cli(['train', '--init', f, '--quiet']), /--init .*nov\.json: the file has no version field; this Flatland reads version 1/);
	});
	it('UTF-8 BOM files are read everywhere, as in the page: run files, specs, results, fixtures', async () => {
		const run = join(dir, 'bom.json');
		writeFileSync(run, '\ufeff' + JSON.stringify(doc()));
		expect((await cli(['train', '--init', run, '--quiet'])).code).toBe(0);
		const bomSpec = join(dir, 'bom-spec.json');
		writeFileSync(bomSpec, '\ufeff' + readFileSync(spec, 'utf8'));
		expect((await cli(['sweep', bomSpec, '--dry-run'])).code).toBe(0);
		const bomResults = join(dir, 'bom.jsonl');
		writeFileSync(bomResults, '\ufeff' + readFileSync(results, 'utf8'));
		const m = await cli(['merge', bomResults, '--out', join(dir, 'm.jsonl')]);
		expect(m.code, m.err).toBe(0);
		expect(m.err).toMatch(/1 runs from 1 file/);
		const fixture = join(dir, 'fx.json');
		writeFileSync(fixture, '\ufeff' + readFileSync('tests/fixtures/p3-h8.json', 'utf8'));
		expect((await cli(['parity', fixture])).code).toBe(0);
	});
	it('a flag value of 100 000 characters is echoed cut; Infinity is named', async () => {
		const r = await cli(['train', '--seed', 'x'.repeat(100_000)]);
		expect(r.code).toBe(2);
		expect(r.err.length).toBeLessThan(700);
		expect(r.err).toMatch(/seed = "x+…"/);
		const r2 = await cli(['train', '--lr', 'Infinity']);
		expect(r2.err).toMatch(/lr = Infinity: must be finite/);
		const r3 = await cli(['sweep', spec, '--out', results, '--members', 'y'.repeat(100_000)]);
		expect(r3.code).toBe(2);
		expect(r3.err.length).toBeLessThan(700);
	});
	it('the size limit reads 32 MiB', async () => {
		const big = join(dir, 'big.json');
		writeFileSync(big, ' '.repeat(32 * 1024 * 1024 + 1));
		oneLineError(await cli(['train', '--init', big]), /too large \(32\.0 MiB; at most 32 MiB\)/);
	});
	it('a command named like an Object property is unknown, not a crash', async () => {
		for (const name of ['constructor', '__proto__', 'toString']) {
			const r = await cli([name]);
			expect(r.code).toBe(2);
			expect(r.err).toMatch(new RegExp(`unknown command '${name}'`));
		}
	});
	it('an unexpected error is one line with exit 1, never a stack trace', () => {
		const e = new TypeError('boom\nsecond line');
		const f = failure('train', e);
		expect(f.code).toBe(1);
		expect(f.text).toBe('flatland train: TypeError: boom second line (an internal error; FLATLAND_DEBUG=1 says where)');
		expect(f.text).not.toMatch(STACK);
	});
});

describe('the installed command', () => {
	const bin = (args: string[]) =>
		new Promise<{ code: number | null; err: string; out: string }>((resolve) => {
			const p = spawn('node', ['bin/flatland.js', ...args], { env: { ...process.env, VITEST: '' } });
			let err = '';
			let out = '';
			p.stderr.on('data', (d) => (err += d));
			p.stdout.on('data', (d) => (out += d));
			p.on('close', (code) => resolve({ code, err, out }));
		});
	it('prints one line and exits 2 for the issue\'s cases, as a process', async () => {
		const cases: [string[], RegExp][] = [
			[['train', '--epochs', '1', '--n', '64', '--out', '/proc/x', '--quiet'], /^flatland train: --out \/proc\/x: cannot be written/],
			[['sweep', join(dir, 'DIR'), '--out', join(dir, 'o.jsonl')], /^flatland sweep: spec file .*: is a directory/],
			[['merge', join(dir, 'DIR'), '--out', join(dir, 'o.jsonl')], /^flatland merge: results file .*: is a directory/]
		];
		const got = await Promise.all(cases.map(([a]) => bin(a)));
		got.forEach((r, i) => {
			expect(r.code, r.err).toBe(2);
			expect(r.err).not.toMatch(STACK);
			expect(r.err.trim().split('\n').filter((l) => !/^flatland: running/.test(l))).toHaveLength(1);
			expect(r.err.trim()).toMatch(cases[i][1]);
		});
	}, 60_000);
});
