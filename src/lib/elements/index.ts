/**
 * The custom-elements bundle (build/elements/flatland.js): <flatland-sandbox>, <flatland-landscape>
 * and one <flatland-<panel>> per panel, all the same Svelte wrapper with the widget fixed.
 */
import FlatlandWidget from './FlatlandWidget.svelte';
import { WIDGET_IDS } from '$lib/widgets/ids';

type ElementClass = new () => HTMLElement & { widget?: string };
const Base = (FlatlandWidget as unknown as { element: ElementClass }).element;

for (const id of WIDGET_IDS) {
	const tag = `flatland-${id}`;
	if (customElements.get(tag)) continue;
	customElements.define(
		tag,
		class extends Base {
			constructor() {
				super();
				this.widget = id;
			}
		}
	);
}

export const TAGS = WIDGET_IDS.map((id) => `flatland-${id}`);
