import { describe, expect, it } from 'vitest';
import { epochKey, epochOrder, mix32 } from '../../../src/lib/core/rng';
import { instantiateTestBuild } from '../helpers/kernel-test-build';

describe('the shuffle inside WebAssembly', () => {
	it('hashes and permutes bit for bit like core/rng.ts', async () => {
		const x = await instantiateTestBuild('simd');
		for (const v of [0, 1, 12345, 0x7fffffff, 0x80000000, 0xffffffff]) expect(x.mix32(v) >>> 0).toBe(mix32(v));
		for (const [seed, epoch] of [[0, 0], [1, 7], [0xdeadbeef, 999]]) expect(x.epoch_key(seed, epoch) >>> 0).toBe(epochKey(seed, epoch));
		x.setup(2, 12, 2, 4, 3, 4, 0, 1e-5, 1, 0.9, 0.999, 1e-8, 1);
		for (const n of [1, 5, 64, 100, 2048, 3000, 65536]) {
			const out = x.alloc(n * 4);
			x.epoch_order(n, 42, 3, out);
			expect(Array.from(new Int32Array(x.memory.buffer, out, n))).toEqual(Array.from(epochOrder(n, 42, 3)));
		}
	});
});
