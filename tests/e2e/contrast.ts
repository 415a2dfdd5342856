/**
 * Text contrast measured on the rendered page (WCAG 2, AA): every visible text node's colour and
 * the colour behind it are resolved from computed styles (backgrounds of its ancestors composited,
 * opacity of every ancestor applied, SVG fill and fill-opacity), and the ratio is computed with
 * src/lib/widgets/contrast.ts. Text drawn on a mark rather than on the page (a token's number on
 * its disc) names its backdrop with `data-on="#hex"`. Disabled controls are exempt (WCAG: inactive
 * components), as are glyph-only nodes used as legend swatches (■ ●), which need 3:1 as graphics.
 */
import type { Page } from '@playwright/test';
import { contrast, over, parseColor, required, type Rgba } from '../../src/lib/widgets/contrast';

export interface Sample {
	/** A short CSS path of the text's element, and the text. */
	where: string;
	text: string;
	fg: string;
	/** Product of the opacities of the element and its ancestors, times SVG fill-opacity. */
	alpha: number;
	/** Background colours from the root down to the element, each with the opacity in force there. */
	layers: { bg: string; opacity: number }[];
	/** Explicit backdrop (data-on), if any. */
	on: string | null;
	px: number;
	weight: number;
	glyph: boolean;
}

export interface Finding extends Sample {
	ratio: number;
	need: number;
}

/** Collect the visible text of the page (or only what lies in the viewport). */
export function sampleText(page: Page, viewportOnly = false): Promise<Sample[]> {
	return page.evaluate((viewportOnly) => {
		const out: Sample[] = [];
		const seen = new Set<Element>();
		const pathOf = (el: Element) => {
			const parts: string[] = [];
			for (let e: Element | null = el; e && parts.length < 4 && e !== document.body; e = e.parentElement) {
				const id = e.id ? `#${e.id}` : '';
				const t = e.getAttribute('data-testid');
				const cls = typeof e.className === 'string' && e.className ? '.' + e.className.split(/\s+/).filter((c) => !c.startsWith('svelte-'))[0] : '';
				parts.unshift(`${e.tagName.toLowerCase()}${id}${t ? `[data-testid=${t}]` : cls === '.' || cls === '.undefined' ? '' : cls}`);
			}
			return parts.join(' > ');
		};
		const svgScale = (el: Element) => {
			const svg = el.closest('svg');
			if (!svg) return 1;
			const vb = svg.viewBox?.baseVal;
			const w = svg.getBoundingClientRect().width;
			return vb && vb.width ? w / vb.width : 1;
		};
		// One computed style per element per call (the chains of neighbouring text nodes overlap).
		const styles = new Map<Element, CSSStyleDeclaration>();
		const style = (e: Element) => {
			let cs = styles.get(e);
			if (!cs) styles.set(e, (cs = getComputedStyle(e)));
			return cs;
		};
		const visible = (el: Element, r: DOMRect) => {
			if (r.width < 2 || r.height < 2) return false;
			if (viewportOnly && (r.bottom < 0 || r.top > innerHeight || r.right < 0 || r.left > innerWidth)) return false;
			if (!el.checkVisibility({ visibilityProperty: true, contentVisibilityAuto: true })) return false;
			// Clipped away (the visually-hidden pattern).
			for (let e: Element | null = el; e; e = e.parentElement) {
				const cs = style(e);
				if (cs.clip === 'rect(0px, 0px, 0px, 0px)' || cs.clipPath === 'inset(50%)') return false;
				if (cs.overflow === 'hidden' || cs.overflowX === 'hidden' || cs.overflowX === 'clip') {
					const b = e.getBoundingClientRect();
					if (b.width < 2 || b.height < 2) return false;
				}
			}
			return true;
		};
		const sample = (el: Element, text: string, rect: DOMRect, fgProp: 'color' | 'fill') => {
			if (!visible(el, rect)) return;
			if (el.closest(':disabled, [aria-disabled="true"]')) return;
			const cs = style(el);
			let alpha = el instanceof SVGElement ? Number(cs.fillOpacity) : 1;
			const chain: Element[] = [];
			for (let e: Element | null = el; e; e = e.parentElement) chain.unshift(e);
			const layers: { bg: string; opacity: number }[] = [];
			let op = 1;
			for (const e of chain) {
				const s = style(e);
				op *= Number(s.opacity);
				if (!(e instanceof SVGElement)) layers.push({ bg: s.backgroundColor, opacity: op });
			}
			alpha *= op;
			const on = el.closest('[data-on]')?.getAttribute('data-on') ?? null;
			const px = parseFloat(cs.fontSize) * (el instanceof SVGElement ? svgScale(el) : 1);
			out.push({
				where: pathOf(el),
				text: text.slice(0, 60),
				fg: fgProp === 'fill' ? cs.fill : cs.color,
				alpha,
				layers,
				on,
				px,
				weight: Number(cs.fontWeight) || 400,
				glyph: /^[\s■□●○▲△◆◇▪▫•—–\-|·✓✗×]+$/u.test(text)
			});
		};
		const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
		for (let n = walker.nextNode(); n; n = walker.nextNode()) {
			const text = (n.nodeValue ?? '').trim();
			const el = n.parentElement;
			if (!text || !el || seen.has(el)) continue;
			if (el.closest('script, style, noscript, template, option, title, desc, .katex-mathml')) continue;
			seen.add(el);
			const range = document.createRange();
			range.selectNodeContents(n);
			const rect = range.getBoundingClientRect();
			const inSvg = el instanceof SVGElement;
			sample(el, text, rect, inSvg ? 'fill' : 'color');
		}
		// Form fields show their value as text.
		for (const el of document.querySelectorAll('input:not([type=range]):not([type=checkbox]):not([type=radio]):not([type=file]), select, textarea')) {
			const v = (el as HTMLInputElement).value;
			if (v) sample(el, v, el.getBoundingClientRect(), 'color');
		}
		return out;
	}, viewportOnly);
}

const WHITE: Rgba = [255, 255, 255, 1];

/** The contrast of a sample: text colour (with its alpha) over its composited backdrop. */
export function judge(s: Sample): Finding {
	let back: Rgba = WHITE;
	if (s.on) back = parseColor(s.on) ?? WHITE;
	else
		for (const l of s.layers) {
			const c = parseColor(l.bg);
			if (c && c[3] > 0) back = over(c, back, l.opacity);
		}
	const fg = parseColor(s.fg);
	const text = fg ? over(fg, back, s.alpha) : back;
	const ratio = contrast(text, back);
	const need = s.glyph ? 3 : required(s.px, s.weight);
	return { ...s, ratio, need };
}

/** Samples below their required ratio, one per (where, text). */
export function failures(samples: Sample[]): Finding[] {
	const seen = new Set<string>();
	return samples
		.map(judge)
		.filter((f) => f.ratio < f.need - 1e-6)
		.filter((f) => {
			const k = `${f.where}|${f.text}`;
			if (seen.has(k)) return false;
			seen.add(k);
			return true;
		});
}

export const describe = (f: Finding) => `${f.ratio.toFixed(2)}:1 (needs ${f.need}) "${f.text}" at ${f.where} — ${f.fg} ×${f.alpha.toFixed(2)}`;
