/** assembly/norm.ts: the normalisation N(e) of the embeddings (rms and smooth) against the reference. */
import { describe, expect, it } from 'vitest';
import { both, FLAVOURS, relErr, SHAPES } from '../helpers/kernel-compare';

describe.each(FLAVOURS)('%s normalisation', (flavour) => {
	it('normalised embeddings z and the normalised MLP input agree with the float64 reference', async () => {
		for (const shape of SHAPES) {
			const { wasm, ts } = await both(flavour, shape);
			expect(relErr(wasm.intermediates!.z!, ts.intermediates!.z!), JSON.stringify(shape)).toBeLessThan(1e-5);
			expect(relErr(wasm.intermediates!.hidden!, ts.intermediates!.hidden!), JSON.stringify(shape)).toBeLessThan(1e-5);
		}
	});
});
