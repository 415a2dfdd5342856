/** The four moments of Fig 5 (core/drops.ts findPhases), as epochs of the run (its loss index + 1). */
import type { Phases } from '$lib/core/drops';

export const MOMENTS = [
	{ key: 'before', title: 'On the plateau', what: 'plateau before a drop' },
	{ key: 'firstDrop', title: 'After the first drop', what: 'first drop' },
	{ key: 'between', title: 'Between the drops', what: 'stretch between two drops' },
	{ key: 'secondDrop', title: 'After the second drop', what: 'second drop' }
] as const;

/**
 * The epoch of each moment, undefined where the run has none. A run with no drop at all never left its
 * plateau: its whole length is the plateau, so the first moment is its middle (`epochs`: the run's length).
 */
export function momentEpochs(ph: Phases | null, epochs?: number): (number | undefined)[] {
	const stalled = !!ph && ph.drops.length === 0 && !!epochs;
	return MOMENTS.map((m, i) => {
		if (stalled && i === 0) return Math.max(1, Math.round(epochs! / 2));
		const j = ph?.snapshots[m.key];
		return j === undefined ? undefined : j + 1;
	});
}
