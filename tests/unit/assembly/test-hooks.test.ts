/** assembly/test-hooks.ts: the test build is the production build plus the hooks, and only the test build has them. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENERATED, instantiateTestBuild } from '../helpers/kernel-test-build';

const HOOKS = ['epoch_order', 'math_test', 'mix32', 'epoch_key'];
const exportsOf = (file: string) => WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(join(GENERATED, file)))).map((e) => e.name).sort();

describe.each(['simd', 'scalar'] as const)('%s builds', (flavour) => {
	it('production exports no test hook; the test build exports exactly production and the hooks', () => {
		const prod = exportsOf(`${flavour}.wasm`);
		const test = exportsOf(`${flavour}-test.wasm`);
		for (const h of HOOKS) expect(prod).not.toContain(h);
		expect(test).toEqual([...prod, ...HOOKS].sort());
	});

	it('the hooks work: lane-wise exp of a few values', async () => {
		const x = await instantiateTestBuild(flavour);
		x.setup(2, 2, 2, 2, 2, 4, 0, 1e-5, 1, 0.9, 0.999, 1e-8, 1);
		const ptr = x.alloc(16);
		new Float32Array(x.memory.buffer, ptr, 4).set([0, 1, -1, 2]);
		x.math_test(0, ptr, 4);
		Array.from(new Float32Array(x.memory.buffer, ptr, 4)).forEach((y, i) => expect(y).toBeCloseTo(Math.exp([0, 1, -1, 2][i]), 5));
	});
});
