/**
 * Loss drops (phase changes) found in a per-epoch loss curve, for the "two phases of learning"
 * figure (the paper's Fig 5: a plateau, a first drop when the ξ clusters form, a second when the
 * MLP fits them).
 *
 * Method: y = log(loss), smoothed by a centred moving average of `smooth` epochs; its slope by
 * central differences. A drop is a maximal run of epochs where the smoothed log-loss falls faster
 * than τ per epoch, τ = max(minRate, relRate × steepest fall), runs closer than `mergeGap` epochs
 * are merged, and a run counts if the log-loss falls by at least `minDepth` across it. Working on
 * log-loss makes a drop from 0.69 to 0.35 and one from 0.02 to 0.01 look alike, which is how
 * they look on the paper's log-scale plots.
 *
 * What a reader sees: the loss is clipped below at LOSS_FLOOR before anything else (the article's
 * loss charts draw that floor as their bottom edge), so the tail of a solved run — float32 losses
 * wandering between 1e-4 and exactly 0 — neither counts as a drop nor leaves holes in a log plot.
 * And a drop must reach new lows: slopes and depths are those of the lower envelope of the smoothed
 * log-loss (its lowest value so far), so the fall back after a loss spike is not a drop, and a spike
 * cannot make the real drops look shallow beside it.
 */

/** Losses below this are drawn, and analysed, as this (the bottom of the article's log loss axes). */
export const LOSS_FLOOR = 1e-3;
export interface Drop {
	/** First and last epoch index of the fall, and where it is steepest. */
	start: number;
	end: number;
	peak: number;
	/** Fall of the smoothed log-loss across it (ln units: 0.69 = halved). */
	depth: number;
	/** Smoothed loss before and after. */
	from: number;
	to: number;
}

export interface DropOptions {
	/** Moving-average window, epochs (default max(5, n/100), odd). */
	smooth?: number;
	/** Smallest slope of log-loss, per epoch, that counts as falling (default 1e-3). */
	minRate?: number;
	/** Falling means at least this share of the steepest fall (default 0.15). */
	relRate?: number;
	/** Smallest log-loss fall of a drop (default ln 1.5). */
	minDepth?: number;
	/** Runs separated by fewer epochs are one drop (default 2 × smooth). */
	mergeGap?: number;
	/** Losses below this count as this (default LOSS_FLOOR). */
	floor?: number;
}

export interface Phases {
	drops: Drop[];
	/** The plateau before the first drop: [start, end] epoch indices. */
	plateau?: [number, number];
	/** Epoch indices for the four snapshots of Fig 5 (undefined where the curve lacks them). */
	snapshots: { before?: number; firstDrop?: number; between?: number; secondDrop?: number };
}

/** Centred moving average (window shrinks at the edges). */
export function movingAverage(y: ArrayLike<number>, window: number): Float64Array {
	const n = y.length;
	const h = Math.floor(window / 2);
	const pre = new Float64Array(n + 1);
	for (let i = 0; i < n; i++) pre[i + 1] = pre[i] + y[i];
	const out = new Float64Array(n);
	for (let i = 0; i < n; i++) {
		const a = Math.max(0, i - h), b = Math.min(n, i + h + 1);
		out[i] = (pre[b] - pre[a]) / (b - a);
	}
	return out;
}

/** All drops of the curve, in time order. */
export function findDrops(loss: ArrayLike<number>, opts: DropOptions = {}): Drop[] {
	const n = loss.length;
	if (n < 3) return [];
	const smooth = opts.smooth ?? Math.max(5, Math.round(n / 100) | 1);
	const floor = opts.floor ?? LOSS_FLOOR;
	// The lower envelope of the smoothed log-loss: its lowest value so far. Only new lows move it, so
	// a spike and the fall back from it leave it flat.
	const smoothed = movingAverage(Array.from(loss, (l) => Math.log(Math.max(Number.isFinite(l) ? l : 1e300, floor))), smooth);
	const y = new Float64Array(n);
	for (let i = 0; i < n; i++) y[i] = Math.min(smoothed[i], i ? y[i - 1] : Infinity);
	const fall = new Float64Array(n); // −slope of the envelope
	for (let i = 0; i < n; i++) {
		const a = Math.max(0, i - 1), b = Math.min(n - 1, i + 1);
		fall[i] = -(y[b] - y[a]) / (b - a);
	}
	let steepest = 0;
	for (const f of fall) steepest = Math.max(steepest, f);
	const tau = Math.max(opts.minRate ?? 4e-3, (opts.relRate ?? 0.05) * steepest);
	const gap = opts.mergeGap ?? 2 * smooth;
	const runs: [number, number][] = [];
	for (let i = 0; i < n; i++) {
		if (fall[i] < tau) continue;
		let j = i;
		while (j + 1 < n && fall[j + 1] >= tau) j++;
		const last = runs[runs.length - 1];
		if (last && i - last[1] <= gap) last[1] = j;
		else runs.push([i, j]);
		i = j;
	}
	const minDepth = opts.minDepth ?? Math.log(1.5);
	return runs
		.flatMap(([s, e]) => splitAtValleys(fall, y, s, e, minDepth))
		.map(([s, e]) => {
			let peak = s;
			for (let i = s; i <= e; i++) if (fall[i] > fall[peak]) peak = i;
			return { start: s, end: e, peak, depth: y[s] - y[e], from: Math.exp(y[s]), to: Math.exp(y[e]) };
		})
		.filter((d) => d.depth >= minDepth);
}

/** A valley whose fall is below this share of the lower of the two peaks around it separates two drops. */
const VALLEY = 0.35;

/**
 * A run of fast falling may hold two drops with a slower stretch between them (a fall, a slower
 * decline on a log axis, a second fall): split it at such a valley when both parts are deep enough.
 */
function splitAtValleys(fall: Float64Array, y: Float64Array, s: number, e: number, minDepth: number): [number, number][] {
	let peak = s;
	for (let i = s; i <= e; i++) if (fall[i] > fall[peak]) peak = i;
	let best: { at: number; score: number } | null = null;
	for (const side of [-1, 1]) {
		// Walk away from the peak; track the lowest fall so far (the valley) and a higher one after it.
		let valley = peak;
		for (let i = peak + side; i >= s && i <= e; i += side) {
			if (fall[i] < fall[valley]) valley = i;
			else if (fall[valley] < VALLEY * Math.min(fall[i], fall[peak])) {
				const [a, b] = side < 0 ? [valley, peak] : [peak, valley];
				const left = y[s] - y[a], right = y[b] - y[e];
				if (left >= minDepth && right >= minDepth && (!best || fall[i] > best.score)) best = { at: valley, score: fall[i] };
			}
		}
	}
	if (!best) return [[s, e]];
	return [...splitAtValleys(fall, y, s, best.at, minDepth), ...splitAtValleys(fall, y, best.at + 1, e, minDepth)];
}

/**
 * The two largest drops (in time order), the plateau before the first, and the Fig 5 snapshot
 * epochs: in the middle of that plateau, right after the first drop, half-way between the drops,
 * right after the second.
 */
export function findPhases(loss: ArrayLike<number>, opts: DropOptions = {}): Phases {
	const all = findDrops(loss, opts);
	const drops = all
		.slice()
		.sort((a, b) => b.depth - a.depth)
		.slice(0, 2)
		.sort((a, b) => a.start - b.start);
	const [first, second] = drops;
	if (!first) return { drops, snapshots: {} };
	const prior = all.filter((d) => d.end < first.start).pop();
	const plateau: [number, number] = [prior ? prior.end : 0, first.start];
	return {
		drops,
		plateau,
		snapshots: {
			before: Math.round((plateau[0] + plateau[1]) / 2),
			firstDrop: first.end,
			between: second ? Math.round((first.end + second.start) / 2) : undefined,
			secondDrop: second?.end
		}
	};
}
