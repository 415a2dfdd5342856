/** The lane-wise exp, log and exact-erf GELU of the kernels (polynomials, no Math calls) against float64. */
import { describe, expect, it } from 'vitest';
import { gelu, geluGrad } from '../../../src/lib/core/math';
import type { WasmFlavor } from '../../../src/lib/engines/wasm-loader';
import { instantiateTestBuild as instantiate } from '../helpers/kernel-test-build';

async function apply(flavor: WasmFlavor, kind: number, xs: number[]): Promise<Float32Array> {
	const x = await instantiate(flavor);
	x.setup(2, 2, 2, 2, 2, 4, 0, 1e-5, 1, 0.9, 0.999, 1e-8, 1);
	const ptr = x.alloc(xs.length * 4);
	new Float32Array(x.memory.buffer, ptr, xs.length).set(xs);
	x.math_test(kind, ptr, xs.length);
	return new Float32Array(x.memory.buffer, ptr, xs.length).slice();
}

const grid = (a: number, b: number, n: number) => Array.from({ length: n }, (_, i) => Math.fround(a + ((b - a) * i) / (n - 1)));

describe.each(['simd', 'scalar'] as const)('%s kernel math', (flavor) => {
	it('exp: relative error < 3e-7 on [-80, 80]', async () => {
		const xs = grid(-80, 80, 4000);
		const ys = await apply(flavor, 0, xs);
		let worst = 0;
		xs.forEach((x, i) => (worst = Math.max(worst, Math.abs(ys[i] - Math.exp(x)) / Math.exp(x))));
		expect(worst).toBeLessThan(3e-7);
	});
	it('log: relative error < 3e-7 on [1e-3, 1e4]', async () => {
		const xs = grid(-3, 4, 4000).map((e) => Math.fround(10 ** e));
		const ys = await apply(flavor, 1, xs);
		let worst = 0;
		xs.forEach((x, i) => (worst = Math.max(worst, Math.abs(ys[i] - Math.log(x)) / Math.max(Math.abs(Math.log(x)), 1e-3))));
		expect(worst).toBeLessThan(3e-7);
	});
	it('GELU x·Φ(x) and its derivative match the float64 erf form', async () => {
		const xs = grid(-9, 9, 6000);
		const g = await apply(flavor, 2, xs);
		const dg = await apply(flavor, 3, xs);
		// The float64 reference computes Φ as ½(1 + erf) and loses its own relative accuracy below
		// x ≈ −5 (it is exactly 0 past −8.3): compare relative errors above −5, absolute ones everywhere.
		let rel = 0, relD = 0, abs = 0, absD = 0;
		xs.forEach((x, i) => {
			abs = Math.max(abs, Math.abs(g[i] - gelu(x)));
			absD = Math.max(absD, Math.abs(dg[i] - geluGrad(x)));
			if (x < -5) return; // (and the derivative crosses zero near −0.75: relative errors only away from it)
			rel = Math.max(rel, Math.abs(g[i] - gelu(x)) / Math.abs(gelu(x)));
			if (Math.abs(geluGrad(x)) > 0.05) relD = Math.max(relD, Math.abs(dg[i] - geluGrad(x)) / Math.abs(geluGrad(x)));
		});
		expect(rel).toBeLessThan(2e-6);
		expect(relD).toBeLessThan(2e-6);
		expect(abs).toBeLessThan(1e-6);
		expect(absD).toBeLessThan(1e-6);
	});
});
