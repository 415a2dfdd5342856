import { describe, expect, it } from 'vitest';
import { classMarker, fmt, frameRadius, labelWidth, levelLines, logTicks, pinToFrame, placeLabels, plane, PLANE_MARGIN, probeColor, radiusOf, simplexPoint, simplexVertices } from '../../../src/lib/widgets/plot';

describe('plot helpers', () => {
	it('radiusOf: symmetric half-width with margin, at least min, ignores non-finite values', () => {
		expect(radiusOf([[1, -3], [0.5, 2]], 1, 1)).toBe(3);
		expect(radiusOf([[0.1, 0.1]], 1)).toBe(1);
		expect(radiusOf([[NaN, 2], [Infinity, 1]], 0, 1)).toBe(2);
	});
	it('plane: same unit on both axes, y up, origin in the middle', () => {
		const p = plane(2, 240, 20);
		expect(p.sx(0)).toBe(120);
		expect(p.sy(0)).toBe(120);
		expect(p.sx(2) - p.sx(0)).toBeCloseTo(p.sy(0) - p.sy(2));
		expect(p.sy(1)).toBeLessThan(p.sy(0));
	});
	it('levelLines: the 0.5 line of a linear ramp is a vertical line at the right place', () => {
		const nx = 21, ny = 11;
		const g = { nx, ny, x0: -1, x1: 1, y0: -1, y1: 1 };
		const values = new Float64Array(nx * ny);
		for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) values[i + j * nx] = (i / (nx - 1)); // 0 … 1 along x
		const [l] = levelLines(values, g, [0.5], (x) => x, (y) => y);
		expect(l.value).toBe(0.5);
		const xs = [...l.stroke.matchAll(/[ML](-?[\d.]+),(-?[\d.]+)/g)].map((m) => Number(m[1]));
		expect(xs.length).toBeGreaterThan(1);
		for (const x of xs) expect(x).toBeCloseTo(0, 1); // value 0.5 is at x = 0
		// The fill path closes along the grid's edge; the stroke leaves the edges out.
		expect(l.d.length).toBeGreaterThan(l.stroke.length);
		expect(levelLines(values, { ...g, nx: 1 }, [0.5], (x) => x, (y) => y)).toEqual([]);
	});
	it('simplex: vertices on the unit circle, probabilities as barycentres', () => {
		const v = simplexVertices(3);
		for (const [x, y] of v) expect(Math.hypot(x, y)).toBeCloseTo(1);
		expect(simplexPoint([1, 0, 0], v)).toEqual(v[0]);
		const c = simplexPoint([1 / 3, 1 / 3, 1 / 3], v);
		expect(c[0]).toBeCloseTo(0);
		expect(c[1]).toBeCloseTo(0);
		expect(simplexVertices(2)).toEqual([[-1, 0], [1, 0]]);
		expect(simplexPoint([0.25, 0.75])).toEqual([0.5, 0]);
	});
	it('probe colours: one hue per family, shades lighter, distinct families differ', () => {
		expect(probeColor(0, 0, 6)).not.toBe(probeColor(5, 0, 6));
		expect(probeColor(2, 0, 6)).not.toBe(probeColor(2, 1, 6));
		expect(probeColor(2, 0, 6)).toMatch(/^#[0-9a-f]{6}$/);
	});
	it('class markers differ by class and are cached strings', () => {
		expect(classMarker(0)).not.toBe(classMarker(1));
		expect(classMarker(1, 48)).toBe(classMarker(1, 48));
		expect(classMarker(0, 120).length).toBeGreaterThan(5);
	});
	it('fmt: 4 significant digits, exponent for tiny and huge values', () => {
		expect(fmt(0.123456)).toBe('0.1235');
		expect(fmt(1e-6)).toBe('1.000e-6');
		expect(fmt(NaN)).toBe('NaN');
	});
});

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
