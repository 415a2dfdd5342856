/** assembly/header.ts: a model context's header, as wasm-kernel.ts reads it. */
import { describe, expect, it } from 'vitest';
import { instantiateTestBuild } from '../helpers/kernel-test-build';

describe('kernel model header', () => {
	it('model_new fills the header: counts, seed, no epoch ordered yet, no loss yet, its own buffers', async () => {
		const x = await instantiateTestBuild('simd');
		x.setup(2, 4, 2, 3, 3, 4, 0, 1e-5, 1, 0.9, 0.999, 1e-8, 2);
		const H = (k: string) => (x[`H_${k}`] as WebAssembly.Global).value as number;
		const fields = ['NTRAIN', 'NTEST', 'NEVAL', 'SEED', 'STEP', 'ADAMT', 'DIVSTEP', 'DIVWHAT', 'ORDEREPOCH', 'LR', 'LRMLP', 'LASTLOSS', 'XB', 'EXB', 'EVALEVERY', 'EVALLAST', 'PARAMS', 'M', 'V', 'X', 'Y', 'EX', 'EY', 'ECTR', 'ECTE', 'ORDER'];
		expect(new Set(fields.map(H)).size).toBe(fields.length);
		const a = x.model_new(10, 6, 12, 77, 0.5, 0.25);
		const b = x.model_new(10, 6, 12, 78, 0.5, 0.25);
		const i = (ctx: number, k: string) => new Int32Array(x.memory.buffer, ctx, 32)[H(k)];
		const f = (ctx: number, k: string) => new Float32Array(x.memory.buffer, ctx, 32)[H(k)];
		expect([i(a, 'NTRAIN'), i(a, 'NTEST'), i(a, 'NEVAL'), i(a, 'SEED'), i(a, 'STEP'), i(a, 'ORDEREPOCH'), i(a, 'EVALEVERY')]).toEqual([10, 6, 12, 77, 0, -1, 1]);
		expect([f(a, 'LR'), f(a, 'LRMLP')]).toEqual([0.5, 0.25]);
		expect(Number.isNaN(f(a, 'LASTLOSS'))).toBe(true);
		const buffers = ['PARAMS', 'M', 'V', 'X', 'Y', 'EX', 'EY', 'ECTR', 'ECTE', 'ORDER'];
		expect(new Set([...buffers.map((k) => i(a, k)), ...buffers.map((k) => i(b, k))]).size).toBe(2 * buffers.length);
	});
});
