/** assembly/memory.ts: the bump allocator. */
import { describe, expect, it } from 'vitest';
import { instantiateTestBuild } from '../helpers/kernel-test-build';

describe('kernel allocator', () => {
	it('hands out 16-byte aligned, disjoint blocks and grows the memory for a large one', async () => {
		const x = await instantiateTestBuild('simd');
		const a = x.alloc(3);
		const b = x.alloc(40);
		expect(a % 16).toBe(0);
		expect(b % 16).toBe(0);
		expect(b).toBeGreaterThanOrEqual(a + 3);
		const pages = x.memory.buffer.byteLength / 65536;
		const big = x.alloc(5 * 65536);
		expect(big % 16).toBe(0);
		expect(x.memory.buffer.byteLength / 65536).toBeGreaterThan(pages);
		expect(big + 5 * 65536).toBeLessThanOrEqual(x.memory.buffer.byteLength);
	});
});
