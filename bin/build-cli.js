#!/usr/bin/env node
// `npm run build:cli` (and `prepare`, at install): compile the CLI (src/cli/main.ts and everything it
// imports) and the node worker_threads it starts (src/lib/engines/*-node.worker.ts) into plain
// JavaScript under dist/cli/, so that `flatland` starts without transpiling TypeScript (bin/flatland.js).
//
// One esbuild bundle per entry, code split into shared chunks. Paths that the sources resolve against their own location
// (`new URL('…', import.meta.url)`) are rebased so that they still point at the same file from
// dist/cli/: a node worker entry (./NAME.worker.ts) becomes its compiled ./NAME.worker.js, anything
// else (the WebAssembly kernels in src/lib/wasm/generated/) keeps pointing into src/; and a relative
// module imported through a variable (hidden from the site's bundler) is imported by name, so bundled.
// dist/cli/inputs.json lists the source files of the build: bin/cli-entry.js falls back to the
// sources when one of them is newer than the build.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = resolve(root, process.argv[2] ?? join('dist', 'cli'));
const engines = join(root, 'src', 'lib', 'engines');
// esbuild hands plugins real paths (symlinks resolved): compare with those.
const enginesReal = realpathSync(engines);
const workers = readdirSync(engines).filter((f) => f.endsWith('-node.worker.ts'));
const workerFiles = new Set(workers.map((f) => join(enginesReal, f)));

const posix = (p) => p.split('\\').join('/');
const dotted = (p) => (p.startsWith('.') ? p : `./${p}`);

/** Rewrites location-relative paths of one source file for its place in dist/cli/. */
function rebase(file, code) {
	const here = dirname(file);
	// A node worker entry, named in a `new URL` or in a variable: its compiled file beside the bundle.
	code = code.replace(/(['"])\.\/([\w.-]+\.worker)\.ts\1/g, (m, q, name) => (workerFiles.has(join(here, `${name}.ts`)) ? `${q}./${name}.js${q}` : m));
	// A relative module the sources hide from the site's bundler in a variable
	// (`const file = './x'; import(/* @vite-ignore */ file)`): here, in node only, it is bundled.
	for (const [, name, q, rel] of code.matchAll(/\bconst (\w+) = (['"])(\.\.?\/[^'"]+)\2/g))
		code = code.split(`import(/* @vite-ignore */ ${name})`).join(`import(${q}${rel}${q})`);
	// Any other `new URL('relative', import.meta.url)`: the same file, seen from outdir.
	return code.replace(/new URL\((['"])(\.\.?\/[^'"]+)\1,\s*import\.meta\.url\)/g, (m, q, rel) =>
		/\.worker\.js$/.test(rel) ? m : `new URL(${q}${dotted(posix(relative(outdir, resolve(here, rel))))}${q}, import.meta.url)`
	);
}

// npm packages stay imports resolved from node_modules at run time, except the small pure-JS ones every
// command loads at start (zod, d3-*): bundled, they are one file to parse instead of a hundred to find.
const BUNDLED = /^(zod|d3-[a-z-]+)(\/|$)/;
const externalPlugin = {
	name: 'flatland-external-packages',
	setup(b) {
		b.onResolve({ filter: /^[^./]/ }, (args) => (BUNDLED.test(args.path) ? undefined : { path: args.path, external: true }));
	}
};

const rebasePlugin = {
	name: 'flatland-rebase-urls',
	setup(b) {
		b.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, (args) => ({ contents: rebase(args.path, readFileSync(args.path, 'utf8')), loader: 'ts' }));
	}
};

const t0 = performance.now();
rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
const result = await build({
	absWorkingDir: root,
	entryPoints: { main: 'src/cli/main.ts', ...Object.fromEntries(workers.map((f) => [f.replace(/\.ts$/, ''), `src/lib/engines/${f}`])) },
	outdir,
	bundle: true,
	splitting: true,
	format: 'esm',
	platform: 'node',
	target: 'node20',
	sourcemap: 'linked',
	metafile: true,
	logLevel: 'warning',
	plugins: [externalPlugin, rebasePlugin]
});
const inputs = [...Object.keys(result.metafile.inputs), posix(relative(root, fileURLToPath(import.meta.url)))].sort();
// Written last: its time is the build's time.
writeFileSync(join(outdir, 'inputs.json'), JSON.stringify({ note: 'written by bin/build-cli.js; sources of this build', inputs }, null, 1) + '\n');
console.log(`build:cli: ${posix(relative(root, outdir))}/ from ${inputs.length} files in ${Math.round(performance.now() - t0)} ms`);
