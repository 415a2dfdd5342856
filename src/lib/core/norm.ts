/**
 * Normalisation, forward and backward. N(v) = c(s)·v with s = sqrt(mean v²) and
 *   rms:    c(s) = 1 / (s + eps)
 *   smooth: c(s) = g(s/ρ) / (s + eps),  g(t) = t(2 − t) for t < 1, else 1
 * The smooth form equals RMSNorm for s ≥ ρ and goes to 0 at the origin with bounded curvature.
 */
import type { Config } from './config';

/** What N depends on. */
export type NormConfig = Pick<Config, 'eps' | 'norm' | 'rho'>;

function normScale(s: number, m: NormConfig): { c: number; dc: number } {
	const inv = 1 / (s + m.eps);
	if (m.norm !== 'smooth') return { c: inv, dc: -inv * inv };
	const t = s / m.rho;
	const g = t < 1 ? t * (2 - t) : 1;
	const dg = t < 1 ? (2 - 2 * t) / m.rho : 0;
	return { c: g * inv, dc: dg * inv - g * inv * inv };
}

/** out = N(v) for a vector of length d at v[vo..]; returns s. */
export function normalize(v: ArrayLike<number>, vo: number, d: number, m: NormConfig, out: Float64Array, oo: number): number {
	let ss = 0;
	for (let j = 0; j < d; j++) ss += v[vo + j] * v[vo + j];
	const s = Math.sqrt(ss / d);
	const { c } = normScale(s, m);
	for (let j = 0; j < d; j++) out[oo + j] = c * v[vo + j];
	return s;
}

/**
 * Gradient through N: given v, s = rms(v) and the upstream gradient gz, add ∂L/∂v to gv.
 * ∂N/∂v = c·I + c'(s)·v·(∂s/∂v)ᵀ with ∂s/∂v = v / (d·s).
 */
export function normalizeBackward(v: ArrayLike<number>, vo: number, s: number, d: number, m: NormConfig, gz: ArrayLike<number>, go: number, gv: Float64Array, gvo: number): void {
	const { c, dc } = normScale(s, m);
	let vg = 0;
	for (let j = 0; j < d; j++) vg += v[vo + j] * gz[go + j];
	const k = s > 0 ? (dc * vg) / (d * s) : 0;
	for (let j = 0; j < d; j++) gv[gvo + j] += c * gz[go + j] + k * v[vo + j];
}
