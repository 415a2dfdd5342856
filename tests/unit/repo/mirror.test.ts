/**
 * Tests mirror the source: every module of src/lib/{core,engines,stores,experiments} is imported by a
 * test under tests/unit/ (directly, or through one of its helpers in tests/unit/helpers/), and has
 * its own test, tests/unit/<folder>/<module>.test.ts — or TESTED_IN names the test that covers it
 * and why (a worker entry in its host's test, an engine in its parity suite, a types-only module in
 * the test of what it describes), and that test does import it. A test file in those folders is
 * named after a module that exists, so a newcomer finds a module's test from its name and back.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..', '..');
const FOLDERS = ['core', 'engines', 'stores', 'experiments'];

/** Modules without a test of their own name: the test that covers them, and why there. */
const TESTED_IN: Record<string, [test: string, why: string]> = {
	'core/fixture.ts': ['parity/fixtures.test.ts', 'the parity-fixture checks are what the parity suites run, on every fixture'],
	'engines/ts.ts': ['parity/ts.test.ts', "the TypeScript engine's contract is parity with PyTorch, every fixture"],
	'engines/webgpu.ts': ['parity/webgpu.test.ts', 'the WebGPU engine and population, parity on every fixture'],
	'engines/webgpu/population.ts': ['parity/webgpu.test.ts', 'R models on the GPU: parity per member; its loss grid in webgpu/grid.test.ts'],
	'engines/parity.ts': ['parity/ts.test.ts', 'the parity run itself, used by every parity suite'],
	'engines/wasm-kernel.ts': ['engines/wasm.test.ts', "the kernel's JavaScript side, driven through the wasm engine"],
	'engines/wasm-loader.ts': ['assembly/vec.test.ts', 'loads both kernel flavours (SIMD and scalar) for the kernel tests'],
	'engines/wasm-pool.ts': ['reliability/pool.test.ts', 'the worker pool: lanes, crashes and restarts; shares in wasm-population.test.ts'],
	'engines/watchdog.ts': ['engines/rpc.test.ts', 'the step clock and pending calls wrap every RPC'],
	'engines/worker.ts': ['reliability/faults.test.ts', 'the page-side training worker under crashes and timeouts'],
	'engines/worker-node.ts': ['engines/landscape-host.test.ts', 'the worker_thread engine the landscape host and the CLI use'],
	'engines/node-ts-worker.ts': ['engines/worker-host.test.ts', 'starts the worker_thread entries from their TypeScript source'],
	'engines/train.worker.ts': ['engines/worker-host.test.ts', "an entry: serves the engine host on a Web Worker's scope"],
	'engines/train-node.worker.ts': ['engines/worker-host.test.ts', 'an entry: serves the engine host on a worker_thread'],
	'engines/wasm-pool.worker.ts': ['engines/wasm-pool-host.test.ts', "an entry: serves the pool host on a Web Worker's scope"],
	'engines/wasm-pool-node.worker.ts': ['engines/wasm-pool-host.test.ts', 'an entry: serves the pool host on a worker_thread'],
	'engines/landscape.worker.ts': ['engines/landscape-client.test.ts', "an entry: serves the landscape host on a Web Worker's scope"],
	'engines/ts-population.ts': ['engines/index.test.ts', 'the factory builds it; the runner trains it (experiments/runner.test.ts)'],
	'engines/types.ts': ['engines/members.test.ts', 'types only: the engine contract'],
	'engines/webgpu/device.ts': ['engines/webgpu/buffers.test.ts', 'the shared device every GPU test acquires; its loss in reliability/webgpu-lost.test.ts'],
	'engines/webgpu/wgsl-model.ts': ['engines/webgpu/bindings.test.ts', 'the generated WGSL, checked against the one uniform layout'],
	'stores/frame-types.ts': ['stores/frame.test.ts', 'types only: the frame the panels draw']
};

const walk = (dir: string): string[] =>
	readdirSync(dir).flatMap((name) => {
		const p = join(dir, name);
		return statSync(p).isDirectory() ? walk(p) : [p];
	});

const modules = FOLDERS.flatMap((f) => walk(join(ROOT, 'src/lib', f)))
	.filter((p) => p.endsWith('.ts') && !p.endsWith('.d.ts'))
	.map((p) => relative(join(ROOT, 'src/lib'), p))
	.sort();

const TESTS = join(ROOT, 'tests/unit');
const testFiles = walk(TESTS).filter((p) => /\.(ts|js)$/.test(p));
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|new URL\(\s*)['"]([^'"]+)['"]/g;

/** The files a test file names (static, dynamic and type imports; worker entries by URL), resolved. */
function importsOf(file: string): string[] {
	const out: string[] = [];
	for (const [, spec] of readFileSync(file, 'utf8').matchAll(SPECIFIER)) {
		const base = spec.startsWith('$lib/') ? join(ROOT, 'src/lib', spec.slice(5)) : spec.startsWith('.') ? resolve(dirname(file), spec) : null;
		if (!base) continue;
		const hit = [base, `${base}.ts`, join(base, 'index.ts')].find((c) => existsSync(c) && statSync(c).isFile());
		if (hit) out.push(hit);
	}
	return out;
}

/** What a test reaches: its own imports and those of the test helpers it imports, transitively. */
function reach(file: string, seen = new Set<string>()): Set<string> {
	for (const f of importsOf(file)) {
		if (seen.has(f)) continue;
		seen.add(f);
		if (f.startsWith(join(TESTS, 'helpers'))) reach(f, seen);
	}
	return seen;
}

const reached = new Map(testFiles.map((t) => [relative(TESTS, t), reach(t)]));
const src = (m: string) => join(ROOT, 'src/lib', m);
const ownTest = (m: string) => m.replace(/\.ts$/, '.test.ts');

describe('tests mirror the source', () => {
	it('finds the modules and the tests', () => {
		expect(modules).toContain('core/model.ts');
		expect(modules).toContain('engines/webgpu/grid.ts');
		expect(reached.get('core/model.test.ts')?.has(src('core/model.ts'))).toBe(true);
	});

	it('every module is imported by a test', () => {
		const imported = new Set([...reached.values()].flatMap((s) => [...s]));
		expect(modules.filter((m) => !imported.has(src(m)))).toEqual([]);
	});

	it('every module has its own test, or one named in TESTED_IN that imports it', () => {
		const missing = modules.filter((m) => !reached.has(ownTest(m)) && !TESTED_IN[m]);
		expect(missing, 'add tests/unit/<folder>/<module>.test.ts').toEqual([]);
		for (const [m, [test]] of Object.entries(TESTED_IN)) {
			expect(modules, `TESTED_IN names ${m}, which is no module`).toContain(m);
			expect(reached.has(ownTest(m)), `${m} has its own test now: drop it from TESTED_IN`).toBe(false);
			expect(reached.get(test)?.has(src(m)), `${test} does not import ${m}`).toBe(true);
		}
	});

	it("a test in a module's folder is named after a module that exists", () => {
		const stray = [...reached.keys()].filter((t) => FOLDERS.includes(t.split('/')[0]) && t.endsWith('.test.ts') && !existsSync(src(t.replace(/\.test\.ts$/, '.ts'))));
		expect(stray).toEqual([]);
	});
});
