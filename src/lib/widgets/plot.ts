/**
 * Pure drawing helpers shared by the panels: square plane scales, level lines of a grid as SVG
 * paths (d3-contour), points on the probability simplex, probe colours and class markers.
 * No model math here: the numbers come from core (see stores/frame.ts).
 */
import { contours } from 'd3-contour';
import { scaleLinear, type ScaleLinear } from 'd3-scale';
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
	pad: number;
}

/** x right, y up, the same unit on both axes, the origin in the middle. */
export function plane(r: number, size = 240, pad = 14): Plane {
	return {
		sx: scaleLinear().domain([-r, r]).range([pad, size - pad]),
		sy: scaleLinear().domain([-r, r]).range([size - pad, pad]),
		size,
		pad
	};
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
