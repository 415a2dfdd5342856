/** prose.ts runSentence on a run still on its way: a loss falling towards ln p has not left the plateau. */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/lib/core/config';
import { runSentence } from '../../../src/lib/article/prose';

const m = (epoch: number, loss: number, test_acc: number) => ({ epoch, loss, acc: test_acc, test_loss: loss, test_acc });

describe('runSentence while a run trains', () => {
	const c = parseConfig({ batch: 2048, epochs: 3000 });
	it('a full-batch run above ln p (it starts there) is falling towards the plateau, not off it', () => {
		expect(runSentence(c, [m(1, 1.1, 0.5), m(5, 0.87, 0.49)])).toMatch(/still falling towards the plateau/);
	});
	it('below the plateau with accuracy rising it has left the plateau', () => {
		expect(runSentence(c, [m(1, 0.69, 0.5), m(300, 0.4, 0.8)])).toMatch(/left the plateau/);
	});
});
