/**
 * The one palette of the site: the theme's colours (both schemes), the inks of marks and the
 * text-safe inks. Nothing else in src/ spells a colour: components import these constants, or use
 * the CSS variables that `themeCss` defines from them (`var(--bg)`, `var(--ink-blue)`,
 * `var(--text-vermillion)`, ...).
 */
import { contrast, parseColor } from './contrast';

/**
 * Okabe–Ito (Wong 2011, Nature Methods 8:441): colours that stay distinct under the common
 * colour-vision deficiencies. Marks (lines, dots, fills) use them as they are; grey is the neutral.
 */
export const INK = {
	orange: '#E69F00',
	sky: '#56B4E9',
	green: '#009E73',
	yellow: '#F0E442',
	blue: '#0072B2',
	vermillion: '#D55E00',
	purple: '#CC79A7',
	black: '#000000',
	grey: '#999999'
} as const;
export type InkName = keyof typeof INK;

/** The eight Okabe–Ito colours in their usual order (token and class colours cycle through them). */
export const OKABE_ITO = [INK.orange, INK.sky, INK.green, INK.yellow, INK.blue, INK.vermillion, INK.purple, INK.black] as const;

/** What each colour means wherever it appears: curves, outcomes, markers, layers. */
export const SERIES = {
	train: INK.blue,
	test: INK.vermillion,
	/** A reference or summary curve drawn behind the others (pretrained baseline, mean). */
	reference: INK.grey,
	/** Runs that learned (test accuracy > 0.9) and runs that did not. */
	success: INK.blue,
	failure: INK.vermillion,
	/** Marked events: the shown snapshot, detected spikes. */
	marker: INK.vermillion,
	/** A third curve (e.g. the smoothed norm beside RMS). */
	third: INK.green,
	/** Layers: embeddings, attention, MLP. */
	embeddings: INK.orange,
	attention: INK.sky,
	mlp: INK.green
} as const;

/** Colour of token x (class colours follow the same order). */
export const tokenColor = (x: number) => OKABE_ITO[x % OKABE_ITO.length];

/** Black or white, whichever reads better on a mark filled with `ink` (a token's number on its disc). */
export function onInk(ink: string): '#000000' | '#ffffff' {
	const c = parseColor(ink);
	if (!c) return '#000000';
	return contrast(c, [0, 0, 0, 1]) >= contrast(c, [255, 255, 255, 1]) ? '#000000' : '#ffffff';
}

/** The text-safe colour (a CSS value) of a mark's ink: a label printed in its curve's hue. */
export function textOf(ink: string): string {
	const name = (Object.keys(INK) as InkName[]).find((k) => INK[k].toLowerCase() === ink.toLowerCase());
	return name && name in TEXT_INK ? textInk(name as TextInkName) : 'var(--fg)';
}

/** [light scheme, dark scheme]. */
export type Pair = readonly [string, string];

/**
 * The theme. Text colours (fg, muted, accent on bg and panel, on-accent on accent, warn, text-*)
 * keep WCAG contrast ≥ 4.5:1 in both schemes (tests/unit/palette.test.ts checks every pair).
 */
export const THEME = {
	bg: ['#fdfcf9', '#15191e'],
	fg: ['#1d232a', '#e6e9ec'],
	muted: ['#5b6570', '#9aa5b1'],
	accent: ['#0072b2', '#56b4e9'],
	/** Text on an accent-coloured button. */
	'on-accent': ['#ffffff', '#0b0f14'],
	panel: ['#ffffff', '#1d232a'],
	border: ['#d9dde2', '#34404c'],
	/** Focus rings (a mark, 3:1 suffices). */
	focus: ['#d55e00', '#e69f00'],
	/** Messages that name a problem (bad URL value, failed run). */
	warn: ['#a84a00', '#f08a4b']
} as const satisfies Record<string, Pair>;

/**
 * Okabe–Ito hues darkened (light scheme) or lightened (dark scheme) until text in them reads at
 * ≥ 4.5:1 on bg and panel: for a legend word or a number printed in its curve's colour.
 */
export const TEXT_INK = {
	blue: ['#0072b2', '#56b4e9'],
	vermillion: ['#a84a00', '#f08a4b'],
	green: ['#007a5a', '#2bc49a'],
	orange: ['#8a5d00', '#e69f00'],
	purple: ['#9c4a78', '#d895bb'],
	grey: ['#5b6570', '#9aa5b1']
} as const satisfies Partial<Record<InkName, Pair>>;
export type TextInkName = keyof typeof TEXT_INK;

/** The CSS colour of text in the hue of `name`, right for the scheme the element is drawn in. */
export const textInk = (name: TextInkName) => `var(--text-${name})`;

/**
 * The theme as CSS custom properties on `selector`: `--NAME: light-dark(light, dark)` for the theme
 * and text inks (the element's color-scheme picks), `--ink-NAME` for the marks' inks.
 */
export function themeCss(selector: string): string {
	const vars: string[] = [];
	for (const [k, [l, d]] of Object.entries(THEME)) vars.push(`--${k}:light-dark(${l},${d})`);
	for (const [k, [l, d]] of Object.entries(TEXT_INK)) vars.push(`--text-${k}:light-dark(${l},${d})`);
	for (const [k, v] of Object.entries(INK)) vars.push(`--ink-${k}:${v}`);
	return `${selector}{${vars.join(';')}}`;
}
