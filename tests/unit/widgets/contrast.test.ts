import { describe, expect, it } from 'vitest';
import { contrast, over, parseColor, required } from '../../../src/lib/widgets/contrast';

const c = (s: string) => parseColor(s)!;

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
