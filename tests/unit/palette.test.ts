import { describe, expect, it } from 'vitest';
import { INK, TEXT_INK, THEME, themeCss } from '../../src/lib/widgets/palette';
import { contrast, over, parseColor, required } from '../../src/lib/widgets/contrast';

const c = (s: string) => parseColor(s)!;
const schemes = [0, 1] as const;

describe('contrast', () => {
	it('matches WCAG reference values', () => {
		expect(contrast(c('#000'), c('#fff'))).toBeCloseTo(21, 5);
		expect(contrast(c('#777777'), c('#ffffff'))).toBeCloseTo(4.48, 2);
		expect(contrast(c('#D55E00'), c('#fdfcf9'))).toBeCloseTo(3.77, 2);
		expect(contrast(c('#ffffff'), c('#56b4e9'))).toBeCloseTo(2.31, 2);
	});
	it('parses computed colours and composites alpha', () => {
		expect(parseColor('rgb(1, 2, 3)')).toEqual([1, 2, 3, 1]);
		expect(parseColor('rgba(1, 2, 3, 0.5)')).toEqual([1, 2, 3, 0.5]);
		expect(parseColor('color(srgb 1 0 0 / 0.25)')).toEqual([255, 0, 0, 0.25]);
		expect(parseColor('oklch(0.5 0.1 20)')).toBeNull();
		expect(over(c('#000'), c('#fff'), 0.5)).toEqual([127.5, 127.5, 127.5, 1]);
	});
	it('large text needs 3:1, other text 4.5:1', () => {
		expect(required(16, 400)).toBe(4.5);
		expect(required(24, 400)).toBe(3);
		expect(required(19, 700)).toBe(3);
	});
});

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
