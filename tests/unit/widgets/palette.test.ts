import { describe, expect, it } from 'vitest';
import { contrast, parseColor } from '../../../src/lib/widgets/contrast';
import { INK, OKABE_ITO, onInk, TEXT_INK, textOf, THEME, themeCss } from '../../../src/lib/widgets/palette';

const c = (s: string) => parseColor(s)!;

const schemes = [0, 1] as const;

describe('palette', () => {
	for (const s of schemes) {
		const name = s ? 'dark' : 'light';
		const bgs = [THEME.bg[s], THEME.panel[s]];
		it(`${name}: body text, muted text, links and warnings read at ≥ 4.5:1 on bg and panel`, () => {
			for (const bg of bgs) for (const fg of [THEME.fg, THEME.muted, THEME.accent, THEME.warn]) expect(contrast(c(fg[s]), c(bg))).toBeGreaterThanOrEqual(4.5);
		});
		it(`${name}: text on accent buttons reads at ≥ 4.5:1`, () => {
			expect(contrast(c(THEME['on-accent'][s]), c(THEME.accent[s]))).toBeGreaterThanOrEqual(4.5);
		});
		it(`${name}: every text ink reads at ≥ 4.5:1 on bg and panel`, () => {
			for (const [, pair] of Object.entries(TEXT_INK)) for (const bg of bgs) expect(contrast(c(pair[s]), c(bg))).toBeGreaterThanOrEqual(4.5);
		});
		it(`${name}: focus rings are visible (≥ 3:1, a non-text mark)`, () => {
			for (const bg of bgs) expect(contrast(c(THEME.focus[s]), c(bg))).toBeGreaterThanOrEqual(3);
		});
	}
	it('themeCss defines every variable once, with both schemes', () => {
		const css = themeCss(':root');
		for (const k of Object.keys(THEME)) expect(css.match(new RegExp(`--${k}:`, 'g'))).toHaveLength(1);
		expect(css).toContain(`--bg:light-dark(${THEME.bg[0]},${THEME.bg[1]})`);
		expect(css).toContain(`--ink-vermillion:${INK.vermillion}`);
		expect(css).toContain(`--text-vermillion:light-dark(`);
	});
});

describe('text on marks', () => {
	it('a token number reads on its own disc (black or white, ≥ 4.5:1 on every Okabe–Ito colour)', () => {
		for (const c of OKABE_ITO) expect(contrast(parseColor(onInk(c))!, parseColor(c)!)).toBeGreaterThanOrEqual(4.5);
	});
	it('textOf maps a mark colour to its text-safe variable', () => {
		expect(textOf('#D55E00')).toBe('var(--text-vermillion)');
		expect(textOf('#123456')).toBe('var(--fg)');
	});
});
