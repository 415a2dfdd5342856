// Which code `flatland` runs: the CLI compiled at install (dist/cli/main.js, by bin/build-cli.js) when
// it is there and no source file of it is newer than the build; otherwise the TypeScript sources
// (src/cli/main.ts, through tsx). A developer who edits src/ gets the sources at once, and the fast
// start again after `npm run build:cli`. FLATLAND_FROM_SOURCE=1 always takes the sources.
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** { kind: 'compiled' | 'source', url: the main module to import, why: a reason for 'source' } */
export function cliEntry(root = ROOT, env = process.env) {
	const source = (why) => ({ kind: 'source', url: pathToFileURL(join(root, 'src', 'cli', 'main.ts')).href, why });
	if (env.FLATLAND_FROM_SOURCE === '1') return source('FLATLAND_FROM_SOURCE=1');
	const dir = join(root, 'dist', 'cli');
	let manifest, built;
	try {
		built = statSync(join(dir, 'inputs.json')).mtimeMs;
		manifest = JSON.parse(readFileSync(join(dir, 'inputs.json'), 'utf8'));
		statSync(join(dir, 'main.js'));
	} catch {
		return source('not compiled (npm run build:cli)');
	}
	for (const file of manifest.inputs) {
		let t;
		try {
			t = statSync(join(root, file)).mtimeMs;
		} catch {
			return source(`${file} is gone since the build (npm run build:cli)`);
		}
		if (t > built) return source(`${file} changed since the build (npm run build:cli)`);
	}
	return { kind: 'compiled', url: pathToFileURL(join(dir, 'main.js')).href, why: '' };
}
