/** assembly/backward.ts: the gradient of every tensor against the reference's hand-written backward pass. */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/lib/core/config';
import { layout, PARAM_NAMES } from '../../../src/lib/core/params';
import { both, FLAVOURS, relErr, SHAPES } from '../helpers/kernel-compare';

describe.each(FLAVOURS)('%s backward pass', (flavour) => {
	it('every tensor of the gradient agrees with the float64 reference (1e-4 per tensor)', async () => {
		for (const shape of SHAPES) {
			const { wasm, ts } = await both(flavour, shape);
			const lay = layout(parseConfig(shape));
			for (const name of PARAM_NAMES) {
				const { offset, size } = lay[name];
				expect(relErr(wasm.grads, ts.grads, offset, offset + size), `${name} of ${JSON.stringify(shape)}`).toBeLessThan(1e-4);
			}
		}
	});
});
