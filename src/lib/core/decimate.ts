/**
 * A bounded snapshot history. Keeping every epoch's parameters of a 1000-epoch run (or every step
 * of a long one) would grow without bound; the timeline needs full detail only near the present
 * and a coarser and coarser past.
 *
 * Rule: a snapshot at index i (epoch or step) is kept, when the newest index is `now`, if
 * - its age a = now − i is below `recent`, or
 * - i is a multiple of 2^j with j = ⌊log2(a / recent)⌋ + 1 (ages recent…2·recent keep every 2nd,
 *   2·recent…4·recent every 4th, …), or
 * - it is the first (i = 0) snapshot or the newest one.
 * Each octave of age holds about recent/2 snapshots, so N indices leave about
 * recent + (recent/2)·log2(N/recent) of them (≈ 200 for N = 1000, recent = 64). The rule is
 * monotone: a snapshot dropped at some `now` would also be dropped at any later `now` (being a
 * multiple of 2^j implies being one of 2^(j−1)), so pruning as the run goes on gives the same
 * history as pruning once at the end.
 */
export interface DecimateOptions {
	/** Ages kept in full (default 64). */
	recent?: number;
}

/** Whether the snapshot at index i survives when the newest index is now. */
export function keepSnapshot(i: number, now: number, opts: DecimateOptions = {}): boolean {
	const recent = Math.max(1, opts.recent ?? 64);
	const age = now - i;
	if (i === 0 || age <= 0 || age < recent) return true;
	const j = Math.floor(Math.log2(age / recent)) + 1;
	return i % 2 ** j === 0;
}

/** The snapshots that survive (in their order); `index` reads each one's epoch or step. */
export function decimate<T>(snapshots: T[], now: number, index: (s: T) => number, opts: DecimateOptions = {}): T[] {
	return snapshots.filter((s) => keepSnapshot(index(s), now, opts));
}

/** How many of the indices 0..now survive (for sizing buffers and tests). */
export function decimatedCount(now: number, opts: DecimateOptions = {}): number {
	let c = 0;
	for (let i = 0; i <= now; i++) if (keepSnapshot(i, now, opts)) c++;
	return c;
}
