/** The four moments of Fig 5 (core/drops.ts findPhases), as epochs of the run (its loss index + 1). */
import type { Phases } from '$lib/core/drops';

export const MOMENTS = [
	{ key: 'before', title: 'On the plateau', what: 'plateau before a drop' },
	{ key: 'firstDrop', title: 'After the first drop', what: 'first drop' },
	{ key: 'between', title: 'Between the drops', what: 'stretch between two drops' },
	{ key: 'secondDrop', title: 'After the second drop', what: 'second drop' }
] as const;

export function momentEpochs(ph: Phases | null): (number | undefined)[] {
	return MOMENTS.map((m) => {
		const i = ph?.snapshots[m.key];
		return i === undefined ? undefined : i + 1;
	});
}
