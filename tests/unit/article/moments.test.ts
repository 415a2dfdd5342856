/** Fig 5's four moments: the epochs of a run's plateau, drops and the stretch between, or the middle of a run that never dropped. */
import { describe, expect, it } from 'vitest';
import { findPhases } from '../../../src/lib/core/drops';
import { momentEpochs } from '../../../src/lib/article/live/moments';

describe('momentEpochs', () => {
	it('a run that never left its plateau: its middle is the one moment, the drops have none', () => {
		const flat = Array.from({ length: 1000 }, (_, i) => Math.log(2) + 1e-3 * Math.sin(i));
		const ph = findPhases(flat);
		expect(ph.drops).toHaveLength(0);
		expect(momentEpochs(ph, 1000)).toEqual([500, undefined, undefined, undefined]);
		// Without the run's length there is nothing to place.
		expect(momentEpochs(ph)).toEqual([undefined, undefined, undefined, undefined]);
	});
	it('a run with two drops: the moments are the drop finder\'s snapshots, as epochs (index + 1)', () => {
		const loss = Array.from({ length: 600 }, (_, i) => (i < 200 ? 0.69 : i < 230 ? 0.69 - ((i - 200) / 30) * 0.59 : i < 400 ? 0.1 : i < 430 ? 0.1 - ((i - 400) / 30) * 0.099 : 0.001));
		const ph = findPhases(loss);
		expect(ph.drops).toHaveLength(2);
		const s = ph.snapshots;
		expect(momentEpochs(ph, 600)).toEqual([s.before! + 1, s.firstDrop! + 1, s.between! + 1, s.secondDrop! + 1]);
	});
});
