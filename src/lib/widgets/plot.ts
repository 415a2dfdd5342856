/**
 * Pure drawing helpers shared by the panels: square plane scales, level lines of a grid as SVG
 * paths (d3-contour), points on the probability simplex, probe colours and class markers.
 * No model math here: the numbers come from core (see stores/frame.ts).
 */
import { contours } from 'd3-contour';
import { scaleLinear, scaleLog, type ScaleLinear } from 'd3-scale';
import { interpolateViridis } from 'd3-scale-chromatic';
import { color } from 'd3-color';
import { symbol, symbolCircle, symbolDiamond, symbolSquare, symbolStar, symbolTriangle, symbolWye, symbolCross, type SymbolType } from 'd3-shape';
import { classMarker as coreMarker } from '$lib/core/probes';
import type { Grid, Pt } from '$lib/stores/frame-types';
import { OKABE_ITO } from './palette';

/** Half-width of a square view holding every point (at least `min`), with a margin factor. */
export function radiusOf(points: Iterable<Pt>, min = 1, margin = 1.12): number {
	let r = 0;
	for (const [x, y] of points) {
		if (Number.isFinite(x)) r = Math.max(r, Math.abs(x));
		if (Number.isFinite(y)) r = Math.max(r, Math.abs(y));
	}
	return Math.max(min, r * margin);
}

export interface Plane {
	sx: ScaleLinear<number, number>;
	sy: ScaleLinear<number, number>;
	size: number;
	/** The plot area in pixels: [x0, x1] × [y0, y1] (y0 at the top). */
	x0: number;
	x1: number;
	y0: number;
	y1: number;
}

/** Room for tick labels and axis names: left and bottom carry the axes. */
export const PLANE_MARGIN = { left: 34, right: 6, top: 6, bottom: 34 };
export type Margin = typeof PLANE_MARGIN;

/**
 * x right, y up, the same unit on both axes, [−r, r] on each. A number for `m` is an even margin
 * (no axes, e.g. the simplex); the default leaves room for ticks on the left and bottom.
 */
export function plane(r: number, size = 240, m: number | Margin = PLANE_MARGIN): Plane {
	const mm = typeof m === 'number' ? { left: m, right: m, top: m, bottom: m } : m;
	const side = Math.min(size - mm.left - mm.right, size - mm.top - mm.bottom);
	const x0 = mm.left;
	const y0 = mm.top;
	return {
		sx: scaleLinear().domain([-r, r]).range([x0, x0 + side]),
		sy: scaleLinear().domain([-r, r]).range([y0 + side, y0]),
		size,
		x0,
		x1: x0 + side,
		y0,
		y1: y0 + side
	};
}

/**
 * The half-width that frames the points that matter (`core`), so that an outlier (the spare
 * token, unused by the task) does not set the scale: `extra` points are framed too when they lie
 * within `reach` × the core's half-width, otherwise they are drawn on the frame's edge (pinToFrame).
 */
export function frameRadius(core: Iterable<Pt>, extra: Iterable<Pt> = [], min = 0.05, reach = 1.6): number {
	const rc = radiusOf(core, min);
	const rx = radiusOf(extra, 0);
	return rx <= rc * reach ? Math.max(rc, rx) : rc;
}

/** A point outside the view [−r, r]² moved along its ray from the origin onto the view's edge. */
export function pinToFrame(p: Pt, r: number, inset = 0.96): { at: Pt; outside: boolean } {
	const m = Math.max(Math.abs(p[0]), Math.abs(p[1]));
	if (!(m > r * inset) || !Number.isFinite(m)) return { at: p, outside: false };
	const s = (r * inset) / m;
	return { at: [p[0] * s, p[1] * s], outside: true };
}

/**
 * Ticks and one format for a log axis: every tick as a decimal when the smallest is ≥ 0.001,
 * otherwise every tick as a power of ten (10⁻⁴), and then only powers of ten.
 */
export function logTicks(domain: [number, number], count = 5): { ticks: number[]; format: (v: number) => string } {
	const [lo, hi] = [Math.min(...domain), Math.max(...domain)];
	const a = Math.floor(Math.log10(lo));
	const b = Math.ceil(Math.log10(hi));
	let ticks: number[];
	if (Math.log10(hi / lo) < 2) {
		// Under two decades: d3's 1-2-…-9 ticks, thinned to about `count`.
		const all = scaleLog().domain([lo, hi]).ticks(count);
		const every = Math.ceil(all.length / (count + 1));
		ticks = all.filter((_, i) => i % every === 0);
	} else {
		const step = Math.max(1, Math.ceil((b - a) / count));
		ticks = [];
		for (let e = b; e >= a; e -= step) if (10 ** e >= lo * 0.999 && 10 ** e <= hi * 1.001) ticks.unshift(10 ** e);
	}
	const decimal = ticks.every((t) => t >= 1e-3);
	const format = decimal ? (v: number) => String(+v.toPrecision(2)) : (v: number) => `10${superscript(Math.round(Math.log10(v)))}`;
	return { ticks, format };
}
const SUP: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };
/** An integer in superscript digits (10⁻³). */
export const superscript = (n: number) => [...String(n)].map((c) => SUP[c] ?? c).join('');

/** A label to place next to a mark at (x, y) of radius r, w × h pixels. */
export interface LabelRequest {
	x: number;
	y: number;
	r: number;
	w: number;
	h: number;
}
export interface PlacedLabel {
	/** Text anchor position (SVG x, baseline y) and text-anchor. */
	x: number;
	y: number;
	anchor: 'start' | 'middle' | 'end';
}

/** Width of a short label in pixels (a sans-serif digit is about 0.6 em); its box is 1.2 em tall. */
export const labelWidth = (text: string, px: number) => text.length * px * 0.62 + 1;

/**
 * Labels that never overprint each other or the marks: each label tries eight places around its
 * mark (right, left, above, below, then the diagonals) and takes the first that overlaps no label
 * placed before it, no mark (its own excepted: `obstacles` are marks without labels) and stays inside
 * `bounds`; a label with no free place is dropped (null).
 */
export function placeLabels(
	reqs: LabelRequest[],
	bounds: { x0: number; y0: number; x1: number; y1: number },
	obstacles: { x: number; y: number; r: number }[] = []
): (PlacedLabel | null)[] {
	type Box = [number, number, number, number];
	const taken: Box[] = [...reqs, ...obstacles].map((q) => [q.x - q.r, q.y - q.r, q.x + q.r, q.y + q.r]);
	const hits = (b: Box, skip: number) => taken.some((t, i) => i !== skip && b[0] < t[2] && b[2] > t[0] && b[1] < t[3] && b[3] > t[1]);
	const inside = (b: Box) => b[0] >= bounds.x0 && b[2] <= bounds.x1 && b[1] >= bounds.y0 && b[3] <= bounds.y1;
	return reqs.map((q, i) => {
		const g = 1.5;
		const spots: [number, number][] = [
			[q.x + q.r + g, q.y - q.h / 2],
			[q.x - q.r - g - q.w, q.y - q.h / 2],
			[q.x - q.w / 2, q.y - q.r - g - q.h],
			[q.x - q.w / 2, q.y + q.r + g],
			[q.x + q.r * 0.7 + g, q.y - q.r * 0.7 - g - q.h],
			[q.x - q.r * 0.7 - g - q.w, q.y - q.r * 0.7 - g - q.h],
			[q.x + q.r * 0.7 + g, q.y + q.r * 0.7 + g],
			[q.x - q.r * 0.7 - g - q.w, q.y + q.r * 0.7 + g]
		];
		for (const [bx, by] of spots) {
			const box: Box = [bx, by, bx + q.w, by + q.h];
			if (!inside(box) || hits(box, i)) continue;
			taken.push(box);
			return { x: bx + q.w / 2, y: by + q.h * 0.8, anchor: 'middle' };
		}
		return null;
	});
}

/**
 * Level lines of one scalar field on a grid, as SVG path strings in pixel space: `d` closes each
 * region {value ≥ threshold} (for fills), `stroke` is the same boundary without the grid's edges.
 * `values[j·nx + i]` is the value at (x0 + i·(x1−x0)/(nx−1), y0 + j·(y1−y0)/(ny−1)).
 */
export function levelLines(
	values: ArrayLike<number>,
	g: Pick<Grid, 'nx' | 'ny' | 'x0' | 'x1' | 'y0' | 'y1'>,
	thresholds: number[],
	sx: (v: number) => number,
	sy: (v: number) => number
): { value: number; d: string; stroke: string }[] {
	if (g.nx < 2 || g.ny < 2 || values.length < g.nx * g.ny) return [];
	const gen = contours().size([g.nx, g.ny]).thresholds(thresholds).smooth(true);
	const dx = (g.x1 - g.x0) / (g.nx - 1);
	const dy = (g.y1 - g.y0) / (g.ny - 1);
	// d3-contour puts sample i at contour coordinate i + 0.5.
	const X = (cx: number) => sx(g.x0 + (clamp(cx, 0.5, g.nx - 0.5) - 0.5) * dx);
	const Y = (cy: number) => sy(g.y0 + (clamp(cy, 0.5, g.ny - 0.5) - 0.5) * dy);
	// d3-contour closes rings along the grid's frame (coordinates 0 and n, corners cut diagonally).
	const edge = (a: number[]) => a[0] <= 0 || a[0] >= g.nx || a[1] <= 0 || a[1] >= g.ny;
	const onBorder = (a: number[], b: number[]) => edge(a) && edge(b);
	return gen(Array.from(values as ArrayLike<number>)).map((c) => {
		let d = '';
		let stroke = '';
		for (const poly of c.coordinates)
			for (const ring of poly) {
				let pen = false;
				ring.forEach(([cx, cy], k) => {
					const pt = `${round(X(cx))},${round(Y(cy))}`;
					d += `${k ? 'L' : 'M'}${pt}`;
					if (k > 0 && !onBorder(ring[k - 1], ring[k])) {
						if (!pen) stroke += `M${round(X(ring[k - 1][0]))},${round(Y(ring[k - 1][1]))}`;
						stroke += `L${pt}`;
						pen = true;
					} else pen = false;
				});
				d += 'Z';
			}
		return { value: c.value, d, stroke };
	});
}

const clamp = (v: number, lo: number, hi: number) => (v < lo ? lo : v > hi ? hi : v);
const round = (v: number) => Math.round(v * 10) / 10;

/** Vertices of the probability simplex drawn in the plane: class y at angle 90° + 360°·y/n (n ≥ 3), or a segment for n = 2. */
export function simplexVertices(n: number): Pt[] {
	if (n <= 1) return [[0, 0]];
	if (n === 2) return [[-1, 0], [1, 0]];
	return Array.from({ length: n }, (_, y) => {
		const a = Math.PI / 2 + (2 * Math.PI * y) / n;
		return [Math.cos(a), Math.sin(a)] as Pt;
	});
}

/** A probability vector as the barycentre of the simplex vertices. */
export function simplexPoint(probs: ArrayLike<number>, vertices = simplexVertices(probs.length)): Pt {
	let x = 0;
	let y = 0;
	let s = 0;
	for (let i = 0; i < probs.length; i++) {
		x += probs[i] * vertices[i][0];
		y += probs[i] * vertices[i][1];
		s += probs[i];
	}
	return s > 0 ? [x / s, y / s] : [0, 0];
}

/** Class colour (Okabe–Ito). */
export const classColor = (y: number) => OKABE_ITO[y % OKABE_ITO.length];

/**
 * Colour of a probe sentence: its prefix family (prefixes equal up to a permutation, from
 * core/probes.ts) picks a hue on a viridis ramp, so neighbouring families look alike; the
 * family's second arrangement (shade 1) is a lighter tint of the same hue.
 */
export function probeColor(family: number, shade: number, families: number): string {
	const base = color(interpolateViridis(families <= 1 ? 0.5 : 0.02 + (0.88 * family) / (families - 1)))!;
	return (shade > 0 ? base.brighter(0.7 * shade) : base).formatHex();
}

const SYMBOLS: Record<string, SymbolType> = {
	circle: symbolCircle,
	square: symbolSquare,
	triangle: symbolTriangle,
	diamond: symbolDiamond,
	cross: symbolCross,
	star: symbolStar,
	wye: symbolWye
};
/** Marker path of class y (core's CLASS_MARKERS: circle, square, triangle, ...), area in px². */
const markerCache = new Map<number, string>();
export function classMarker(y: number, area = 48): string {
	const key = y * 100003 + area;
	let d = markerCache.get(key);
	if (d === undefined) {
		d = symbol(SYMBOLS[coreMarker(y)] ?? symbolCircle, area)() ?? '';
		markerCache.set(key, d);
	}
	return d;
}

/** Format a number for a tooltip: 4 significant digits, no exponent for ordinary magnitudes. */
export function fmt(v: number, digits = 4): string {
	if (!Number.isFinite(v)) return String(v);
	if (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5)) return v.toExponential(digits - 1);
	return String(+v.toPrecision(digits));
}
export const fmtPt = (p: Pt) => `(${fmt(p[0])}, ${fmt(p[1])})`;
