import type { CircuitClass } from '$lib/core/circuits';
import { INK } from '$lib/widgets/palette';

/** Reader-facing names of core/circuits.ts's classes. */
export const CLASS_NAMES: Record<CircuitClass, string> = {
	ideal: 'ideal',
	'faulty-attention-corrected-by-V': 'faulty attention, corrected by V',
	'partial-invariants': 'partial invariants',
	fuzzy: 'fuzzy',
	failed: 'failed (accuracy < 90%)'
};
export const CLASS_COLORS: Record<CircuitClass, string> = {
	ideal: INK.green,
	'faulty-attention-corrected-by-V': INK.blue,
	'partial-invariants': INK.orange,
	fuzzy: INK.purple,
	failed: INK.grey
};
