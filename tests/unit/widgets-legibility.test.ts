import { describe, expect, it } from 'vitest';
import { frameRadius, labelWidth, logTicks, pinToFrame, placeLabels, plane, PLANE_MARGIN } from '../../src/lib/widgets/plot';
import { onInk, textOf, OKABE_ITO } from '../../src/lib/widgets/palette';
import { contrast, parseColor } from '../../src/lib/widgets/contrast';

describe('framing the points that matter', () => {
	it('a far spare token does not set the scale; a near one is framed', () => {
		const core: [number, number][] = [[0.5, -0.3], [-0.4, 0.2]];
		// (radiusOf's 12% margin around the framed points)
		expect(frameRadius(core, [[12, -3]], 0, 1.6)).toBeCloseTo(0.5 * 1.12);
		expect(frameRadius(core, [[0.7, 0]], 0, 1.6)).toBeCloseTo(0.7 * 1.12);
	});
	it('pinToFrame puts an outside point on the edge along its ray, leaves inside points alone', () => {
		const { at, outside } = pinToFrame([10, -5], 1, 1);
		expect(outside).toBe(true);
		expect(at[0]).toBeCloseTo(1);
		expect(at[1]).toBeCloseTo(-0.5);
		expect(pinToFrame([0.2, 0.3], 1)).toEqual({ at: [0.2, 0.3], outside: false });
	});
	it('the plane leaves room for the axes and keeps one unit on both axes', () => {
		const p = plane(2);
		expect(p.x0).toBe(PLANE_MARGIN.left);
		expect(p.x1 - p.x0).toBeCloseTo(p.y1 - p.y0);
		expect(p.sy(-2)).toBeCloseTo(p.y1);
		expect(240 - p.y1).toBeGreaterThanOrEqual(PLANE_MARGIN.bottom);
	});
});

describe('log axes', () => {
	it('one format per axis: decimals above 0.001, powers of ten below', () => {
		const a = logTicks([0.45, 1.1], 4);
		expect(a.ticks.length).toBeGreaterThanOrEqual(2);
		expect(a.ticks.map(a.format).every((t) => /^\d(\.\d+)?$|^0\.\d+$/.test(t))).toBe(true);
		const b = logTicks([1e-8, 1], 5);
		const labels = b.ticks.map(b.format);
		expect(labels.every((t) => t.startsWith('10'))).toBe(true);
		expect(labels).toContain('10⁻⁸');
		expect(b.ticks.length).toBeLessThanOrEqual(6);
		expect(b.ticks.every((t) => Math.abs(Math.log10(t) - Math.round(Math.log10(t))) < 1e-9)).toBe(true);
	});
});

describe('labels that do not collide', () => {
	it('twelve marks in a clump: no two placed labels overlap, none overlaps a mark, some are dropped', () => {
		const reqs = Array.from({ length: 12 }, (_, i) => ({ x: 100 + (i % 4) * 6, y: 100 + Math.floor(i / 4) * 6, r: 4, w: labelWidth(String(i + 1), 8), h: 8 }));
		const placed = placeLabels(reqs, { x0: 0, y0: 0, x1: 240, y1: 240 });
		const boxes = placed.flatMap((p, i) => (p ? [[p.x - reqs[i].w / 2, p.y - reqs[i].h * 0.8, p.x + reqs[i].w / 2, p.y + reqs[i].h * 0.2]] : []));
		const overlap = (a: number[], b: number[]) => a[0] < b[2] - 1e-9 && a[2] > b[0] + 1e-9 && a[1] < b[3] - 1e-9 && a[3] > b[1] + 1e-9;
		for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) expect(overlap(boxes[i], boxes[j])).toBe(false);
		for (const b of boxes) for (const q of reqs) expect(overlap(b, [q.x - q.r, q.y - q.r, q.x + q.r, q.y + q.r])).toBe(false);
		expect(placed.filter(Boolean).length).toBeGreaterThan(3);
		expect(placed.some((p) => p === null)).toBe(true);
	});
	it('separate marks all get their label, inside the bounds', () => {
		const reqs = [{ x: 20, y: 20, r: 5, w: 8, h: 8 }, { x: 200, y: 200, r: 5, w: 8, h: 8 }];
		const placed = placeLabels(reqs, { x0: 0, y0: 0, x1: 240, y1: 240 });
		expect(placed.every(Boolean)).toBe(true);
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
