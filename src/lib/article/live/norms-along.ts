/**
 * Per-layer gradient norms along a run shown in the page (Figs 15–16, 18–19): at up to `max` of its
 * kept snapshots (and every snapshot from 30 epochs before an event, a drop or a spike, to 6 after), computed in
 * the article's analysis worker so that the page stays responsive. A full-batch run gets the full-batch gradient, the one it
 * steps on; a mini-batch run the mean norm of each epoch's own mini-batch gradients (core/gradnorms.ts).
 */
import { get } from 'svelte/store';
import type { Config } from '$lib/core/config';
import type { LayerName } from '$lib/core/gradnorms';
import { findDrops } from '$lib/core/drops';
import type { EpochMetrics } from '$lib/core/metrics';
import { analyse } from '../analysis';
import type { Run } from '$lib/stores/run';
import type { Sandbox } from '$lib/stores/sandbox';

export type LayerNorms = { epoch: number } & Record<LayerName, number>;

export async function normsAlong(sb: Sandbox<Run>, cfg: Config, events: number[], onPart: (n: LayerNorms[]) => void, max = 80, alive: () => boolean = () => true): Promise<LayerNorms[]> {
	const snaps = get(sb.run.snapshots);
	const every = Math.max(1, Math.ceil(snaps.length / max));
	const out: LayerNorms[] = [];
	for (let i = 0; i < snaps.length; i++) {
		// A run retrained meanwhile: stop (its norms would not be shown).
		if (!alive()) return out;
		const ep = snaps[i].epoch;
		// Every kept snapshot from 30 epochs before an event to 6 after: burstSentence compares the two sides.
		if (i % every && !events.some((e) => ep >= e - 30 && ep <= e + 6)) continue;
		// In the analysis worker (a full pass over the training set each): the page's thread stays free.
		const layers = await analyse('gradNorms', { ...cfg }, snaps[i].params, ep);
		if (!alive()) return out;
		out.push({ epoch: ep, ...layers });
		if (out.length % 6 === 0) onPart(out.slice());
	}
	onPart(out);
	return out;
}

/**
 * A full-batch run beside a figure (Figs 15, 19): train `sb` to `cfg.epochs`, hand its metrics (from
 * epoch 1) to `onTrained`, then its per-layer gradient norms along the run, sampled densely at its drops.
 */
export async function trainFullBatch(sb: Sandbox<Run>, cfg: Config, onNorms: (n: LayerNorms[]) => void, onTrained: (m: EpochMetrics[]) => void = () => {}): Promise<LayerNorms[]> {
	await sb.run.reset();
	await sb.run.trainTo(cfg.epochs, 1);
	const m = get(sb.run.metrics).filter((x) => x.epoch >= 1);
	onTrained(m);
	return normsAlong(sb, cfg, findDrops(m.map((x) => x.loss)).map((d) => d.peak + 1), onNorms, 100);
}

/**
 * Whether the MLP's gradient bursts at a run's events (drops or spikes), in words, computed from the
 * run on screen: for each event, the largest norm within a few epochs of it against the median norm of
 * the 25 epochs before it; the sentence quotes the event with the largest ratio.
 */
export function burstSentence(n: LayerNorms[], events: number[], what: string): string {
	if (n.length < 5) return '';
	if (!events.length) return `No ${what} was found in this run to compare its gradient norms with.`;
	const median = (v: number[]) => {
		const s = [...v].sort((a, b) => a - b);
		return s.length ? s[s.length >> 1] : NaN;
	};
	const bursts = events
		.map((e) => {
			const at = n.filter((x) => x.epoch >= e - 2 && x.epoch <= e + 5).map((x) => x.mlp);
			const before = n.filter((x) => x.epoch >= e - 30 && x.epoch <= e - 5).map((x) => x.mlp);
			return { e, ratio: at.length && before.length ? Math.max(...at) / median(before) : NaN };
		})
		.filter((b) => Number.isFinite(b.ratio));
	if (!bursts.length) return '';
	const best = bursts.reduce((a, b) => (b.ratio > a.ratio ? b : a));
	const ratio = best.ratio >= 10 ? best.ratio.toFixed(0) : best.ratio.toFixed(1);
	return best.ratio >= 1.5
		? `At the ${what} of epoch ${best.e} the MLP's gradient norm reaches ${ratio}× its level over the epochs before.`
		: `At its ${what}s the MLP's gradient norm stays within ${ratio}× its level before: no burst in this run.`;
}
