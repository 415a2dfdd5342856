/**
 * Which kind of circuit a trained model implements (the paper's §3: Fig 1–4), decided by
 * measurements on a fixed set of sentences rather than by eye.
 *
 * The sentences: every prefix multiset ("family", C(k+p−1, k) of them; at most 64, chosen as
 * probes.ts does beyond that) in up to three arrangements (sorted, rotated by ⌊k/2⌋, reversed)
 * × the derived suffixes of probes.ts (all 0, all p−1, two patterns). On them:
 *
 * - `prefixMass`: mean attention weight on the k label positions (1 = attention never leaks).
 * - `separation`: median, over families, of the distance from the family's ξ centroid to the
 *   nearest other family's centroid — the scale at which clusters are told apart.
 * - `suffixRatio`: mean over prefixes of the RMS distance of ξ over suffixes from its mean,
 *   divided by `separation`. Small = ξ invariant to the spurious tokens.
 * - `permutationRatio`: mean over families of the RMS distance of its arrangements' mean ξ from
 *   the family centroid, divided by `separation`. Small = ξ invariant to prefix permutations.
 * - `familyRatio`: RMS distance of every ξ from its family centroid / RMS distance of the family
 *   centroids from their mean (within / between). Small = ξ organised by prefix multiset.
 * - `clusters`: ξ clusters (single linkage at 0.1·separation) vs `idealClusters` = C(k+p−1, k).
 * - `spuriousValueSpread`: RMS spread of V z(x, t) over tokens x < p and spurious positions
 *   t ≥ k divided by the same over prefix positions t < k: < 1 when the value transform
 *   collapses what attention picks up from the suffix.
 * - `accuracy`: the test accuracy if the caller gives it, else the accuracy on these sentences.
 *
 * Criteria, in order (thresholds in CIRCUIT_THRESHOLDS):
 * 1. accuracy ≤ 0.9 (the paper's success threshold, App. A.2) → 'failed'.
 * 2. suffixRatio ≤ 0.2 and permutationRatio ≤ 0.2 (both invariants learned):
 *    prefixMass ≥ 0.9 → 'ideal'; otherwise → 'faulty-attention-corrected-by-V' (attention leaks
 *    onto spurious positions, yet ξ does not depend on them: V z collapses what is attended).
 * 3. familyRatio ≤ 0.5 (ξ still grouped by prefix multiset, but the suffix or the order of the
 *    prefix splits the groups: more clusters than C(k+p−1, k)) → 'partial-invariants'.
 * 4. otherwise → 'fuzzy' (ξ clustered by some other pattern; it may still generalise).
 */
import type { Config } from './config';
import { forwardRows, tokenPositionTables } from './forwardAll';
import type { ModelConfig } from './model';
import { SUCCESS_ACC } from './outcome';
import { arrangements, derivedSuffixes, idealClusterCount, multisets, selectFamilies } from './probes';

export type CircuitClass = 'ideal' | 'faulty-attention-corrected-by-V' | 'partial-invariants' | 'fuzzy' | 'failed';

export const CIRCUIT_THRESHOLDS = {
	/** Below this accuracy a run has failed. */
	accuracy: SUCCESS_ACC,
	/** Attention mass on the prefix for 'ideal'. */
	prefixMass: 0.9,
	/** Largest suffixRatio and permutationRatio for "invariant". */
	invariance: 0.2,
	/** Largest familyRatio for 'partial-invariants' (above: 'fuzzy'). */
	family: 0.5,
	/** Single-linkage radius for counting clusters, relative to the separation. */
	clusterRadius: 0.1
};
export type CircuitThresholds = typeof CIRCUIT_THRESHOLDS;

export interface CircuitMeasurements {
	prefixMass: number;
	separation: number;
	suffixRatio: number;
	permutationRatio: number;
	familyRatio: number;
	clusters: number;
	idealClusters: number;
	spuriousValueSpread: number;
	accuracy: number;
	/** Whether `accuracy` is the caller's test accuracy or the one on the circuit sentences. */
	accuracySource: 'test' | 'probes';
	/** Sentences measured. */
	sentences: number;
}

export interface CircuitVerdict {
	label: CircuitClass;
	measurements: CircuitMeasurements;
	/** Why, in words, for tooltips and reports. */
	reason: string;
}

/** The sentences of the measurement: families × arrangements × suffixes (see the file's comment). */
export function circuitSentences(c: Pick<Config, 'p' | 'k' | 'L'>, maxFamilies = 64): { X: Int32Array; Y: Int32Array; n: number; family: Int32Array; prefix: Int32Array; families: number } {
	const { p, k, L } = c;
	const all = multisets(k, p);
	const fams = selectFamilies(k, p, maxFamilies);
	const suffixes = derivedSuffixes(L - k, p);
	const rows: number[][] = [];
	const family: number[] = [];
	const prefix: number[] = [];
	let pid = 0;
	fams.forEach((fi, f) => {
		const arr = arrangements(all[fi], k);
		const rev = arr[0].slice().reverse();
		if (!arr.some((a) => a.join() === rev.join())) arr.push(rev);
		for (const pre of arr) {
			for (const suf of suffixes) {
				rows.push(pre.concat(suf));
				family.push(f);
				prefix.push(pid);
			}
			pid++;
		}
	});
	const X = new Int32Array(rows.length * L);
	const Y = new Int32Array(rows.length);
	rows.forEach((r, i) => {
		X.set(r, i * L);
		Y[i] = r.slice(0, k).reduce((a, b) => a + b, 0) % p;
	});
	return { X, Y, n: rows.length, family: Int32Array.from(family), prefix: Int32Array.from(prefix), families: fams.length };
}

const dist = (a: ArrayLike<number>, ao: number, b: ArrayLike<number>, bo: number, d: number) => {
	let s = 0;
	for (let j = 0; j < d; j++) s += (a[ao + j] - b[bo + j]) ** 2;
	return Math.sqrt(s);
};

/** Means of the rows of X (n × d) grouped by `group` (values 0..G−1). */
function groupMeans(X: Float64Array, d: number, group: ArrayLike<number>, G: number): Float64Array {
	const out = new Float64Array(G * d);
	const cnt = new Float64Array(G);
	for (let r = 0; r < group.length; r++) {
		cnt[group[r]]++;
		for (let j = 0; j < d; j++) out[group[r] * d + j] += X[r * d + j];
	}
	for (let g = 0; g < G; g++) for (let j = 0; j < d; j++) out[g * d + j] /= cnt[g] || 1;
	return out;
}

/** RMS distance of the rows of X from the rows of C picked by `group`, averaged per group first. */
function meanGroupRms(X: Float64Array, C: Float64Array, d: number, group: ArrayLike<number>, G: number, minSize = 1): number {
	const ss = new Float64Array(G);
	const cnt = new Float64Array(G);
	for (let r = 0; r < group.length; r++) {
		ss[group[r]] += dist(X, r * d, C, group[r] * d, d) ** 2;
		cnt[group[r]]++;
	}
	let s = 0, m = 0;
	for (let g = 0; g < G; g++)
		if (cnt[g] >= minSize) {
			s += Math.sqrt(ss[g] / cnt[g]);
			m++;
		}
	return m ? s / m : 0;
}

/** Number of single-linkage clusters of the rows of X (n × d) at radius r. */
export function countClusters(X: ArrayLike<number>, d: number, r: number): number {
	const n = X.length / d;
	const parent = Int32Array.from({ length: n }, (_, i) => i);
	const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
	for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (dist(X, i * d, X, j * d, d) <= r) parent[find(i)] = find(j);
	let c = 0;
	for (let i = 0; i < n; i++) if (find(i) === i) c++;
	return c;
}

/** All the measurements of the file's comment. */
export function measureCircuit(cfg: ModelConfig, params: ArrayLike<number>, opts: { testAcc?: number; thresholds?: Partial<CircuitThresholds> } = {}): CircuitMeasurements {
	const th = { ...CIRCUIT_THRESHOLDS, ...opts.thresholds };
	const { d, L, k, p } = cfg;
	const S = circuitSentences(cfg);
	const f = forwardRows(params, cfg, S.X, S.n);
	// Attention on the prefix.
	let mass = 0;
	for (let r = 0; r < S.n; r++) for (let t = 0; t < k; t++) mass += f.attn[r * L + t];
	const prefixMass = mass / S.n;
	// Centroids per prefix (over suffixes) and per family (over that family's prefixes).
	const P = S.prefix[S.n - 1] + 1;
	const prefixMeans = groupMeans(f.xi, d, S.prefix, P);
	const prefixFamily = new Int32Array(P);
	for (let r = 0; r < S.n; r++) prefixFamily[S.prefix[r]] = S.family[r];
	const famMeans = groupMeans(prefixMeans, d, prefixFamily, S.families);
	const nn: number[] = [];
	for (let a = 0; a < S.families; a++) {
		let best = Infinity;
		for (let b = 0; b < S.families; b++) if (a !== b) best = Math.min(best, dist(famMeans, a * d, famMeans, b * d, d));
		nn.push(best);
	}
	nn.sort((a, b) => a - b);
	const separation = Math.max(nn.length ? nn[Math.floor((nn.length - 1) / 2)] : 0, 1e-12);
	const suffixRatio = meanGroupRms(f.xi, prefixMeans, d, S.prefix, P) / separation;
	const permutationRatio = meanGroupRms(prefixMeans, famMeans, d, prefixFamily, S.families, 1) / separation;
	// Within-family vs between-family spread.
	let within = 0;
	for (let r = 0; r < S.n; r++) within += dist(f.xi, r * d, famMeans, S.family[r] * d, d) ** 2;
	const grand = groupMeans(famMeans, d, new Int32Array(S.families), 1);
	let between = 0;
	for (let a = 0; a < S.families; a++) between += dist(famMeans, a * d, grand, 0, d) ** 2;
	const familyRatio = Math.sqrt(within / S.n) / Math.max(Math.sqrt(between / S.families), 1e-12);
	// Value-transform collapse of spurious positions.
	const tab = tokenPositionTables(params, cfg);
	const spread = (spurious: boolean) => {
		const pts: number[] = [];
		for (let x = 0; x < p; x++) for (let t = spurious ? k : 0; t < (spurious ? L : k); t++) for (let j = 0; j < d; j++) pts.push(tab.valueZ[(x * L + t) * d + j]);
		const n = pts.length / d;
		if (n === 0) return 0;
		const mean = new Float64Array(d);
		for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += pts[i * d + j] / n;
		let s = 0;
		for (let i = 0; i < n; i++) s += dist(pts, i * d, mean, 0, d) ** 2;
		return Math.sqrt(s / n);
	};
	const spuriousValueSpread = spread(true) / Math.max(spread(false), 1e-12);
	let correct = 0;
	for (let r = 0; r < S.n; r++) if (f.pred[r] === S.Y[r]) correct++;
	return {
		prefixMass,
		separation,
		suffixRatio,
		permutationRatio,
		familyRatio,
		clusters: countClusters(f.xi, d, th.clusterRadius * separation),
		idealClusters: idealClusterCount(p, k),
		spuriousValueSpread,
		accuracy: opts.testAcc ?? correct / S.n,
		accuracySource: opts.testAcc === undefined ? 'probes' : 'test',
		sentences: S.n
	};
}

/** The label from measurements (criteria in the file's comment). */
export function labelCircuit(m: CircuitMeasurements, thresholds: Partial<CircuitThresholds> = {}): { label: CircuitClass; reason: string } {
	const th = { ...CIRCUIT_THRESHOLDS, ...thresholds };
	const f = (x: number) => x.toPrecision(2);
	if (!(m.accuracy > th.accuracy)) return { label: 'failed', reason: `accuracy ${f(m.accuracy)} ≤ ${th.accuracy}` };
	const inv = `suffix ratio ${f(m.suffixRatio)}, permutation ratio ${f(m.permutationRatio)}`;
	if (m.suffixRatio <= th.invariance && m.permutationRatio <= th.invariance) {
		if (m.prefixMass >= th.prefixMass) return { label: 'ideal', reason: `both invariants (${inv}) and ${f(100 * m.prefixMass)}% of attention on the prefix` };
		return {
			label: 'faulty-attention-corrected-by-V',
			reason: `only ${f(100 * m.prefixMass)}% of attention on the prefix, yet ξ is invariant (${inv}); spurious V z spread ${f(m.spuriousValueSpread)} of the prefix one`
		};
	}
	if (m.familyRatio <= th.family) return { label: 'partial-invariants', reason: `ξ grouped by prefix multiset (within/between ${f(m.familyRatio)}) but not invariant (${inv}); ${m.clusters} clusters vs ${m.idealClusters}` };
	return { label: 'fuzzy', reason: `ξ not grouped by prefix multiset (within/between ${f(m.familyRatio)})` };
}

/** Measure and label a model's circuit. Pass the test accuracy when known (else probe accuracy is used). */
export function classifyCircuit(cfg: ModelConfig, params: ArrayLike<number>, opts: { testAcc?: number; thresholds?: Partial<CircuitThresholds> } = {}): CircuitVerdict {
	const measurements = measureCircuit(cfg, params, opts);
	return { ...labelCircuit(measurements, opts.thresholds), measurements };
}
