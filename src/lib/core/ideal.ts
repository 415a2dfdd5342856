/**
 * The ideal circuit of the paper's Fig 1, built by hand for any p, k, L in d = 2, and knobs to
 * perturb it.
 *
 * Construction (frame: the prefix direction is +y):
 * - Token embeddings E[x] = r(cos α_x, sin α_x), α_x = α₀ + 2πx/p, spread around the circle so the
 *   tied decoder can tell the classes apart (extra rows, nb_emb > p, are 0).
 * - Position embeddings: every prefix position t < k gets the same P_pre = R_pre·(0, 1) and every
 *   spurious position the same P_spu, at angle `spuriousAngle` from it (default π: opposite). With
 *   R ≫ r the normalised embeddings z(x, t) of prefix tokens sit on a short arc around +y and
 *   those of spurious tokens on an arc around P_spu.
 * - The query q = Q·(direction of P_pre rotated by `queryAngle`): with Q large the attention puts
 *   all its mass on the prefix, so ξ does not depend on the suffix, and since all prefix positions
 *   share one embedding, ξ depends on the prefix only through its multiset: C(k+p−1, k) clusters.
 * - V = diag(g_t, g_r) in this frame: g_t > 1 stretches the prefix arc tangentially, which spreads
 *   the clusters' directions (the MLP sees only the direction of ξ, through N(ξ)).
 * - The MLP: the clusters' directions θ are sorted around the circle and cut into runs of equal
 *   class; each run gets one hidden unit whose receptor points at the run's middle direction φ,
 *   with pre-activation A(u_φ·N(ξ) − c₀) ≈ A(√2 cos(θ − φ) − c₀) ≥ +T on its own clusters and ≤ −T on every other one
 *   (c₀ and A are solved from the clusters), and whose assembler is M·E[y]/|E[y]| so the decoder
 *   reads class y. T = 4 (gelu(4) ≈ 4, gelu(−4) ≈ −1e−4); M is set from the largest |ξ| so the
 *   residual ξ cannot flip a decision.
 * α₀ is chosen among a few fixed candidates to maximise the smallest angle between neighbouring
 * clusters of different classes. The MLP is built for the unperturbed geometry; then `spread`
 * moves each position embedding off its shared point (breaking the invariants) and
 * `perturbation` adds Gaussian noise to every weight, both from a fixed seeded stream, so a
 * reader can watch the circuit degrade.
 */
import { parseConfig, type Config } from './config';
import { newTrace, forward } from './model';
import { layout, view } from './params';
import { arrangements, derivedSuffixes, multisets } from './probes';
import { STREAM, normal, streamKey } from './rng';

export interface IdealOptions {
	p?: number;
	k?: number;
	L?: number;
	/** Hidden units (default 32, raised to the number of runs when more are needed). */
	h?: number;
	/** Token embedding rows (default max(3, p)). */
	nb_emb?: number;
	/** Std of the offsets moving each position embedding off its shared point (default 0). */
	spread?: number;
	/** Std of the Gaussian noise added to every weight (default 0). */
	perturbation?: number;
	/** Seed of the spread offsets and the noise (default 0). */
	seed?: number;
	/** |q|: attention sharpness (default 12). */
	queryNorm?: number;
	/** Rotation of q away from the prefix direction, radians (default 0). */
	queryAngle?: number;
	/** |E[x]| (default 1). */
	tokenNorm?: number;
	/** |P| of prefix positions (default 3). */
	prefixNorm?: number;
	/** |P| of spurious positions (default 3). */
	spuriousNorm?: number;
	/** Angle from the prefix position embedding to the spurious one, radians (default π). */
	spuriousAngle?: number;
	/** V = diag(tangential gain, radial gain) in the prefix frame (default [4, 1]). */
	valueGain?: [number, number];
}

export interface IdealCluster {
	/** Token counts of the prefix multiset. */
	counts: number[];
	label: number;
	/** ξ of its sorted prefix with an all-zero suffix. */
	xi: [number, number];
	/** Direction of ξ, radians in (−π, π]. */
	angle: number;
}

export interface IdealCircuit {
	config: Config;
	params: Float64Array;
	clusters: IdealCluster[];
	/** Hidden units used (one per run of equal-class clusters around the circle). */
	units: number;
	/** Smallest angle between neighbouring clusters of different classes (unperturbed). */
	minGap: number;
	/** False if some run could not be cut out by one unit (the MLP then misclassifies). */
	separable: boolean;
}

const T = 4;
const wrap = (a: number) => Math.atan2(Math.sin(a), Math.cos(a));

interface Geometry {
	cfg: Config;
	w: Float64Array;
}

function geometry(o: Required<Omit<IdealOptions, 'h' | 'nb_emb'>>, cfg: Config, alpha0: number): Geometry {
	const lay = layout(cfg);
	const w = new Float64Array(lay.total);
	const { p, k, L } = cfg;
	const E = view(w, lay, 'E'), P = view(w, lay, 'P'), q = view(w, lay, 'q'), V = view(w, lay, 'V');
	for (let x = 0; x < p; x++) {
		const a = alpha0 + (2 * Math.PI * x) / p;
		E[2 * x] = o.tokenNorm * Math.cos(a);
		E[2 * x + 1] = o.tokenNorm * Math.sin(a);
	}
	const up = Math.PI / 2;
	for (let t = 0; t < L; t++) {
		const [R, a] = t < k ? [o.prefixNorm, up] : [o.spuriousNorm, up + o.spuriousAngle];
		P[2 * t] = R * Math.cos(a);
		P[2 * t + 1] = R * Math.sin(a);
	}
	q[0] = o.queryNorm * Math.cos(up + o.queryAngle);
	q[1] = o.queryNorm * Math.sin(up + o.queryAngle);
	V[0] = o.valueGain[0];
	V[3] = o.valueGain[1];
	return { cfg, w };
}

/** ξ (and the MLP input N(ξ)) of one multiset's prefixes for a few arrangements and suffixes. */
interface Samples {
	counts: number[];
	label: number;
	xis: [number, number][];
	nxis: [number, number][];
}

/** Samples of every multiset, in canonical order. */
function clusterSamples(g: Geometry): Samples[] {
	const { p, k, L } = g.cfg;
	const lay = layout(g.cfg);
	const tr = newTrace(g.cfg);
	const suffixes = derivedSuffixes(L - k, p);
	return multisets(k, p).map((counts) => {
		const xis: [number, number][] = [];
		const nxis: [number, number][] = [];
		for (const pre of arrangements(counts, k))
			for (const suf of suffixes) {
				forward(g.w, g.cfg, lay, pre.concat(suf), 0, tr);
				xis.push([tr.xi[0], tr.xi[1]]);
				nxis.push([tr.nxi[0], tr.nxi[1]]);
			}
		return { counts, label: counts.reduce((s, c, x) => s + c * x, 0) % p, xis, nxis };
	});
}

/** Smallest angle between neighbouring samples of different classes around the circle. */
function minClassGap(samples: { label: number; xis: [number, number][] }[]): number {
	const pts = samples.flatMap((s) => s.xis.map((x) => ({ a: Math.atan2(x[1], x[0]), y: s.label }))).sort((u, v) => u.a - v.a);
	let gap = Infinity;
	for (let i = 0; i < pts.length; i++) {
		const a = pts[i], b = pts[(i + 1) % pts.length];
		if (a.y !== b.y) gap = Math.min(gap, ((b.a - a.a + 2 * Math.PI) % (2 * Math.PI)) || 0);
	}
	return gap;
}

interface Unit {
	phi: number;
	A: number;
	c0: number;
	label: number;
	ok: boolean;
}

/** One unit per circular run of equal-class clusters (see the file's comment). */
function designUnits(samples: Samples[]): Unit[] {
	const clusters = samples
		.map((s) => ({ label: s.label, angles: s.xis.map((x) => Math.atan2(x[1], x[0])), nxis: s.nxis }))
		.map((c) => ({ ...c, mid: Math.atan2(c.angles.reduce((a, t) => a + Math.sin(t), 0), c.angles.reduce((a, t) => a + Math.cos(t), 0)) }))
		.sort((a, b) => a.mid - b.mid);
	const n = clusters.length;
	// Rotate so the list starts at a class change (runs do not wrap around).
	let start = 0;
	while (start < n && clusters[start].label === clusters[(start - 1 + n) % n].label) start++;
	if (start === n) start = 0;
	const ring = clusters.slice(start).concat(clusters.slice(0, start));
	const runs: (typeof ring)[] = [];
	for (const c of ring) {
		const last = runs[runs.length - 1];
		if (last && last[0].label === c.label) last.push(c);
		else runs.push([c]);
	}
	return runs.map((run) => {
		const first = run[0].mid;
		const span = wrap(run[run.length - 1].mid - first);
		const phi = wrap(first + (span < 0 ? span + 2 * Math.PI : span) / 2);
		// Exact pre-activations: the receptor's direction · N(ξ) (|N(ξ)| is √2 only up to eps).
		const along = (n: [number, number]) => n[0] * Math.cos(phi) + n[1] * Math.sin(phi);
		const own = run.flatMap((c) => c.nxis.map(along));
		const others = ring.filter((c) => !run.includes(c)).flatMap((c) => c.nxis.map(along));
		const cs = Math.min(...own);
		const co = others.length ? Math.max(...others) : -Math.SQRT2;
		const ok = cs > co;
		const half = ok ? (cs - co) / 2 : 1e-3;
		return { phi, A: T / half, c0: ok ? (cs + co) / 2 : cs, label: run[0].label, ok };
	});
}

const DEFAULTS: Required<Omit<IdealOptions, 'h' | 'nb_emb'>> = {
	p: 2,
	k: 5,
	L: 12,
	spread: 0,
	perturbation: 0,
	seed: 0,
	queryNorm: 12,
	queryAngle: 0,
	tokenNorm: 1,
	prefixNorm: 3,
	spuriousNorm: 3,
	spuriousAngle: Math.PI,
	valueGain: [4, 1]
};

/** The hand-built circuit (see the file's comment). */
export function idealCircuit(opts: IdealOptions = {}): IdealCircuit {
	const o = { ...DEFAULTS, ...Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)) } as typeof DEFAULTS & IdealOptions;
	const base = { p: o.p, k: o.k, L: o.L, d: 2, nb_emb: o.nb_emb ?? Math.max(3, o.p) };
	// Pick α₀ among fixed candidates for the widest class gap.
	let best: { g: Geometry; samples: ReturnType<typeof clusterSamples>; gap: number } | undefined;
	const probeCfg = parseConfig({ ...base, h: 1 });
	for (let i = 0; i < 12; i++) {
		const g = geometry(o, probeCfg, 0.1 + (i * Math.PI) / (6 * o.p));
		const samples = clusterSamples(g);
		const gap = minClassGap(samples);
		if (!best || gap > best.gap) best = { g, samples, gap };
	}
	const { samples } = best!;
	const units = designUnits(samples);
	const h = Math.max(o.h ?? 32, units.length);
	const cfg = parseConfig({ ...base, h });
	const lay = layout(cfg);
	const w = new Float64Array(lay.total);
	// Copy the geometry (E, P, q, V) and write the MLP.
	for (const name of ['E', 'P', 'q', 'V'] as const) view(w, lay, name).set(view(best!.g.w, layout(probeCfg), name));
	const E = view(w, lay, 'E'), W1 = view(w, lay, 'W1'), b1 = view(w, lay, 'b1'), W2 = view(w, lay, 'W2');
	const maxXi = Math.max(...samples.flatMap((s) => s.xis.map((x) => Math.hypot(x[0], x[1]))));
	const margin = 1 - Math.cos((2 * Math.PI) / o.p); // decoder: own class vs nearest other, per unit |ζ|
	const M = (4 * maxXi) / (T * margin * o.tokenNorm) + 2;
	units.forEach((u, i) => {
		W1[2 * i] = u.A * Math.cos(u.phi);
		W1[2 * i + 1] = u.A * Math.sin(u.phi);
		b1[i] = -u.A * u.c0;
		const ey = [E[2 * u.label], E[2 * u.label + 1]];
		const ne = Math.hypot(ey[0], ey[1]);
		W2[0 * h + i] = (M * ey[0]) / ne;
		W2[1 * h + i] = (M * ey[1]) / ne;
	});
	// Perturbations, from the seed's probe stream.
	const key = streamKey(o.seed, STREAM.probe);
	const P = view(w, lay, 'P');
	if (o.spread > 0) for (let i = 0; i < P.length; i++) P[i] += o.spread * normal(key, i);
	if (o.perturbation > 0) for (let i = 0; i < w.length; i++) w[i] += o.perturbation * normal(key, 1000 + i);
	const clusters: IdealCluster[] = samples.map((s) => ({ counts: s.counts, label: s.label, xi: s.xis[0], angle: Math.atan2(s.xis[0][1], s.xis[0][0]) }));
	return { config: cfg, params: w, clusters, units: units.length, minGap: best!.gap, separable: units.every((u) => u.ok) };
}

/**
 * A variant with faulty attention corrected by the value matrix (the paper's Fig 2 in spirit):
 * the spurious position embedding sits at a right angle to the prefix one, the query is weak and
 * turned so that about a third of the attention lands on spurious positions, and V shrinks the
 * direction along which the spurious tokens' z differ (radial gain 0.2), so what attention picks
 * up from the suffix is the same whatever its tokens: ξ stays suffix-invariant.
 */
export const FAULTY_ATTENTION_CORRECTED_BY_V: IdealOptions = {
	queryNorm: 1,
	queryAngle: Math.PI / 2,
	spuriousAngle: -Math.PI / 2,
	valueGain: [4, 0.2]
};

/** The same leak without the correction: V does not collapse the spurious tokens (→ partial invariants). */
export const LEAKY_ATTENTION_UNCORRECTED: IdealOptions = { queryNorm: 1, valueGain: [4, 1] };
