// Lane helpers. Every kernel is written once, generic over its lane type T:
//   T = v128: four float32 lanes (the SIMD build), one lane per sequence of a batch;
//   T = f32:  one lane (the scalar build, for engines without WebAssembly SIMD).
// The branches on isVector<T>() are resolved at compile time, so the scalar build never sees a
// v128 instruction and the SIMD build never pays for a branch.

// @ts-nocheck: AssemblyScript, not TypeScript (decorators on functions, v128, load/store builtins).

/** Lanes per vector: 4 in the SIMD build, 1 in the scalar one. */
@inline export function lanes<T>(): i32 {
	return isVector<T>() ? 4 : 1;
}

@inline export function splat<T>(x: f32): T {
	if (isVector<T>()) return f32x4.splat(x);
	else return x as T;
}

/** The float at ptr in every lane (one broadcast load). */
@inline export function lsplat<T>(ptr: usize): T {
	if (isVector<T>()) return v128.load32_splat(ptr);
	else return load<f32>(ptr) as T;
}

@inline export function ld<T>(ptr: usize): T {
	if (isVector<T>()) return v128.load(ptr);
	else return load<f32>(ptr) as T;
}

@inline export function st<T>(ptr: usize, v: T): void {
	if (isVector<T>()) v128.store(ptr, v);
	else store<f32>(ptr, v as f32);
}

@inline export function add<T>(a: T, b: T): T {
	if (isVector<T>()) return f32x4.add(a, b);
	else return ((a as f32) + (b as f32)) as T;
}

@inline export function sub<T>(a: T, b: T): T {
	if (isVector<T>()) return f32x4.sub(a, b);
	else return ((a as f32) - (b as f32)) as T;
}

@inline export function mul<T>(a: T, b: T): T {
	if (isVector<T>()) return f32x4.mul(a, b);
	else return ((a as f32) * (b as f32)) as T;
}

@inline export function div<T>(a: T, b: T): T {
	if (isVector<T>()) return f32x4.div(a, b);
	else return ((a as f32) / (b as f32)) as T;
}

/** a·b + c, as a separate multiply and add (WebAssembly has no fused f32x4 multiply-add). */
@inline export function fma<T>(a: T, b: T, c: T): T {
	if (isVector<T>()) return f32x4.add(f32x4.mul(a, b), c);
	else return ((a as f32) * (b as f32) + (c as f32)) as T;
}

@inline export function vmax<T>(a: T, b: T): T {
	if (isVector<T>()) return f32x4.max(a, b);
	else return max<f32>(a as f32, b as f32) as T;
}

@inline export function vmin<T>(a: T, b: T): T {
	if (isVector<T>()) return f32x4.min(a, b);
	else return min<f32>(a as f32, b as f32) as T;
}

@inline export function vsqrt<T>(a: T): T {
	if (isVector<T>()) return f32x4.sqrt(a);
	else return Mathf.sqrt(a as f32) as T;
}

@inline export function vabs<T>(a: T): T {
	if (isVector<T>()) return f32x4.abs(a);
	else return Mathf.abs(a as f32) as T;
}

@inline export function vneg<T>(a: T): T {
	if (isVector<T>()) return f32x4.neg(a);
	else return (-(a as f32)) as T;
}

/** Lane-wise x < y ? a : b. */
@inline export function selLt<T>(x: T, y: T, a: T, b: T): T {
	if (isVector<T>()) return v128.bitselect(a, b, f32x4.lt(x, y));
	else return select<f32>(a as f32, b as f32, (x as f32) < (y as f32)) as T;
}

/** Lane-wise x > y ? a : b. */
@inline export function selGt<T>(x: T, y: T, a: T, b: T): T {
	if (isVector<T>()) return v128.bitselect(a, b, f32x4.gt(x, y));
	else return select<f32>(a as f32, b as f32, (x as f32) > (y as f32)) as T;
}

/** Lane-wise x == y ? a : b. */
@inline export function selEq<T>(x: T, y: T, a: T, b: T): T {
	if (isVector<T>()) return v128.bitselect(a, b, f32x4.eq(x, y));
	else return select<f32>(a as f32, b as f32, (x as f32) == (y as f32)) as T;
}

/** Sum of the lanes. */
@inline export function hsum<T>(a: T): f32 {
	if (isVector<T>())
		return f32x4.extract_lane(a, 0) + f32x4.extract_lane(a, 1) + (f32x4.extract_lane(a, 2) + f32x4.extract_lane(a, 3));
	else return a as f32;
}

/**
 * Lane l takes base[idx[l]·stride + j] (idx: one i32 per lane). Tables are indexed by
 * (token, position), so the lanes of a group of sequences read different entries.
 */
@inline export function gather<T>(base: usize, idx: usize, stride: i32, j: i32): T {
	if (isVector<T>()) {
		let v = f32x4.splat(load<f32>(base + ((<usize>(load<i32>(idx) * stride + j)) << 2)));
		v = f32x4.replace_lane(v, 1, load<f32>(base + ((<usize>(load<i32>(idx, 4) * stride + j)) << 2)));
		v = f32x4.replace_lane(v, 2, load<f32>(base + ((<usize>(load<i32>(idx, 8) * stride + j)) << 2)));
		v = f32x4.replace_lane(v, 3, load<f32>(base + ((<usize>(load<i32>(idx, 12) * stride + j)) << 2)));
		return v;
	} else return load<f32>(base + ((<usize>(load<i32>(idx) * stride + j)) << 2)) as T;
}

// ---------------------------------------------------------------------------------------------
// exp, log and the normal CDF, lane-wise, by range reduction and polynomials (Cephes' expf and
// logf coefficients; our own fit for erfc). No per-lane calls to Mathf.

const LOG2E: f32 = 1.44269504088896341;
const EXP_C1: f32 = 0.693359375; // ln 2 split in two: C1 is exact in 9 bits,
const EXP_C2: f32 = -2.12194440e-4; // C2 the rest, so r = x − n·ln 2 is exact enough

/** e^x, relative error ~1e-7 on [−87, 88]; NaN propagates. */
@inline export function vexp<T>(x: T): T {
	x = vmin<T>(vmax<T>(x, splat<T>(-87.33)), splat<T>(88.3));
	let n: T;
	if (isVector<T>()) n = f32x4.nearest(f32x4.mul(x, f32x4.splat(LOG2E)));
	else n = nearest<f32>((x as f32) * LOG2E) as T;
	const r = sub<T>(sub<T>(x, mul<T>(n, splat<T>(EXP_C1))), mul<T>(n, splat<T>(EXP_C2)));
	let y = splat<T>(1.9875691500e-4);
	y = fma<T>(y, r, splat<T>(1.3981999507e-3));
	y = fma<T>(y, r, splat<T>(8.3334519073e-3));
	y = fma<T>(y, r, splat<T>(4.1665795894e-2));
	y = fma<T>(y, r, splat<T>(1.6666665459e-1));
	y = fma<T>(y, r, splat<T>(5.0000001201e-1));
	y = add<T>(fma<T>(y, mul<T>(r, r), r), splat<T>(1));
	// 2^n built in the exponent bits.
	let scale: T;
	if (isVector<T>()) scale = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
	else scale = reinterpret<f32>((<i32>(n as f32) + 127) << 23) as T;
	return mul<T>(y, scale);
}

const SQRTHF: f32 = 0.707106781186547524;

/** Natural log for positive normal x (Cephes logf), relative error ~1e-7. */
@inline export function vlog<T>(x: T): T {
	let e: T;
	let m: T;
	if (isVector<T>()) {
		e = f32x4.convert_i32x4_s(i32x4.sub(i32x4.shr_u(x, 23), i32x4.splat(126)));
		m = v128.or(v128.and(x, i32x4.splat(0x807fffff)), i32x4.splat(0x3f000000)); // in [0.5, 1)
	} else {
		const b = reinterpret<i32>(x as f32);
		e = (<f32>((b >>> 23) - 126)) as T;
		m = reinterpret<f32>((b & 0x807fffff) | 0x3f000000) as T;
	}
	// Below √½: use 2m − 1 and one less in the exponent, so that the polynomial sees |m − 1| < 0.3.
	e = selLt<T>(m, splat<T>(SQRTHF), sub<T>(e, splat<T>(1)), e);
	m = selLt<T>(m, splat<T>(SQRTHF), sub<T>(add<T>(m, m), splat<T>(1)), sub<T>(m, splat<T>(1)));
	const z = mul<T>(m, m);
	let y = splat<T>(7.0376836292e-2);
	y = fma<T>(y, m, splat<T>(-1.1514610310e-1));
	y = fma<T>(y, m, splat<T>(1.1676998740e-1));
	y = fma<T>(y, m, splat<T>(-1.2420140846e-1));
	y = fma<T>(y, m, splat<T>(1.4249322787e-1));
	y = fma<T>(y, m, splat<T>(-1.6668057665e-1));
	y = fma<T>(y, m, splat<T>(2.0000714765e-1));
	y = fma<T>(y, m, splat<T>(-2.4999993993e-1));
	y = fma<T>(y, m, splat<T>(3.3333331174e-1));
	y = mul<T>(mul<T>(y, m), z);
	y = fma<T>(e, splat<T>(-2.12194440e-4), y);
	y = fma<T>(z, splat<T>(-0.5), y);
	return add<T>(add<T>(m, y), mul<T>(e, splat<T>(0.693359375)));
}

/**
 * e^(−x²/2), as 2^y with y = −x²·log2(e)/2 ≤ 0: one rounding less work than exp's two-constant
 * reduction (y − round(y) is exact), and no upper clamp. 2^f on [−½, ½] is 1 + f·P(f), P of degree 5
 * fitted to the relative error (1.6e-8 in float64). The result's accuracy is set by the rounding of
 * x² (relative ~1e-7·x²), as it would be for exp(−x·x/2).
 */
@inline export function vgauss<T>(x: T): T {
	const y = vmax<T>(mul<T>(mul<T>(x, x), splat<T>(-0.72134752044448170)), splat<T>(-126));
	let n: T;
	if (isVector<T>()) n = f32x4.nearest(y);
	else n = nearest<f32>(y as f32) as T;
	const f = sub<T>(y, n);
	let p = splat<T>(1.535335904918611e-4);
	p = fma<T>(p, f, splat<T>(1.3398876180872321e-3));
	p = fma<T>(p, f, splat<T>(9.61843691766262e-3));
	p = fma<T>(p, f, splat<T>(5.5503323674201965e-2));
	p = fma<T>(p, f, splat<T>(0.24022647738456726));
	p = fma<T>(p, f, splat<T>(0.6931471824645996));
	let scale: T;
	if (isVector<T>()) scale = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
	else scale = reinterpret<f32>((<i32>(n as f32) + 127) << 23) as T;
	return mul<T>(fma<T>(f, p, splat<T>(1)), scale);
}

// erfc(a) = t·P(t)·e^(−a²) with t = 1/(1 + c·a), P of degree 9 fitted (weighted least squares on
// the relative error, Lawson iterations) for a ≥ 0: relative error 3e-8 in float64 over [0, 12],
// so that Φ(x) = ½·erfc(−x/√2) keeps float32 relative accuracy far into the left tail.
const ERFC_C: f32 = 0.3275911;
const INV_SQRT2: f32 = 0.70710678118654752;
const INV_SQRT_2PI: f32 = 0.39894228040143268;

/**
 * The exact GELU x·Φ(x) of x, and its derivative Φ(x) + x·φ(x) into *dst (both from one exp:
 * e^(−x²/2) serves erfc and the density); dst = 0 skips the derivative.
 */
@inline export function vgelu<T>(x: T, dst: usize): T {
	// a = |x|/√2 and t = 1/(1 + c·a), with c/√2 folded into one constant.
	const t = div<T>(splat<T>(1), fma<T>(vabs<T>(x), splat<T>(ERFC_C * INV_SQRT2), splat<T>(1)));
	let q = splat<T>(0.05051262304186821);
	q = fma<T>(q, t, splat<T>(-0.2835988402366638));
	q = fma<T>(q, t, splat<T>(0.5483227372169495));
	q = fma<T>(q, t, splat<T>(-0.4543118178844452));
	q = fma<T>(q, t, splat<T>(0.41303569078445435));
	q = fma<T>(q, t, splat<T>(-0.0026863194070756435));
	q = fma<T>(q, t, splat<T>(0.18933610618114471));
	q = fma<T>(q, t, splat<T>(0.16923163831233978));
	q = fma<T>(q, t, splat<T>(0.1853562295436859));
	q = fma<T>(q, t, splat<T>(0.18480192124843597));
	const ex = vgauss<T>(x);
	const half = mul<T>(mul<T>(q, t), mul<T>(ex, splat<T>(0.5))); // ½·erfc(|x|/√2)
	const Phi = selLt<T>(x, splat<T>(0), half, sub<T>(splat<T>(1), half));
	if (dst) st<T>(dst, fma<T>(x, mul<T>(ex, splat<T>(INV_SQRT_2PI)), Phi)); // (the evaluation needs no derivative)
	return mul<T>(x, Phi);
}
