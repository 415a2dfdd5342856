import { describe, expect, it } from 'vitest';
import { classMarker, fmt, levelLines, plane, probeColor, radiusOf, simplexPoint, simplexVertices } from '../../src/lib/widgets/plot';
import { cellRect, fitInto, frameIndices, webmType } from '../../src/lib/widgets/video';
import { bilinear, finiteRange, heightOf, levelSegments } from '../../src/lib/widgets/landscape-mesh';
import { parseCommand } from '../../src/lib/stores/embed-api';
import { readState, writeState } from '../../src/lib/stores/urlstate';
import { indexAtEpoch } from '../../src/lib/stores/run';

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

describe('video layout', () => {
	it('cells of a 4-column grid', () => {
		expect(cellRect(0, 4, 300, 36)).toEqual({ x: 8, y: 44, w: 300, h: 300 });
		expect(cellRect(5, 4, 300, 36)).toEqual({ x: 316, y: 352, w: 300, h: 300 });
	});
	it('fitInto keeps the aspect ratio and centres', () => {
		const r = fitInto(320, 200, { x: 0, y: 0, w: 300, h: 300 });
		expect(r.w / r.h).toBeCloseTo(320 / 200);
		expect(r.w).toBe(300);
		expect(r.y).toBeCloseTo((300 - r.h) / 2);
	});
	it('frameIndices: all when few, evenly spaced with both ends when many', () => {
		expect(frameIndices(3, 10)).toEqual([0, 1, 2]);
		const f = frameIndices(1000, 5);
		expect(f).toEqual([0, 250, 500, 749, 999]);
		expect(frameIndices(0, 5)).toEqual([]);
	});
	it('webmType picks the first supported WebM type, or none', () => {
		expect(webmType((t) => t === 'video/webm;codecs=vp8')).toBe('video/webm;codecs=vp8');
		expect(webmType(() => false)).toBeNull();
	});
});

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

describe('embedding: URL state and postMessage commands', () => {
	it('reads config fields, epoch, highlight and play; round-trips through writeState', () => {
		const s = readState('?p=3&seed=4&epoch=200&hl=5&play=0');
		expect(s.problems).toEqual([]);
		expect(s.config.p).toBe(3);
		expect(s.config.seed).toBe(4);
		expect(s.epoch).toBe(200);
		expect(s.highlight).toBe(5);
		expect(s.autoplay).toBe(false);
		const back = readState(writeState({ config: s.config, epoch: s.epoch, highlight: s.highlight, autoplay: s.autoplay }));
		expect(back.config).toEqual(s.config);
		expect(back.epoch).toBe(200);
		expect(writeState({ config: readState('').config })).toBe('');
	});
	it('bad values name their field and fall back to defaults', () => {
		const s = readState('?p=99&seed=abc&epoch=-1&hl=x&play=maybe&bogus=1&k=20');
		const text = s.problems.join('\n');
		for (const f of ['p = ', 'seed = ', 'epoch = ', 'hl = ', 'play = ', 'bogus', 'k = ']) expect(text).toContain(f);
		expect(s.config.p).toBe(2);
		expect(s.config.seed).toBe(0);
		expect(s.config.k).toBe(5);
		expect(s.epoch).toBeNull();
		expect(s.highlight).toBeNull();
	});
	it('accepts only the documented command shapes', () => {
		expect(parseCommand({ flatland: 1, type: 'play' })).toEqual({ flatland: 1, type: 'play' });
		expect(parseCommand({ flatland: 1, type: 'pause' })).toEqual({ flatland: 1, type: 'pause' });
		expect(parseCommand({ flatland: 1, type: 'seek', epoch: 12 })).toEqual({ flatland: 1, type: 'seek', epoch: 12 });
		for (const bad of [
			null,
			'play',
			[1],
			{ type: 'play' },
			{ flatland: 2, type: 'play' },
			{ flatland: 1, type: 'play', extra: 1 },
			{ flatland: 1, type: 'seek' },
			{ flatland: 1, type: 'seek', epoch: -1 },
			{ flatland: 1, type: 'seek', epoch: 1.5 },
			{ flatland: 1, type: 'seek', epoch: '3' },
			{ flatland: 1, type: 'reset' }
		])
			expect(parseCommand(bad)).toBeNull();
	});
	it('indexAtEpoch: latest snapshot at or before an epoch', () => {
		const snaps = [0, 1, 2, 4, 8, 9].map((epoch) => ({ epoch }));
		expect(indexAtEpoch(snaps, 5)).toBe(3);
		expect(indexAtEpoch(snaps, 8)).toBe(4);
		expect(indexAtEpoch(snaps, 100)).toBe(5);
		expect(indexAtEpoch([{ epoch: 3 }], 1)).toBe(0);
		expect(indexAtEpoch([], 1)).toBe(-1);
	});
});
