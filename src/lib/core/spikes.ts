/**
 * Loss spikes in a loss curve (per step or per epoch), for the smoothed-normalisation A/B and the
 * spike figures (the paper's §4.3, Fig 13–16).
 *
 * Robust by construction: each point is compared with the median of its neighbourhood (a centred
 * window of `window` points), in log-loss so that a spike from 0.01 to 0.1 counts like one from
 * 0.1 to 1; the local noise scale is the median absolute deviation (MAD, × 1.4826 to match a
 * standard deviation). A point is spiking when it rises above the local median by more than
 * `threshold` noise scales AND by at least a factor `minRatio`; consecutive spiking points form one
 * spike. Medians ignore the spike itself as long as it is narrower than half the window, and the
 * slow trend of a loss drop moves the median with it, so drops are not counted as spikes.
 */
export interface Spike {
	/** Index of the highest point of the spike. */
	index: number;
	/** First and last spiking index. */
	start: number;
	end: number;
	/** Loss at the peak, the local median there, and their ratio. */
	loss: number;
	baseline: number;
	ratio: number;
	/** Height in noise scales: (log loss − log median) / (1.4826 MAD). */
	score: number;
}

export interface SpikeOptions {
	/** Centred window, points (default 51; odd). */
	window?: number;
	/** Noise scales above the local median (default 6). */
	threshold?: number;
	/** Smallest loss / median ratio (default 1.5). */
	minRatio?: number;
}

function median(sorted: number[]): number {
	const n = sorted.length;
	return n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

/** Rolling median and MAD over a centred window (shrinking at the edges). */
export function rollingMedianMad(y: ArrayLike<number>, window: number): { median: Float64Array; mad: Float64Array } {
	const n = y.length;
	const h = Math.floor(window / 2);
	const med = new Float64Array(n);
	const mad = new Float64Array(n);
	for (let i = 0; i < n; i++) {
		const a = Math.max(0, i - h), b = Math.min(n, i + h + 1);
		const w: number[] = [];
		for (let j = a; j < b; j++) if (Number.isFinite(y[j])) w.push(y[j]);
		if (!w.length) {
			med[i] = mad[i] = NaN;
			continue;
		}
		w.sort((u, v) => u - v);
		const m = median(w);
		med[i] = m;
		mad[i] = median(w.map((v) => Math.abs(v - m)).sort((u, v) => u - v));
	}
	return { median: med, mad };
}

/** The spikes of a loss curve, in order. */
export function detectSpikes(loss: ArrayLike<number>, opts: SpikeOptions = {}): Spike[] {
	const window = opts.window ?? 51;
	const threshold = opts.threshold ?? 6;
	const minLogRatio = Math.log(opts.minRatio ?? 1.5);
	const y = Array.from(loss, (l) => (l > 0 ? Math.log(l) : NaN));
	const { median: med, mad } = rollingMedianMad(y, window);
	const score = y.map((v, i) => {
		const r = v - med[i];
		if (!(r >= minLogRatio)) return 0;
		const s = r / Math.max(1.4826 * mad[i], 1e-12);
		return s >= threshold ? s : 0;
	});
	const out: Spike[] = [];
	for (let i = 0; i < y.length; i++) {
		if (!score[i]) continue;
		let j = i, peak = i;
		while (j + 1 < y.length && score[j + 1]) if (y[++j] > y[peak]) peak = j;
		const baseline = Math.exp(med[peak]);
		out.push({ index: peak, start: i, end: j, loss: loss[peak], baseline, ratio: loss[peak] / baseline, score: score[peak] });
		i = j;
	}
	return out;
}

/** Summary for A/B comparisons: how many spikes, and how high (median and max ratio). */
export function spikeSummary(spikes: Spike[]): { count: number; medianRatio: number; maxRatio: number } {
	const r = spikes.map((s) => s.ratio).sort((a, b) => a - b);
	return { count: r.length, medianRatio: r.length ? median(r) : NaN, maxRatio: r.length ? r[r.length - 1] : NaN };
}
