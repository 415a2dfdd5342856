/**
 * 95 % confidence intervals for the numbers a report quotes: Wilson's score interval for a rate (k
 * successes in n runs; unlike the normal approximation it stays inside [0, 1] and is sensible at
 * k = 0 or k = n), Student's t interval for a mean, and the same for a mean of paired differences.
 * Pure functions; the t quantile is found by bisection on the t distribution's CDF (the regularized
 * incomplete beta function, continued fraction as in Numerical Recipes §6.4).
 */
import { deviation, mean } from 'd3-array';

export interface Interval {
	/** The point estimate (rate or mean). */
	est: number;
	lo: number;
	hi: number;
	n: number;
}

/** Normal quantile for a two-sided 95 % interval. */
const Z95 = 1.959963984540054;

/** Wilson score interval for k successes out of n (95 %). */
export function wilson(k: number, n: number, z = Z95): Interval {
	if (n <= 0) return { est: NaN, lo: NaN, hi: NaN, n: 0 };
	const p = k / n;
	const z2 = z * z;
	const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
	const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
	return { est: p, lo: Math.max(0, centre - half), hi: Math.min(1, centre + half), n };
}

function lnGamma(x: number): number {
	// Lanczos approximation (g = 7, n = 9), accurate to ~1e-15 for x > 0.
	const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
	if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
	x -= 1;
	let a = c[0];
	const t = x + 7.5;
	for (let i = 1; i < 9; i++) a += c[i] / (x + i);
	return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

function betaContinuedFraction(a: number, b: number, x: number): number {
	const tiny = 1e-300;
	let c = 1;
	let d = 1 - ((a + b) * x) / (a + 1);
	if (Math.abs(d) < tiny) d = tiny;
	d = 1 / d;
	let h = d;
	for (let m = 1; m <= 300; m++) {
		const m2 = 2 * m;
		let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
		d = 1 + aa * d;
		if (Math.abs(d) < tiny) d = tiny;
		c = 1 + aa / c;
		if (Math.abs(c) < tiny) c = tiny;
		d = 1 / d;
		h *= d * c;
		aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
		d = 1 + aa * d;
		if (Math.abs(d) < tiny) d = tiny;
		c = 1 + aa / c;
		if (Math.abs(c) < tiny) c = tiny;
		d = 1 / d;
		const del = d * c;
		h *= del;
		if (Math.abs(del - 1) < 1e-14) break;
	}
	return h;
}

/** Regularized incomplete beta I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
	if (x <= 0) return 0;
	if (x >= 1) return 1;
	const front = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
	return x < (a + 1) / (a + b + 2) ? (front * betaContinuedFraction(a, b, x)) / a : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** CDF of Student's t with `df` degrees of freedom. */
export function tCdf(t: number, df: number): number {
	const x = df / (df + t * t);
	const tail = 0.5 * incompleteBeta(x, df / 2, 0.5);
	return t >= 0 ? 1 - tail : tail;
}

/** The q-quantile of Student's t (0 < q < 1), by bisection (to 1e-12). */
export function tQuantile(q: number, df: number): number {
	if (!(q > 0 && q < 1) || !(df > 0)) return NaN;
	if (q === 0.5) return 0;
	let lo = -1e3;
	let hi = 1e3;
	for (let i = 0; i < 200 && hi - lo > 1e-12; i++) {
		const mid = (lo + hi) / 2;
		if (tCdf(mid, df) < q) lo = mid;
		else hi = mid;
	}
	return (lo + hi) / 2;
}

/** Student's t interval (95 %) for the mean of `values`; with one value the interval is unbounded. */
export function meanInterval(values: number[], level = 0.95): Interval {
	const n = values.length;
	if (!n) return { est: NaN, lo: NaN, hi: NaN, n: 0 };
	const m = mean(values)!;
	if (n < 2) return { est: m, lo: -Infinity, hi: Infinity, n };
	const half = (tQuantile(1 - (1 - level) / 2, n - 1) * deviation(values)!) / Math.sqrt(n);
	return { est: m, lo: m - half, hi: m + half, n };
}

/** t interval (95 %) for the mean difference a[i] − b[i] of paired values (same seed, two arms). */
export function pairedDifference(a: number[], b: number[]): Interval {
	if (a.length !== b.length) throw new Error(`paired arms differ in length (${a.length} and ${b.length})`);
	return meanInterval(a.map((x, i) => x - b[i]));
}

/** "0.42 [0.36, 0.48]" (digits after the point). */
export function fmtInterval(iv: Interval, digits = 2): string {
	if (!Number.isFinite(iv.est)) return '–';
	const f = (x: number) => (Number.isFinite(x) ? x.toFixed(digits) : x > 0 ? '∞' : '−∞');
	return `${f(iv.est)} [${f(iv.lo)}, ${f(iv.hi)}]`;
}
