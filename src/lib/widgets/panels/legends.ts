/** The keys of the panels (Legend items): one builder per kind of mark, shared by the panels that draw it. */
import { interpolateViridis } from 'd3-scale-chromatic';
import type { LegendItem, LegendRamp } from '../Legend.svelte';
import { classMarker as markerName } from '$lib/core/probes';
import { classColor, classMarker } from '../plot';
import { INK, tokenColor } from '../palette';

const VIRIDIS = [0, 0.25, 0.5, 0.75, 1].map((t) => interpolateViridis(0.02 + 0.88 * t));

/** Token colours, the spare ones (x ≥ p) dashed; an arrow when a point lies beyond the view. */
export function tokenLegend(nbEmb: number, p: number, pinned = false): LegendItem[] {
	const items: LegendItem[] = Array.from({ length: nbEmb }, (_, x) => ({
		label: x < p ? `token ${x}` : `token ${x} (spare, unused)`,
		mark: 'circle' as const,
		color: tokenColor(x),
		dashed: x >= p
	}));
	if (pinned) items.push({ label: 'beyond the view: drawn on its edge', mark: 'arrow' });
	return items;
}

/** Position embeddings: circles for the prefix positions t ≤ k, squares for the spurious ones. */
export function positionLegend(k: number): LegendItem[] {
	return [
		{ label: `prefix position (t ≤ ${k})`, mark: 'ring', color: INK.blue },
		{ label: `spurious position (t > ${k})`, mark: 'box', color: INK.vermillion }
	];
}

/** (token, position) cells: colour by token, circle for a prefix position, square for a spurious one. */
export function cellLegend(p: number, k: number): LegendItem[] {
	return [
		...Array.from({ length: p }, (_, x) => ({ label: `token ${x}`, mark: 'circle' as const, color: tokenColor(x) })),
		{ label: `at a prefix position (t ≤ ${k})`, mark: 'ring' },
		{ label: `at a spurious position (t > ${k})`, mark: 'box' }
	];
}

/**
 * Probe sentences: marker by class, colour by prefix family (the multiset of its prefix tokens, in
 * core/probes.ts's order: more 0s first); a lighter tint is the family's second arrangement.
 */
export function probeLegend(p: number): { items: LegendItem[]; ramps: LegendRamp[] } {
	return {
		items: Array.from({ length: p }, (_, y) => ({ label: `class ${y}`, mark: markerName(y) === 'circle' ? ('circle' as const) : { d: classMarker(y, 70) } })),
		ramps: [{ label: 'prefix', colors: VIRIDIS, from: 'more 0s', to: `more ${p - 1}s` }]
	};
}

/** Level lines of p(y | ·): one colour per class, solid at 0.5, dashed at 0.25 and 0.75. */
export function levelLegend(classes: number): LegendItem[] {
	return [
		...Array.from({ length: classes }, (_, y) => ({ label: `y = ${y} likelier (tint, edge p = ½)`, mark: 'line' as const, color: classColor(y) })),
		{ label: 'p = ¼ and ¾', mark: 'dash' }
	];
}

/** MLP units: one colour per unit (the same unit has the same colour in both panels). */
export const unitRamp = (h: number): LegendRamp[] => [{ label: 'unit', colors: VIRIDIS, from: '0', to: String(h - 1) }];
