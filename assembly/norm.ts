// Normalisation N(v) = c(s)·v, s = sqrt(mean v²): c = 1/(s+eps) (rms) or g(s/ρ)/(s+eps) (smooth,
// g(t) = t(2−t) below 1, else 1). Also c'(s), for the backward pass.

import { vat } from './memory';
import { eps, invRho, sNorm, smooth, tmp } from './shapes';
import { add, div, mul, selLt, splat, st, sub } from './vec';

/** Scalar: returns c, writes c' to store tmp[0]. */
export function normScale(s: f32): f32 {
	const inv: f32 = 1 / (s + eps);
	if (!smooth) {
		store<f32>(tmp, -inv * inv);
		return inv;
	}
	const t = s * invRho;
	const g: f32 = t < 1 ? t * (2 - t) : 1;
	const dg: f32 = t < 1 ? (2 - 2 * t) * invRho : 0;
	store<f32>(tmp, dg * inv - g * inv * inv);
	return g * inv;
}

/** Lane-wise normScale: c into sNorm[0], c' into sNorm[1] (vectors). */
@inline export function normScaleV<T>(s: T): void {
	const inv = div<T>(splat<T>(1), add<T>(s, splat<T>(eps)));
	if (!smooth) {
		st<T>(vat(sNorm, 0), inv);
		st<T>(vat(sNorm, 1), mul<T>(mul<T>(inv, inv), splat<T>(-1)));
		return;
	}
	const t = mul<T>(s, splat<T>(invRho));
	const one = splat<T>(1);
	const g = selLt<T>(t, one, mul<T>(t, sub<T>(splat<T>(2), t)), one);
	const dg = selLt<T>(t, one, mul<T>(sub<T>(splat<T>(2), add<T>(t, t)), splat<T>(invRho)), splat<T>(0));
	st<T>(vat(sNorm, 0), mul<T>(g, inv));
	st<T>(vat(sNorm, 1), sub<T>(mul<T>(dg, inv), mul<T>(mul<T>(g, inv), inv)));
}
