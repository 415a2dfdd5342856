/**
 * The probe sentences every sandbox panel draws: every prefix × every suffix of two short lists.
 *
 * For p = 2 and p = 3 with k = 5, L = 12 the lists are exactly those of SPEC.md (the authors'
 * released code). For any other (p, k, L) they are derived the same way, deterministically:
 *
 * - Prefix families. A family is a multiset of prefix tokens (the counts c_0..c_{p−1}, Σ c = k):
 *   sentences of one family differ only by a permutation of their prefix, so an ideal circuit puts
 *   them on one ξ cluster, and the panels give them one colour. Families are taken in the
 *   canonical order of `multisets` (more zeros first, then more ones, …). When there are at most
 *   `maxFamilies` of them all are used; otherwise they are picked round-robin over the class
 *   (Σ x mod p = 0, 1, …, p−1, 0, …), each time the first unused family of that class, so every
 *   class is covered, then put back in canonical order.
 * - Prefixes. For each family its sorted arrangement (0…0 1…1 2…), and, when it has two distinct
 *   tokens or more, that arrangement rotated left by ⌊k/2⌋ (for p = 2 this gives 00001 → 00100 and
 *   00011 → 01100, as the paper's list does): two arrangements per family show whether ξ is
 *   invariant to prefix permutations.
 * - Suffixes (length L − k): all 0; all p−1; t ↦ t mod p; t ↦ ⌊t/2⌋ mod p; duplicates dropped.
 *   Constant and patterned suffixes show whether ξ is invariant to the spurious tokens.
 */

/** The lists of SPEC.md (k = 5, L = 12). */
export const PAPER_PROBES: Record<number, { prefixes: string[]; suffixes: string[] }> = {
	2: {
		prefixes: ['00000', '11111', '00001', '00100', '00011', '01100', '00111', '01101', '01111', '11011'],
		suffixes: ['0000000', '1111111', '1001001', '0110010']
	},
	3: {
		prefixes: ['00000', '10000', '11000', '21000', '21100', '21110', '00201', '00211', '10211', '10110', '10210', '10220', '11001', '12001', '22001'],
		suffixes: ['1201201', '1021021', '0120120', '2012012']
	}
};

/** A multiset of prefix tokens: how many of each token (a "permutation-equivalence class"). */
export interface Family {
	/** counts[x] = number of prefix positions holding token x; Σ counts = k. */
	counts: number[];
	/** Its class: Σ x·counts[x] mod p (every arrangement has the same label). */
	label: number;
	/** Index in the canonical order of `multisets(k, p)` (stable across probe sets). */
	canonical: number;
}

export interface Probe {
	/** Row in ProbeSet.X. */
	index: number;
	/** The L tokens. */
	tokens: number[];
	/** Display text, prefix and suffix separated: "00011|0110010". */
	text: string;
	/** Class label (x_1 + … + x_k) mod p. */
	label: number;
	prefixId: number;
	suffixId: number;
	/** Index into ProbeSet.families: the prefix's multiset, i.e. its colour family. */
	family: number;
	/** Rank of this prefix among the prefixes of its family (0 for the first): its shade. */
	shade: number;
}

export interface ProbeSet {
	p: number;
	k: number;
	L: number;
	/** 'paper' when the lists are SPEC.md's, 'derived' otherwise. */
	source: 'paper' | 'derived';
	prefixes: number[][];
	suffixes: number[][];
	families: Family[];
	/** prefixFamily[i] = family of prefix i. */
	prefixFamily: number[];
	/** Sentences, prefix-major: probe i·suffixes.length + j is prefix i with suffix j. */
	probes: Probe[];
	/** All probe tokens, n × L row-major, ready for model.ts's `forward`. */
	X: Int32Array;
	/** Labels. */
	Y: Int32Array;
	n: number;
}

/** C(n, r), exact for the small values used here. */
export function binomial(n: number, r: number): number {
	if (r < 0 || r > n) return 0;
	let out = 1;
	for (let i = 1; i <= r; i++) out = (out * (n - r + i)) / i;
	return Math.round(out);
}

/** Number of ξ clusters of the ideal circuit: multisets of k tokens out of p, C(k+p−1, k). */
export const idealClusterCount = (p: number, k: number) => binomial(k + p - 1, k);

/**
 * All count vectors (c_0..c_{p−1}) with Σ c = k, in canonical order: lexicographically
 * decreasing (5,0) (4,1) (3,2) … (0,5). There are C(k+p−1, k) of them.
 */
export function multisets(k: number, p: number): number[][] {
	const out: number[][] = [];
	const cur = new Array<number>(p).fill(0);
	const rec = (i: number, left: number) => {
		if (i === p - 1) {
			cur[i] = left;
			out.push(cur.slice());
			return;
		}
		for (let c = left; c >= 0; c--) {
			cur[i] = c;
			rec(i + 1, left - c);
		}
	};
	rec(0, k);
	return out;
}

export const countsOf = (tokens: ArrayLike<number>, p: number, from = 0, to = tokens.length): number[] => {
	const c = new Array<number>(p).fill(0);
	for (let t = from; t < to; t++) c[tokens[t]]++;
	return c;
};

const labelOfCounts = (counts: number[], p: number) => counts.reduce((s, c, x) => s + c * x, 0) % p;
const key = (counts: number[]) => counts.join(',');
const parse = (s: string) => Array.from(s, Number);

/** Families used by derived probe sets: all, or a class-covering selection of maxFamilies. */
export function selectFamilies(k: number, p: number, maxFamilies: number): number[] {
	const all = multisets(k, p);
	if (all.length <= maxFamilies) return all.map((_, i) => i);
	const byLabel: number[][] = Array.from({ length: p }, () => []);
	all.forEach((c, i) => byLabel[labelOfCounts(c, p)].push(i));
	const chosen: number[] = [];
	const next = new Array<number>(p).fill(0);
	for (let y = 0; chosen.length < maxFamilies; y = (y + 1) % p) {
		if (next[y] < byLabel[y].length) chosen.push(byLabel[y][next[y]++]);
	}
	return chosen.sort((a, b) => a - b);
}

/** The sorted arrangement of a family, and its ⌊k/2⌋ left rotation when that differs. */
export function arrangements(counts: number[], k: number): number[][] {
	const sorted = counts.flatMap((c, x) => new Array<number>(c).fill(x));
	const r = Math.floor(k / 2);
	const rotated = sorted.slice(r).concat(sorted.slice(0, r));
	return key(rotated) === key(sorted) ? [sorted] : [sorted, rotated];
}

/** The derived suffixes of length m (see the file's comment). */
export function derivedSuffixes(m: number, p: number): number[][] {
	const cands = [
		(_t: number) => 0,
		(_t: number) => p - 1,
		(t: number) => t % p,
		(t: number) => Math.floor(t / 2) % p
	].map((f) => Array.from({ length: m }, (_, t) => f(t)));
	const seen = new Set<string>();
	return cands.filter((s) => !seen.has(key(s)) && (seen.add(key(s)), true));
}

export interface ProbeOptions {
	/** Upper bound on families for derived sets (default 12). */
	maxFamilies?: number;
}

/** The probe sentences of a (p, k, L) task. */
export function makeProbes(c: { p: number; k: number; L: number }, opts: ProbeOptions = {}): ProbeSet {
	const { p, k, L } = c;
	const paper = k === 5 && L === 12 ? PAPER_PROBES[p] : undefined;
	let prefixes: number[][];
	let suffixes: number[][];
	if (paper) {
		prefixes = paper.prefixes.map(parse);
		suffixes = paper.suffixes.map(parse);
	} else {
		const all = multisets(k, p);
		prefixes = selectFamilies(k, p, opts.maxFamilies ?? 12).flatMap((i) => arrangements(all[i], k));
		suffixes = derivedSuffixes(L - k, p);
	}
	// Families in canonical order of their first appearance's canonical index.
	const canonicalIndex = new Map(multisets(k, p).map((cnt, i) => [key(cnt), i]));
	const famKeys: string[] = [];
	const prefixFamilyKey = prefixes.map((pre) => key(countsOf(pre, p)));
	for (const fk of prefixFamilyKey) if (!famKeys.includes(fk)) famKeys.push(fk);
	famKeys.sort((a, b) => canonicalIndex.get(a)! - canonicalIndex.get(b)!);
	const families: Family[] = famKeys.map((fk) => {
		const counts = fk.split(',').map(Number);
		return { counts, label: labelOfCounts(counts, p), canonical: canonicalIndex.get(fk)! };
	});
	const prefixFamily = prefixFamilyKey.map((fk) => famKeys.indexOf(fk));
	const shades = prefixFamily.map((f, i) => prefixFamily.slice(0, i).filter((g) => g === f).length);
	const n = prefixes.length * suffixes.length;
	const X = new Int32Array(n * L);
	const Y = new Int32Array(n);
	const probes: Probe[] = [];
	prefixes.forEach((pre, i) =>
		suffixes.forEach((suf, j) => {
			const index = i * suffixes.length + j;
			const tokens = pre.concat(suf);
			X.set(tokens, index * L);
			Y[index] = families[prefixFamily[i]].label;
			probes.push({ index, tokens, text: `${pre.join('')}|${suf.join('')}`, label: Y[index], prefixId: i, suffixId: j, family: prefixFamily[i], shade: shades[i] });
		})
	);
	return { p, k, L, source: paper ? 'paper' : 'derived', prefixes, suffixes, families, prefixFamily, probes, X, Y, n };
}

// ---------------------------------------------------------------------------------------------
// Colour and marker metadata. Indices, not CSS: the widgets map them onto a colour-blind-safe
// palette (Okabe–Ito, 8 colours, in widgets/palette.ts) and onto d3-shape symbols.

/** Colours in the palette the indices refer to. */
export const PALETTE_SIZE = 8;
/** d3-shape symbol names, one per class (then reused): shape, not only colour, carries the class. */
export const CLASS_MARKERS = ['circle', 'square', 'triangle', 'diamond', 'cross', 'star', 'wye'] as const;
export type Marker = (typeof CLASS_MARKERS)[number];

/** Style of a probe: its family's palette colour, a shade (0 = full, 1, 2… lighter) and its class marker. */
export function probeStyle(probe: Probe): { color: number; shade: number; marker: Marker } {
	return { color: probe.family % PALETTE_SIZE, shade: probe.shade, marker: classMarker(probe.label) };
}

export const classMarker = (y: number): Marker => CLASS_MARKERS[y % CLASS_MARKERS.length];

/** Position embeddings: circles for the k label positions, squares for spurious ones (the paper's convention). */
export const positionMarker = (t: number, k: number): Marker => (t < k ? 'circle' : 'square');

/** Colour of token x (also of class x in class-coloured panels). */
export const tokenColor = (x: number) => x % PALETTE_SIZE;
