/**
 * The custom-elements bundle (build/elements/flatland.js): <flatland-sandbox>, <flatland-landscape>
 * and one <flatland-<panel>> per panel, each mounting the same Svelte component with its widget
 * fixed. The attributes an element reads are the state keys of stores/urlstate.ts (derived from the
 * config schema), so a new config field is an attribute without anyone listing it here.
 */
import { mount, unmount } from 'svelte';
import FlatlandWidget from './FlatlandWidget.svelte';
import { ATTRIBUTES, attributesOf } from '$lib/stores/urlstate';
import { WIDGET_IDS } from '$lib/widgets/ids';

/** One widget as an element: mounted when connected, read from its attributes then (as an embed reads its URL). */
function elementFor(widget: string): CustomElementConstructor {
	return class extends HTMLElement {
		static observedAttributes = ATTRIBUTES.map((a) => a.attribute);
		private app: ReturnType<typeof mount> | null = null;

		connectedCallback() {
			if (this.app) return;
			this.app = mount(FlatlandWidget, { target: this, props: { widget, attrs: attributesOf(this) } });
		}

		disconnectedCallback() {
			// A move (removed and inserted again in the same task) keeps the running widget.
			queueMicrotask(() => {
				if (this.isConnected || !this.app) return;
				void unmount(this.app);
				this.app = null;
			});
		}

		/** Attributes are read when the element is connected; a later change restarts the widget with them. */
		attributeChangedCallback(_name: string, old: string | null, now: string | null) {
			if (!this.app || old === now) return;
			void unmount(this.app);
			this.app = mount(FlatlandWidget, { target: this, props: { widget, attrs: attributesOf(this) } });
		}
	};
}

for (const id of WIDGET_IDS) {
	const tag = `flatland-${id}`;
	if (!customElements.get(tag)) customElements.define(tag, elementFor(id));
}

