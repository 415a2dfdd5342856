/**
 * Every widget: its id (the /embed/<id> route and the <flatland-<id>> element), title, and component.
 * Panels take one prop, `sb` (a Sandbox).
 */
import type { Component } from 'svelte';
import type { Sandbox } from '$lib/stores/sandbox';
import TokenEmbeddings from './panels/TokenEmbeddings.svelte';
import PositionEmbeddings from './panels/PositionEmbeddings.svelte';
import RawEmbeddings from './panels/RawEmbeddings.svelte';
import NormalizedEmbeddings from './panels/NormalizedEmbeddings.svelte';
import AttentionMap from './panels/AttentionMap.svelte';
import ValueTransform from './panels/ValueTransform.svelte';
import SequenceEmbeddings from './panels/SequenceEmbeddings.svelte';
import TransformLevels from './panels/TransformLevels.svelte';
import MlpInput from './panels/MlpInput.svelte';
import Receptors from './panels/Receptors.svelte';
import Assemblers from './panels/Assemblers.svelte';
import MlpOutput from './panels/MlpOutput.svelte';
import OutputLevels from './panels/OutputLevels.svelte';
import Simplex from './panels/Simplex.svelte';
import LossCurve from './panels/LossCurve.svelte';
import AccuracyCurve from './panels/AccuracyCurve.svelte';

export interface PanelInfo {
	id: string;
	title: string;
	component: Component<{ sb: Sandbox }>;
}

/** The sixteen panels of the paper's frame, in its reading order (row by row). */
export const PANELS: PanelInfo[] = [
	{ id: 'tokens', title: 'Token embeddings', component: TokenEmbeddings },
	{ id: 'positions', title: 'Position embeddings', component: PositionEmbeddings },
	{ id: 'raw', title: 'Raw embeddings E(x) + P(t)', component: RawEmbeddings },
	{ id: 'normalized', title: 'Normalised embeddings and query', component: NormalizedEmbeddings },
	{ id: 'attention', title: 'Attention maps', component: AttentionMap },
	{ id: 'value', title: 'Value transform V z', component: ValueTransform },
	{ id: 'sequence', title: 'Sequence embeddings ξ', component: SequenceEmbeddings },
	{ id: 'levels', title: 'Level lines of p(y | ξ)', component: TransformLevels },
	{ id: 'mlp-input', title: 'Normalised MLP input', component: MlpInput },
	{ id: 'receptors', title: 'MLP receptors', component: Receptors },
	{ id: 'assemblers', title: 'MLP assemblers', component: Assemblers },
	{ id: 'mlp-output', title: 'MLP output ζ', component: MlpOutput },
	{ id: 'output-levels', title: 'Output level lines', component: OutputLevels },
	{ id: 'simplex', title: 'Output probabilities', component: Simplex },
	{ id: 'loss', title: 'Loss', component: LossCurve },
	{ id: 'accuracy', title: 'Accuracy', component: AccuracyCurve }
];

/** Widgets that are not one of the sixteen panels. */
export const EXTRA_WIDGETS = [
	{ id: 'sandbox', title: 'The whole sandbox (16 panels, controls, timeline)' },
	{ id: 'landscape', title: 'Loss landscape (three.js)' }
];

export const panelById = (id: string) => PANELS.find((p) => p.id === id);
