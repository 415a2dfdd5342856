/**
 * package.json declares exactly what the code imports: every npm package imported by a source file
 * (static, dynamic or type import) is declared, with its @types package where it ships no types of
 * its own, and every declared package is imported somewhere or is a tool listed below with its use.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const declared = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})]);

/** Declared packages that no file imports: used as commands or by configuration. */
const TOOLS: Record<string, string> = {
	typescript: 'svelte-check and the editors type-check with it',
	'svelte-check': 'npm run check',
	assemblyscript: "assembly/build.js runs its compiler, node_modules/assemblyscript/bin/asc.js",
	'@types/node': 'tsconfig.json "types": ["node"]'
};

/**
 * Declared for code being written in this session and not imported yet; the last test fails once it
 * is imported, so that the entry goes.
 */
const PENDING: Record<string, string> = {};

const SOURCE_DIRS = ['src', 'tests', 'bench', 'bin', 'assembly'];
const EXT = /\.(ts|js|mjs|cjs|svelte)$/;
const SKIP = /^(node_modules|fixtures|output|generated)$/;

function files(dir: string): string[] {
	if (!existsSync(dir)) return [];
	return readdirSync(dir).flatMap((name) => {
		if (SKIP.test(name)) return [];
		const p = join(dir, name);
		return statSync(p).isDirectory() ? files(p) : EXT.test(name) ? [p] : [];
	});
}

const sources = [...SOURCE_DIRS.flatMap((d) => files(join(ROOT, d))), ...readdirSync(ROOT).filter((f) => EXT.test(f)).map((f) => join(ROOT, f))];

// Static imports and re-exports (their clause may span lines), side-effect imports, dynamic imports.
const SPECIFIERS = [
	/^\s*(?:import|export)\b[^'";]*?\bfrom\s*(['"])([^'"\n]+)\1/gm,
	/^\s*import\s*(['"])([^'"\n]+)\1/gm,
	/\bimport\s*\(\s*(['"])([^'"\n]+)\1\s*\)/g
];
const builtins = new Set(builtinModules);

/** The npm package a bare specifier names, or null (relative, node builtin, SvelteKit alias). */
function packageOf(spec: string): string | null {
	if (/^[./]/.test(spec) || spec.startsWith('node:') || spec.startsWith('$')) return null;
	const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
	return builtins.has(name) ? null : name;
}

const imported = new Map<string, string>(); // package → first file importing it
for (const file of sources)
	for (const re of SPECIFIERS)
		for (const m of readFileSync(file, 'utf8').matchAll(re)) {
			const name = packageOf(m[2]);
			if (name && !imported.has(name)) imported.set(name, file.slice(ROOT.length + 1));
		}

const shipsTypes = (name: string) => {
	const dir = join(ROOT, 'node_modules', name);
	const j = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
	return !!(j.types || j.typings || existsSync(join(dir, 'index.d.ts')) || JSON.stringify(j.exports ?? {}).includes('"types"'));
};

describe('package.json dependencies', () => {
	it('finds the imports (the scan works)', () => {
		expect(sources.length).toBeGreaterThan(100);
		for (const name of ['zod', 'svelte', 'vitest', 'd3-color']) expect(imported.has(name), name).toBe(true);
	});

	it('declares every imported package', () => {
		const missing = [...imported].filter(([name]) => !declared.has(name)).map(([name, file]) => `${name} (imported by ${file})`);
		expect(missing).toEqual([]);
	});

	it("declares @types/X for every imported package X without types of its own", () => {
		const missing = [...imported.keys()].filter((name) => declared.has(name) && !name.startsWith('@types/') && !shipsTypes(name) && existsSync(join(ROOT, 'node_modules', '@types', name)) && !declared.has(`@types/${name}`));
		expect(missing).toEqual([]);
	});

	it('declares nothing that is not imported, typed or used as a tool', () => {
		const unused = [...declared].filter((name) => {
			if (imported.has(name) || name in TOOLS || name in PENDING) return false;
			if (name.startsWith('@types/')) return !imported.has(name.slice('@types/'.length));
			return true;
		});
		expect(unused).toEqual([]);
	});

	it('lists as pending only packages that are still not imported', () => {
		expect(Object.keys(PENDING).filter((name) => imported.has(name))).toEqual([]);
	});
});
