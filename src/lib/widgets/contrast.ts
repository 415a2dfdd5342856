/**
 * WCAG 2 contrast: relative luminance of sRGB colours, alpha compositing, and the contrast ratio.
 * Used by the palette's unit test and by the e2e test that measures the rendered pages.
 */

/** r, g, b in 0…255, a in 0…1. */
export type Rgba = [number, number, number, number];

/**
 * A CSS colour as computed by a browser ("rgb(…)", "rgba(…)", "color(srgb r g b / a)") or
 * written as hex ("#rgb", "#rrggbb", "#rrggbbaa"); null for anything else.
 */
export function parseColor(s: string): Rgba | null {
	s = s.trim().toLowerCase();
	if (s === 'transparent') return [0, 0, 0, 0];
	let m = /^#([0-9a-f]{3,8})$/.exec(s);
	if (m) {
		let h = m[1];
		if (h.length === 3 || h.length === 4) h = [...h].map((c) => c + c).join('');
		if (h.length !== 6 && h.length !== 8) return null;
		const n = (i: number) => parseInt(h.slice(i, i + 2), 16);
		return [n(0), n(2), n(4), h.length === 8 ? n(6) / 255 : 1];
	}
	m = /^rgba?\(([^)]*)\)$/.exec(s);
	if (m) {
		const parts = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
		if (parts.length < 3 || parts.some((v) => !Number.isFinite(v))) return null;
		return [parts[0], parts[1], parts[2], parts[3] ?? 1];
	}
	m = /^color\(srgb\s+([^)]*)\)$/.exec(s);
	if (m) {
		const parts = m[1].split(/[\s/]+/).filter(Boolean).map(Number);
		if (parts.length < 3 || parts.some((v) => !Number.isFinite(v))) return null;
		return [255 * parts[0], 255 * parts[1], 255 * parts[2], parts[3] ?? 1];
	}
	return null;
}

/** `top` painted over an opaque `bottom` with `top`'s alpha (times `opacity`). */
export function over(top: Rgba, bottom: Rgba, opacity = 1): Rgba {
	const a = top[3] * opacity;
	return [top[0] * a + bottom[0] * (1 - a), top[1] * a + bottom[1] * (1 - a), top[2] * a + bottom[2] * (1 - a), 1];
}

export function luminance([r, g, b]: Rgba): number {
	const lin = (v: number) => {
		v /= 255;
		return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
	};
	return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** Contrast ratio of two opaque colours, 1…21. */
export function contrast(a: Rgba, b: Rgba): number {
	const la = luminance(a);
	const lb = luminance(b);
	return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** WCAG "large text": at least 24 px, or 18.66 px (14 pt) and bold. */
export const isLarge = (px: number, weight: number) => px >= 24 || (px >= 18.66 && weight >= 700);

/** The AA minimum for text of this size and weight. */
export const required = (px: number, weight: number) => (isLarge(px, weight) ? 3 : 4.5);
