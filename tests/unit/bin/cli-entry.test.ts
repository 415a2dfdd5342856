import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEntry } from '../../../bin/cli-entry.js';

describe('cliEntry: compiled or sources', () => {
	let root: string;
	const write = (file: string, text: string, mtime: number) => {
		writeFileSync(join(root, file), text);
		utimesSync(join(root, file), mtime, mtime);
	};
	beforeAll(() => {
		root = mkdtempSync(join(tmpdir(), 'flatland-entry-'));
		mkdirSync(join(root, 'dist', 'cli'), { recursive: true });
	});
	afterAll(() => rmSync(root, { recursive: true, force: true }));

	it('takes the build when no source is newer, else the sources, saying why', () => {
		expect(cliEntry(root, {})).toMatchObject({ kind: 'source', why: expect.stringContaining('not compiled') });
		const t = Date.now() / 1000;
		write('a.ts', '', t - 100);
		write('dist/cli/main.js', '', t - 50);
		write('dist/cli/inputs.json', JSON.stringify({ inputs: ['a.ts'] }), t - 50);
		expect(cliEntry(root, {})).toMatchObject({ kind: 'compiled', url: expect.stringMatching(/dist\/cli\/main\.js$/) });
		expect(cliEntry(root, { FLATLAND_FROM_SOURCE: '1' })).toMatchObject({ kind: 'source', url: expect.stringMatching(/src\/cli\/main\.ts$/) });
		write('a.ts', 'edited', t);
		expect(cliEntry(root, {})).toMatchObject({ kind: 'source', why: expect.stringContaining('a.ts changed') });
		rmSync(join(root, 'a.ts'));
		expect(cliEntry(root, {})).toMatchObject({ kind: 'source', why: expect.stringContaining('a.ts is gone') });
	});
});
