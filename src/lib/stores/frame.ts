/**
 * The frame of one snapshot: core's forwardAll (tables, probe forward passes), level-line grids
 * and, for d > 2, PCA projections to the plane, arranged the way the panels read them.
 * No model math here; everything numeric comes from src/lib/core.
 */
import type { Config } from '../core/config';
import { forwardAll } from '../core/forwardAll';
import { outputLevelGrid, xiLevelGrid, type GridSpec } from '../core/levels';
import { layout } from '../core/params';
import { makeProbes, type ProbeSet } from '../core/probes';
import { identityProjection, pcaProjection, project, type Projection } from '../core/projection';
import type { Snapshot } from '../engines/types';
import type { Frame, ProbeView, Pt } from './frame-types';

let probeCache: { key: string; set: ProbeSet } | null = null;
export function probesFor(c: Pick<Config, 'p' | 'k' | 'L'>): ProbeSet {
	const key = `${c.p}/${c.k}/${c.L}`;
	if (probeCache?.key !== key) probeCache = { key, set: makeProbes(c) };
	return probeCache.set;
}

/** Grid resolution of the level-line panels. */
export const LEVEL_GRID = 31;

const pts = (flat: ArrayLike<number>): Pt[] => Array.from({ length: flat.length / 2 }, (_, i) => [flat[2 * i], flat[2 * i + 1]] as Pt);
/** Directions (not points): project without subtracting the view's origin. */
const direction = (P: Projection): Projection => ({ ...P, origin: new Float64Array(P.dim) });

function viewOf(rows: ArrayLike<number>, d: number): Projection {
	return d === 2 ? identityProjection() : pcaProjection(rows, d);
}
function noteOf(P: Projection, what: string): string {
	if (P.kind === 'identity') return '';
	if (P.kind === 'pca' && P.explained) return `2-D PCA view of ${what} (${Math.round(100 * (P.explained[0] + P.explained[1]))}% of variance)`;
	return `first two coordinates of ${what}`;
}
function symmetricGrid(points: Pt[], n = LEVEL_GRID, min = 1): GridSpec {
	let r = min;
	for (const [x, y] of points) if (Number.isFinite(x) && Number.isFinite(y)) r = Math.max(r, Math.abs(x) * 1.15, Math.abs(y) * 1.15);
	return { x0: -r, x1: r, y0: -r, y1: r, nx: n, ny: n };
}

export function computeFrame(config: Config, snap: Snapshot): Frame | null {
	const c = config;
	const lay = layout(c);
	if (snap.params.length !== lay.total) return null; // a snapshot of another config, mid-reset
	const probes = probesFor(c);
	const v = forwardAll(snap.params, c, probes);
	const { d, L, nb_emb, h, k, p } = c;
	const pf = v.probes;

	// One plane per family of panels (identity in d = 2).
	const Praw = viewOf(v.raw, d);
	const Pz = viewOf(v.normed, d);
	const Pvz = viewOf(v.valueZ, d);
	const Pxi = viewOf(pf.xi, d);
	const Pn = viewOf(pf.xiNorm, d);
	const Pzeta = viewOf(pf.zeta, d);

	const raw = pts(project(v.raw, Praw));
	const z = pts(project(v.normed, Pz));
	const vz = pts(project(v.valueZ, Pvz));
	const xi = pts(project(pf.xi, Pxi));
	const nxi = pts(project(pf.xiNorm, Pn));
	const zeta = pts(project(pf.zeta, Pzeta));
	const tokens = pts(project(v.tokenEmb, Praw));
	const positions = pts(project(v.posEmb, Praw));
	const query = pts(project(v.query, direction(Pz)))[0];
	const receptors = pts(project(v.receptors, direction(Pn)));
	const assemblers = pts(project(v.assemblers, direction(Pzeta)));

	const probeViews: ProbeView[] = probes.probes.map((pr, i) => {
		const probs = Array.from(pf.probs.subarray(i * nb_emb, (i + 1) * nb_emb));
		return {
			i,
			tokens: pr.tokens,
			text: pr.text,
			prefix: pr.text.split('|')[0],
			prefixIndex: pr.prefixId,
			family: pr.family,
			shade: pr.shade,
			label: pr.label,
			pred: pf.pred[i],
			attn: Array.from(pf.attn.subarray(i * L, (i + 1) * L)),
			xi: xi[i],
			nxi: nxi[i],
			zeta: zeta[i],
			probs,
			loss: -Math.log(Math.max(1e-300, probs[pr.label]))
		};
	});

	// The level grids are most of a frame's cost (an MLP pass per grid point): computed on first read,
	// so that a page of single-panel widgets (the loss curve, the tokens...) never pays for them.
	let xiGrid: ReturnType<typeof xiLevelGrid> | undefined;
	let zetaGrid: ReturnType<typeof outputLevelGrid> | undefined;

	const notes: Record<string, string> = {};
	if (d > 2) {
		notes.tokens = notes.positions = notes.raw = noteOf(Praw, `E(x) + P(t), d = ${d}`);
		notes.normalized = noteOf(Pz, `z, d = ${d}`);
		notes.value = noteOf(Pvz, `V z, d = ${d}`);
		notes.sequence = notes.levels = noteOf(Pxi, `the probe ξ, d = ${d}`);
		notes['mlp-input'] = notes.receptors = noteOf(Pn, `N(ξ), d = ${d}`);
		notes['mlp-output'] = notes.assemblers = notes['output-levels'] = noteOf(Pzeta, `the probe ζ, d = ${d}`);
	}

	return {
		epoch: snap.metrics?.epoch ?? snap.epoch,
		step: snap.step,
		p,
		k,
		L,
		d,
		nb_emb,
		notes,
		tokens: tokens.map((pt, x) => ({ x, p: pt })),
		positions: positions.map((pt, t) => ({ t, prefix: t < k, p: pt })),
		cells: raw.map((r, i) => ({ x: Math.floor(i / L), t: i % L, prefix: i % L < k, raw: r, z: z[i], vz: vz[i] })),
		query,
		probes: probeViews,
		prefixes: probes.prefixes.map((pre) => pre.join('')),
		families: probes.families.length,
		receptors: receptors.map((w, u) => ({ u, w, b: v.biases[u] })),
		assemblers: assemblers.map((w, u) => ({ u, w })),
		get xiGrid() {
			return (xiGrid ??= xiLevelGrid(snap.params, c, symmetricGrid(xi), Pxi));
		},
		get zetaGrid() {
			return (zetaGrid ??= outputLevelGrid(snap.params, c, symmetricGrid(zeta), Pzeta));
		}
	} satisfies Frame;
	void h;
}
