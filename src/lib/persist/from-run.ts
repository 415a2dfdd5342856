/** A Run as a saved-run document (and the name it is listed under). */
import { get } from 'svelte/store';
import type { Run } from '../stores/run';
import type { SavedRun, SavedSnapshot } from './format';

export function savedFromRun(run: Run, name?: string): Omit<SavedRun, 'format' | 'version'> | null {
	const snaps = get(run.snapshots);
	const ck = run.lastCheckpoint();
	if (!snaps.length || !ck) return null;
	const config = get(run.config);
	const snapshots: SavedSnapshot[] = snaps.filter((s) => s.step < ck.step).map((s) => ({ step: s.step, epoch: s.epoch, params: Array.from(s.params) }));
	// The checkpoint last, with Adam's state: a loaded run continues exactly where this one is.
	snapshots.push({ step: ck.step, epoch: ck.epoch, params: Array.from(ck.params), ...(ck.adam ? { adam: { m: Array.from(ck.adam.m), v: Array.from(ck.adam.v), t: ck.adam.t } } : {}) });
	const metrics = get(run.metrics).filter((m) => m.epoch <= ck.epoch);
	return {
		name: (name ?? `seed ${config.seed}, p = ${config.p}, epoch ${ck.epoch}`).slice(0, 200),
		created: new Date().toISOString(),
		engine: get(run.engineName),
		config,
		metrics,
		snapshots
	};
}
