/** assembly/forward.ts: the forward pass (sequence embedding, MLP, logits, loss) against the reference. */
import { describe, expect, it } from 'vitest';
import { both, FLAVOURS, relErr, SHAPES } from '../helpers/kernel-compare';

describe.each(FLAVOURS)('%s forward pass', (flavour) => {
	it('ξ, ζ, logits and the mean loss agree with the float64 reference (d = 2 in registers, other d in loops)', async () => {
		for (const shape of SHAPES) {
			const { wasm, ts } = await both(flavour, shape);
			const at = JSON.stringify(shape);
			expect(relErr(wasm.intermediates!.xi!, ts.intermediates!.xi!), at).toBeLessThan(1e-5);
			expect(relErr(wasm.intermediates!.zeta!, ts.intermediates!.zeta!), at).toBeLessThan(1e-5);
			expect(relErr(wasm.logits, ts.logits), at).toBeLessThan(1e-5);
			expect(Math.abs(wasm.loss - ts.loss) / ts.loss, at).toBeLessThan(1e-5);
		}
	});
});
