/** assembly/evaluate.ts: loss and accuracy on the train and test sets (one pass per distinct sequence). */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/lib/core/config';
import { TsEngine } from '../../../src/lib/engines/ts';
import { WasmEngine } from '../../../src/lib/engines/wasm';
import { FLAVOURS, SHAPES } from '../helpers/kernel-compare';

describe.each(FLAVOURS)('%s evaluation', (flavour) => {
	it('losses agree with the reference, accuracies exactly (counts over n)', async () => {
		for (const shape of SHAPES) {
			const cfg = parseConfig({ seed: 4, ...shape });
			const w = new WasmEngine(flavour);
			const t = new TsEngine();
			await w.init(cfg);
			await t.init(cfg);
			const [a, b] = [await w.evaluate(), await t.evaluate()];
			expect(Math.abs(a.loss - b.loss) / b.loss).toBeLessThan(1e-5);
			expect(Math.abs(a.test_loss - b.test_loss) / b.test_loss).toBeLessThan(1e-5);
			expect(a.acc).toBe(b.acc);
			expect(a.test_acc).toBe(b.test_acc);
		}
	});
});
