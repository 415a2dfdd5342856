/**
 * Every panel's component, by the ids and titles of ids.ts. Panels take one prop, `sb` (a Sandbox).
 */
import type { Component } from 'svelte';
import type { Sandbox } from '$lib/stores/sandbox';
import { EXTRA_WIDGETS, PANEL_META, type PanelId } from './ids';
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
	id: PanelId;
	title: string;
	component: Component<{ sb: Sandbox }>;
}

const COMPONENTS: Record<PanelId, Component<{ sb: Sandbox }>> = {
	tokens: TokenEmbeddings,
	positions: PositionEmbeddings,
	raw: RawEmbeddings,
	normalized: NormalizedEmbeddings,
	attention: AttentionMap,
	value: ValueTransform,
	sequence: SequenceEmbeddings,
	levels: TransformLevels,
	'mlp-input': MlpInput,
	receptors: Receptors,
	assemblers: Assemblers,
	'mlp-output': MlpOutput,
	'output-levels': OutputLevels,
	simplex: Simplex,
	loss: LossCurve,
	accuracy: AccuracyCurve
};

/** The sixteen panels of the paper's frame, in its reading order (ids and titles: ids.ts). */
export const PANELS: PanelInfo[] = PANEL_META.map((p) => ({ ...p, component: COMPONENTS[p.id] }));

export { EXTRA_WIDGETS };

export const panelById = (id: string) => PANELS.find((p) => p.id === id);
