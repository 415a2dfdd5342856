/**
 * No input becomes markup or code: innerHTML, outerHTML, insertAdjacentHTML, document.write, eval,
 * new Function and {@html} appear in src/ only where what they take is our own, and the lab's
 * figure escapes the strings it takes from results files.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { esc } from '../../../src/lib/experiments/figure';

describe('no markup or code from input', () => {
	it('innerHTML, outerHTML, insertAdjacentHTML, document.write, eval, new Function and {@html} appear only where the source is our own', () => {
		const files: string[] = [];
		const walk = (d: string) => {
			for (const f of readdirSync(d)) {
				const p = join(d, f);
				if (statSync(p).isDirectory()) {
					if (f !== 'generated') walk(p);
				} else if (/\.(ts|js|svelte)$/.test(f)) files.push(p);
			}
		};
		walk('src');
		const hits: string[] = [];
		for (const f of files) {
			readFileSync(f, 'utf8')
				.split('\n')
				.forEach((line, i) => {
					if (/\.innerHTML\s*=|outerHTML\s*=|insertAdjacentHTML|document\.write\(|\beval\(|new Function\(|\{@html /.test(line)) hits.push(`${f}:${i + 1}`);
				});
		}
		// KaTeX HTML made at build time from our own formulas; the lab's SVG, whose strings from results files go through esc();
		// the theme's <style>, made from palette.ts's constants only (the site's layout and the custom elements).
		const allowed = [/^src\/lib\/article\/Tex\.svelte:\d+$/, /^src\/routes\/lab\/LabResults\.svelte:\d+$/, /^src\/routes\/\+layout\.svelte:\d+$/, /^src\/lib\/elements\/FlatlandWidget\.svelte:\d+$/];
		expect(hits.filter((h) => !allowed.some((a) => a.test(h)))).toEqual([]);
		expect(esc('<img src=x onerror="a()">\'&')).toBe('&lt;img src=x onerror=&quot;a()&quot;&gt;&#39;&amp;');
	});
});
