/** assembly/shapes.ts: setup lays the parameters out as core/params.ts does and allocates the scratch. */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/lib/core/config';
import { layout } from '../../../src/lib/core/params';
import { instantiateTestBuild } from '../helpers/kernel-test-build';
import { SHAPES } from '../helpers/kernel-compare';

describe('kernel shapes', () => {
	it('param_count is the layout of core/params.ts, for every shape; the scratch buffers are distinct', async () => {
		for (const shape of SHAPES) {
			const c = parseConfig(shape);
			const x = await instantiateTestBuild('scalar');
			x.setup(c.p, c.L, c.d, c.h, c.nb_emb, c.batch, c.norm === 'smooth' ? 1 : 0, c.eps, c.rho, c.beta1, c.beta2, c.adam_eps, 4);
			expect(x.param_count()).toBe(layout(c).total);
			const ptrs = [x.grad_ptr(), x.metrics_ptr(), x.eval_ptr()];
			expect(new Set(ptrs).size).toBe(3);
			for (const ptr of ptrs) expect(ptr).toBeLessThan(x.memory.buffer.byteLength);
		}
	});
});
