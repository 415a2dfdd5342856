/**
 * A run on screen as claim evidence (claims.ts): its config, the metrics of epochs 1…E, and its first
 * and latest parameters, as a store that follows the run while it trains.
 */
import { derived, type Readable } from 'svelte/store';
import type { Run } from '$lib/stores/run';
import type { RunEvidence } from './claims';

export function runEvidence(run: Run): Readable<RunEvidence | null> {
	return derived([run.config, run.metrics, run.snapshots], ([config, metrics, snaps]) => {
		if (!snaps.length) return null;
		return { kind: 'run', config, metrics: metrics.filter((m) => m.epoch >= 1), initial: snaps[0].params, final: snaps[snaps.length - 1].params } satisfies RunEvidence;
	});
}
