/** assembly/tables.ts: the (token, position) tables and the lanes reading them (masks for p = 2, gathers else). */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/lib/core/config';
import { initParams, layout } from '../../../src/lib/core/params';
import { both, FLAVOURS, relErr, SHAPES } from '../helpers/kernel-compare';

describe.each(FLAVOURS)('%s tables', (flavour) => {
	it('attention weights agree with the reference for every shape', async () => {
		for (const shape of SHAPES) {
			const { wasm, ts } = await both(flavour, shape);
			expect(relErr(wasm.intermediates!.attn!, ts.intermediates!.attn!), JSON.stringify(shape)).toBeLessThan(1e-5);
		}
	});

	it('scores spanning more than 80 (no shared exponential table) still give the reference', async () => {
		const shape = SHAPES[0];
		const cfg = parseConfig({ seed: 2, ...shape });
		const w = initParams(cfg);
		const q = layout(cfg).q;
		for (let j = 0; j < q.size; j++) w[q.offset + j] = 150 * (j % 2 ? -1 : 1);
		const { wasm, ts } = await both(flavour, shape, w);
		expect(relErr(wasm.intermediates!.attn!, ts.intermediates!.attn!)).toBeLessThan(1e-4);
		expect(Number.isFinite(wasm.loss)).toBe(true);
	});
});
