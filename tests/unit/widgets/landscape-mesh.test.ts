import { describe, expect, it } from 'vitest';
import { bilinear, finiteRange, heightOf, levelSegments } from '../../../src/lib/widgets/landscape-mesh';
import { plane } from '../../../src/lib/widgets/plot';

describe('landscape mesh', () => {
	it('heightOf: log scale to [0, 1], clamped', () => {
		expect(heightOf(0.1, 0.1, 10)).toBe(0);
		expect(heightOf(10, 0.1, 10)).toBe(1);
		expect(heightOf(1, 0.1, 10)).toBeCloseTo(0.5);
		expect(heightOf(100, 0.1, 10)).toBe(1);
		expect(heightOf(1, 1, 1)).toBe(0);
	});
	it('finiteRange skips NaN and Infinity', () => {
		expect(finiteRange([3, NaN, 1, Infinity, 2])).toEqual([1, 3]);
		expect(finiteRange([NaN])).toEqual([0, 1]);
	});
	it('bilinear interpolation is exact on a plane', () => {
		const S = 5;
		const v = Float64Array.from({ length: S * S }, (_, k) => 2 * (k % S) + 3 * Math.floor(k / S));
		expect(bilinear(v, S, 1.5, 2.25)).toBeCloseTo(2 * 1.5 + 3 * 2.25);
		expect(bilinear(v, S, 4, 4)).toBeCloseTo(20);
	});
	it('levelSegments: segments at the level height, inside [−1, 1]', () => {
		const S = 16;
		const h = Float64Array.from({ length: S * S }, (_, k) => {
			const x = (k % S) / (S - 1) - 0.5, y = Math.floor(k / S) / (S - 1) - 0.5;
			return x * x + y * y;
		});
		const seg = levelSegments(h, S, [0.1], 2, 0);
		expect(seg.length).toBeGreaterThan(12);
		expect(seg.length % 6).toBe(0);
		for (let i = 0; i < seg.length; i += 3) {
			expect(seg[i + 1]).toBeCloseTo(0.2);
			expect(Math.abs(seg[i])).toBeLessThanOrEqual(1);
			expect(Math.abs(seg[i + 2])).toBeLessThanOrEqual(1);
		}
	});
});
