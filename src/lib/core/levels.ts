/**
 * Level-line grids for two panels:
 * - "transform level lines": p(y | ξ), the MLP and the decoder as a function of the sentence
 *   embedding ξ over a plane (ξ ∈ R² for d = 2; for d > 2 the plane of a `Projection`);
 * - "output level lines": softmax_y(E[y]·ζ) as a function of the MLP output ζ over a plane.
 * Grids are sampled at nodes, row-major with x fastest — value (i, j) at i + j·nx — which is what
 * d3-contour's `contours().size([nx, ny])` expects. One array per class.
 */
import { decode, mlpHead, newHeadOut } from './model';
import type { ModelConfig } from './model';
import { layout } from './params';
import { identityProjection, lift, type Projection } from './projection';

export interface GridSpec {
	x0: number;
	x1: number;
	y0: number;
	y1: number;
	nx: number;
	ny: number;
}

export interface LevelGrid extends GridSpec {
	/** probs[y][i + j·nx] = p(y) at plane point (x_i, y_j). */
	probs: Float64Array[];
	/** Index of the most likely class at each node. */
	argmax: Int32Array;
}

/** Plane coordinate of node i (of n) between a and b. */
export const gridCoord = (a: number, b: number, n: number, i: number) => (n <= 1 ? (a + b) / 2 : a + ((b - a) * i) / (n - 1));

/**
 * A square-ish extent around 2-D points (n × 2, row-major), padded by `pad` of its size and
 * always containing the origin when `withOrigin` (where N(ξ) is singular: the panels show it).
 */
export function gridExtent(points: ArrayLike<number>, opts: { pad?: number; withOrigin?: boolean; minSize?: number } = {}): { x0: number; x1: number; y0: number; y1: number } {
	const pad = opts.pad ?? 0.15;
	let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
	for (let i = 0; i + 1 < points.length; i += 2) {
		const x = points[i], y = points[i + 1];
		if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
		x0 = Math.min(x0, x); x1 = Math.max(x1, x);
		y0 = Math.min(y0, y); y1 = Math.max(y1, y);
	}
	if (opts.withOrigin ?? true) {
		x0 = Math.min(x0, 0); x1 = Math.max(x1, 0);
		y0 = Math.min(y0, 0); y1 = Math.max(y1, 0);
	}
	if (!Number.isFinite(x0)) return { x0: -1, x1: 1, y0: -1, y1: 1 };
	const size = Math.max(x1 - x0, y1 - y0, opts.minSize ?? 1e-6) * (1 + 2 * pad);
	const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
	return { x0: cx - size / 2, x1: cx + size / 2, y0: cy - size / 2, y1: cy + size / 2 };
}

function evaluateGrid(nb: number, g: GridSpec, f: (a: number, b: number, probs: Float64Array) => void): LevelGrid {
	const N = g.nx * g.ny;
	const probs = Array.from({ length: nb }, () => new Float64Array(N));
	const argmax = new Int32Array(N);
	const p = new Float64Array(nb);
	for (let j = 0; j < g.ny; j++) {
		const b = gridCoord(g.y0, g.y1, g.ny, j);
		for (let i = 0; i < g.nx; i++) {
			f(gridCoord(g.x0, g.x1, g.nx, i), b, p);
			const k = i + j * g.nx;
			let best = 0;
			for (let y = 0; y < nb; y++) {
				probs[y][k] = p[y];
				if (p[y] > p[best]) best = y;
			}
			argmax[k] = best;
		}
	}
	return { ...g, probs, argmax };
}

function planeOf(m: ModelConfig, proj?: Projection): Projection {
	const P = proj ?? identityProjection();
	if (P.dim !== m.d) throw new Error(`projection of dimension ${P.dim} for a model with d = ${m.d}`);
	return P;
}

/** p(y | ξ) over the grid: ξ = the plane point (lifted to R^d through `proj` when d > 2). */
export function xiLevelGrid(w: ArrayLike<number>, m: ModelConfig, g: GridSpec, proj?: Projection): LevelGrid {
	const lay = layout(m);
	const P = planeOf(m, proj);
	const out = newHeadOut(m);
	const xi = new Float64Array(m.d);
	return evaluateGrid(m.nb_emb, g, (a, b, probs) => {
		lift(a, b, P, xi);
		mlpHead(w, m, lay, xi, 0, out);
		probs.set(out.probs);
	});
}

/** softmax(E ζ) over the grid: ζ = the plane point (lifted through `proj` when d > 2). */
export function outputLevelGrid(w: ArrayLike<number>, m: ModelConfig, g: GridSpec, proj?: Projection): LevelGrid {
	const lay = layout(m);
	const P = planeOf(m, proj);
	const zeta = new Float64Array(m.d);
	const logits = new Float64Array(m.nb_emb);
	return evaluateGrid(m.nb_emb, g, (a, b, probs) => {
		lift(a, b, P, zeta);
		decode(w, m, lay, zeta, 0, logits, probs);
	});
}
