/** Pure geometry of the landscape surface: heights, vertex positions, level-line segments. */
import { contours } from 'd3-contour';

/** Height of a loss value: log scale, normalised to [0, 1] over [lo, hi]. */
export function heightOf(loss: number, lo: number, hi: number): number {
	const l = Math.log(Math.max(loss, 1e-12));
	const a = Math.log(Math.max(lo, 1e-12));
	const b = Math.log(Math.max(hi, 1e-12));
	if (!(b > a)) return 0;
	return Math.min(1, Math.max(0, (l - a) / (b - a)));
}

/** Finite min and max of an array. */
export function finiteRange(a: ArrayLike<number>): [number, number] {
	let lo = Infinity;
	let hi = -Infinity;
	for (let i = 0; i < a.length; i++) {
		const v = a[i];
		if (Number.isFinite(v)) {
			if (v < lo) lo = v;
			if (v > hi) hi = v;
		}
	}
	return lo <= hi ? [lo, hi] : [0, 1];
}

/** Bilinear interpolation of grid values (size × size, x fastest) at fractional node coordinates. */
export function bilinear(values: ArrayLike<number>, size: number, fi: number, fj: number): number {
	const i = Math.min(size - 2, Math.max(0, Math.floor(fi)));
	const j = Math.min(size - 2, Math.max(0, Math.floor(fj)));
	const s = Math.min(1, Math.max(0, fi - i));
	const t = Math.min(1, Math.max(0, fj - j));
	const v = (a: number, b: number) => values[b * size + a];
	return (1 - s) * (1 - t) * v(i, j) + s * (1 - t) * v(i + 1, j) + (1 - s) * t * v(i, j + 1) + s * t * v(i + 1, j + 1);
}

/**
 * Level lines of the height field as 3-D segments (x, y, z triplets, two points per segment), in
 * the surface's coordinates: x and z in [−1, 1] over the grid, y = height·scale + lift.
 */
export function levelSegments(heights: ArrayLike<number>, size: number, levels: number[], scale: number, lift = 0.004): Float32Array {
	const out: number[] = [];
	const gen = contours().size([size, size]).thresholds(levels);
	const X = (c: number) => -1 + (2 * (Math.min(size - 0.5, Math.max(0.5, c)) - 0.5)) / (size - 1);
	for (const c of gen(Array.from(heights))) {
		const y = c.value * scale + lift;
		for (const poly of c.coordinates)
			for (const ring of poly)
				for (let k = 1; k < ring.length; k++) {
					const [x0, z0] = ring[k - 1];
					const [x1, z1] = ring[k];
					// Skip the grid's border, where d3-contour closes rings.
					if ((x0 <= 0 || x0 >= size) && x0 === x1) continue;
					if ((z0 <= 0 || z0 >= size) && z0 === z1) continue;
					out.push(X(x0), y, X(z0), X(x1), y, X(z1));
				}
	}
	return Float32Array.from(out);
}
