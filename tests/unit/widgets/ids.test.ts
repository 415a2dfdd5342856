/** widgets/ids.ts: every widget id and title in one place; the routes, the elements and the registry read it. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXTRA_WIDGETS, PANEL_IDS, PANEL_META, PANEL_TITLE, WIDGET_IDS } from '../../../src/lib/widgets/ids';

const PANELS_DIR = join(__dirname, '..', '..', '..', 'src', 'lib', 'widgets', 'panels');

describe('widget ids and titles', () => {
	it('sixteen panels with distinct ids and titles, then the two other widgets', () => {
		expect(PANEL_IDS).toHaveLength(16);
		expect(new Set(PANEL_IDS).size).toBe(16);
		expect(new Set(PANEL_META.map((p) => p.title)).size).toBe(16);
		expect(WIDGET_IDS).toEqual(['sandbox', 'landscape', ...PANEL_IDS]);
		expect(EXTRA_WIDGETS.every((w) => w.title.length > 0)).toBe(true);
		expect(PANEL_TITLE['mlp-input']).toBe('Normalised MLP input N(ξ)');
	});

	it('no panel component spells a title of its own (they come from ids.ts)', () => {
		for (const f of readdirSync(PANELS_DIR).filter((x) => x.endsWith('.svelte'))) {
			const src = readFileSync(join(PANELS_DIR, f), 'utf8');
			for (const { title } of PANEL_META) expect(src.includes(`title="${title}"`), `${f} repeats "${title}"`).toBe(false);
		}
	});
});
