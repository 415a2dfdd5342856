/**
 * Shared by the Run's tests (stores/run.test.ts, property/run.test.ts): engines that answer after a
 * delay as a worker does and count the calls in flight, the controls' enabled states, a watcher of
 * the run's invariants, and a wait until the run is at rest.
 */
import { get } from 'svelte/store';
import type { Config } from '../../../src/lib/core/config';
import { createEngine } from '../../../src/lib/engines/index';
import type { Engine } from '../../../src/lib/engines/types';
import { WorkerCrashedError } from '../../../src/lib/engines/watchdog';
import type { Run } from '../../../src/lib/stores/run';

export const tick = (ms = 0) => new Promise<void>((r) => setTimeout(r, ms));

/** Engines that answer after a delay (like a worker), counting calls in flight across all of them. */
export function instrumented() {
	const w = { inFlight: 0, maxInFlight: 0, steps: 0, crashNext: false, made: 0 };
	const wrap = (e: Engine): Engine => {
		const timed =
			<A extends unknown[], R>(f: (...a: A) => Promise<R>) =>
			async (...a: A): Promise<R> => {
				w.inFlight++;
				w.maxInFlight = Math.max(w.maxInFlight, w.inFlight);
				try {
					await tick(Math.random() < 0.5 ? 0 : 1);
					return await f(...a);
				} finally {
					w.inFlight--;
				}
			};
		return {
			get name() {
				return e.name;
			},
			init: timed((c: Config, o?: Parameters<Engine['init']>[1]) => e.init(c, o)),
			step: timed(async (n: number) => {
				w.steps++;
				if (w.crashNext) {
					w.crashNext = false;
					throw new WorkerCrashedError('injected: the worker died');
				}
				return e.step(n);
			}),
			snapshot: timed((o?: Parameters<Engine['snapshot']>[0]) => e.snapshot(o)),
			evaluate: timed(() => e.evaluate()),
			gradients: (rows) => e.gradients(rows),
			stepBatches: (b) => e.stepBatches(b),
			lossGrid: (...a) => e.lossGrid(...a),
			dispose: () => e.dispose()
		};
	};
	const factory = async () => {
		w.made++;
		return wrap(await createEngine('wasm'));
	};
	return { w, factory };
}

/** What the widgets' buttons allow in a status (TrainControls.svelte, EmbedBar.svelte). */
export const playEnabled = (s: string) => s === 'paused' || s === 'running';

export const stepEnabled = (s: string) => s === 'paused';

/** Watch a run's stores: metrics epochs never pass the config's, and only go forward within a history. */
export function watch(run: Run) {
	const broken: string[] = [];
	const u1 = run.metrics.subscribe((m) => {
		const epochs = get(run.config).epochs;
		for (let i = 0; i < m.length; i++) {
			if (m[i].epoch > epochs) broken.push(`metrics reached epoch ${m[i].epoch} of ${epochs}`);
			if (i > 0 && m[i].epoch <= m[i - 1].epoch) broken.push(`metrics went from epoch ${m[i - 1].epoch} to ${m[i].epoch}`);
		}
	});
	const u2 = run.snapshots.subscribe((s) => {
		const epochs = get(run.config).epochs;
		for (let i = 0; i < s.length; i++) {
			if (s[i].epoch > epochs) broken.push(`a snapshot at epoch ${s[i].epoch} of ${epochs}`);
			if (i > 0 && s[i].step <= s[i - 1].step) broken.push(`snapshots went from step ${s[i - 1].step} to ${s[i].step}`);
		}
	});
	return {
		broken,
		stop() {
			u1();
			u2();
		}
	};
}

/** Wait until the run has stopped doing anything by itself (a loop or a queued step still running). */
export async function quiet(run: Run, ms = 20_000): Promise<void> {
	const t0 = Date.now();
	let last = '';
	let same = 0;
	while (Date.now() - t0 < ms) {
		const s = `${get(run.status)} ${get(run.metrics).at(-1)?.epoch}`;
		same = s === last && !['loading', 'running'].includes(get(run.status)) ? same + 1 : 0;
		last = s;
		if (same >= 5) return;
		await tick(5);
	}
	throw new Error(`the run never came to rest: ${get(run.status)} at epoch ${get(run.metrics).at(-1)?.epoch}`);
}

/** A small run: 4 steps an epoch, 12 epochs. */
export const small = { seed: 2, n: 64, batch: 16, epochs: 12 };
