/**
 * What the sixteen panels draw for one snapshot, in plane coordinates (for d > 2, already projected
 * to 2-D by core; `projection` says how). Computed once per selected snapshot and shared by every panel.
 */
export type Pt = [number, number];

export interface ProbeView {
	/** Index in the probe list. */
	i: number;
	tokens: number[];
	/** The sentence as text, prefix and suffix separated, e.g. "00111|0110010". */
	text: string;
	prefix: string;
	/** Index of the prefix in the prefix list. */
	prefixIndex: number;
	/** Prefix family (multiset of prefix tokens, core/probes.ts): the colour. */
	family: number;
	/** Rank of the prefix within its family: the shade. */
	shade: number;
	/** Class y (marker). */
	label: number;
	pred: number;
	attn: number[];
	xi: Pt;
	nxi: Pt;
	zeta: Pt;
	probs: number[];
	loss: number;
}

export interface Grid {
	nx: number;
	ny: number;
	x0: number;
	x1: number;
	y0: number;
	y1: number;
	/** probs[y][j·nx + i]: p(y | point (x_i, y_j)), for every class y < nb_emb. */
	probs: ArrayLike<number>[];
}

export interface Cell {
	x: number;
	t: number;
	prefix: boolean;
	raw: Pt;
	z: Pt;
	vz: Pt;
}

export interface Frame {
	epoch: number;
	step: number;
	p: number;
	k: number;
	L: number;
	d: number;
	nb_emb: number;
	/** Per panel id, what its 2-D picture is when d > 2 (e.g. "2-D PCA view of the probe ξ (91% of variance)"); empty in d = 2. */
	notes: Record<string, string>;
	tokens: { x: number; p: Pt }[];
	positions: { t: number; prefix: boolean; p: Pt }[];
	cells: Cell[];
	query: Pt;
	probes: ProbeView[];
	prefixes: string[];
	/** Number of prefix families (colours). */
	families: number;
	receptors: { u: number; w: Pt; b: number }[];
	assemblers: { u: number; w: Pt }[];
	/** p(y | ξ) over the ξ plane (through the MLP and the decoder). */
	xiGrid: Grid;
	/** p(y | ζ) over the ζ plane (the tied decoder alone). */
	zetaGrid: Grid;
}
