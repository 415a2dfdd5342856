import type { CircuitClass } from '$lib/core/circuits';

/** Reader-facing names of core/circuits.ts's classes. */
export const CLASS_NAMES: Record<CircuitClass, string> = {
	ideal: 'ideal',
	'faulty-attention-corrected-by-V': 'faulty attention, corrected by V',
	'partial-invariants': 'partial invariants',
	fuzzy: 'fuzzy',
	failed: 'failed (accuracy < 90%)'
};
export const CLASS_COLORS: Record<CircuitClass, string> = {
	ideal: '#009E73',
	'faulty-attention-corrected-by-V': '#0072B2',
	'partial-invariants': '#E69F00',
	fuzzy: '#CC79A7',
	failed: '#999999'
};
