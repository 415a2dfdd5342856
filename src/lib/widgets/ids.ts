/**
 * Every widget's id (routes /embed/<id>, elements <flatland-<id>>) and title, in one place and
 * without importing any component: registry.ts adds the components, panels take their titles here.
 */

/** The sixteen panels of the paper's frame, in its reading order (row by row). */
export const PANEL_META = [
	{ id: 'tokens', title: 'Token embeddings E(x)' },
	{ id: 'positions', title: 'Position embeddings P(t)' },
	{ id: 'raw', title: 'Raw embeddings E(x) + P(t)' },
	{ id: 'normalized', title: 'Normalised embeddings z and query q' },
	{ id: 'attention', title: 'Attention maps of the probe sentences' },
	{ id: 'value', title: 'Value transform V z' },
	{ id: 'sequence', title: 'Sequence embeddings ξ' },
	{ id: 'levels', title: 'Level lines of p(y | ξ)' },
	{ id: 'mlp-input', title: 'Normalised MLP input N(ξ)' },
	{ id: 'receptors', title: 'MLP receptors (rows of W1)' },
	{ id: 'assemblers', title: 'MLP assemblers (columns of W2)' },
	{ id: 'mlp-output', title: 'MLP output ζ' },
	{ id: 'output-levels', title: 'Output level lines p(y | ζ)' },
	{ id: 'simplex', title: 'Output probabilities (simplex)' },
	{ id: 'loss', title: 'Loss' },
	{ id: 'accuracy', title: 'Accuracy' }
] as const;

export type PanelId = (typeof PANEL_META)[number]['id'];

export const PANEL_IDS: PanelId[] = PANEL_META.map((p) => p.id);

/** A panel's title by id (what its frame shows). */
export const PANEL_TITLE = Object.fromEntries(PANEL_META.map((p) => [p.id, p.title])) as Record<PanelId, string>;

/** Widgets that are not one of the sixteen panels. */
export const EXTRA_WIDGETS = [
	{ id: 'sandbox', title: 'The whole sandbox (16 panels, controls, timeline)' },
	{ id: 'landscape', title: 'Loss landscape (three.js)' }
] as const;

export const WIDGET_IDS: string[] = [...EXTRA_WIDGETS.map((w) => w.id), ...PANEL_IDS];
