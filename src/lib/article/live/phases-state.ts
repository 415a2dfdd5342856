/**
 * §5's one run, shared by its two figures (the scroll-driven loss + snapshot panels, and the four
 * moments side by side): the chosen run of claims.ts by default, trained once to the end with a
 * snapshot every few epochs; the drop finder (core/drops.ts) runs in the analysis worker on its loss.
 * One sandbox for the page's lifetime: the reader's retrain resets its run, so panels never hold a
 * stale one.
 */
import { get, writable } from 'svelte/store';
import type { Phases } from '$lib/core/drops';
import { makeSandbox } from '$lib/stores/make';
import type { Run } from '$lib/stores/run';
import type { Sandbox } from '$lib/stores/sandbox';
import { claimConfig } from '../claims';
import { analyse } from '../analysis';

export interface PhasesSettings {
	seed: number;
	lr: number;
	epochs: number;
}

export class PhasesState {
	readonly defaults: PhasesSettings;
	readonly sb: Sandbox<Run>;
	readonly phases = writable<Phases | null>(null);
	readonly settings = writable<PhasesSettings>();
	readonly busy = writable(false);
	private started = false;
	private generation = 0;

	constructor() {
		const c = claimConfig('phases');
		this.defaults = { seed: c.seed, lr: c.lr, epochs: c.epochs };
		this.settings.set(this.defaults);
		this.sb = makeSandbox(c);
	}

	/** Start the default run once (the first figure to come near calls it). */
	ensureStarted(): void {
		if (this.started) return;
		this.started = true;
		void this.train(this.defaults);
	}

	async train(s: PhasesSettings): Promise<void> {
		const gen = ++this.generation;
		this.started = true;
		this.settings.set(s);
		this.phases.set(null);
		this.busy.set(true);
		const run = this.sb.run;
		await run.reset({ seed: s.seed, lr: s.lr, epochs: s.epochs });
		// A snapshot every few epochs, so that each step can show the run close to its moment.
		await run.trainTo(s.epochs, Math.max(2, Math.round(s.epochs / 150)));
		if (gen !== this.generation) return;
		const loss = get(run.metrics)
			.filter((m) => m.epoch >= 1)
			.map((m) => m.loss);
		const ph = await analyse('phases', loss);
		if (gen !== this.generation) return;
		this.phases.set(ph);
		this.busy.set(false);
	}
}

let state: PhasesState | null = null;
export const phasesState = (): PhasesState => (state ??= new PhasesState());
