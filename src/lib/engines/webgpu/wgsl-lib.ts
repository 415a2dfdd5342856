/**
 * WGSL building blocks shared by the kernels: the counter-based RNG (bit-exact with core/rng.ts)
 * and a float32 erf/Φ accurate to a few ulp (fdlibm's rational approximations, s_erf.c/s_erff.c).
 */

/**
 * mix32 (triple32), draw32, below and the Feistel permutation of core/rng.ts, in u32 arithmetic.
 * WGSL's u32 `*` wraps modulo 2^32 exactly like Math.imul, and `>>` on u32 is logical like `>>>`.
 */
export const RNG_WGSL = /* wgsl */ `
fn mix32(x0: u32) -> u32 {
	var x = x0;
	x ^= x >> 17u; x *= 0xed5ad4bbu;
	x ^= x >> 11u; x *= 0xac4c1b51u;
	x ^= x >> 15u; x *= 0x31848babu;
	x ^= x >> 14u;
	return x;
}
fn draw32(key: u32, counter: u32) -> u32 { return mix32(key ^ mix32(counter)); }
// Integer uniform in [0, m), m <= 256: the top 24 bits scaled.
fn below(key: u32, counter: u32, m: u32) -> u32 { return ((draw32(key, counter) >> 8u) * m) >> 24u; }
fn feistel_round(x: u32, key: u32, half: u32, mask: u32) -> u32 {
	var l = x >> half;
	var r = x & mask;
	for (var k = 0u; k < 6u; k++) {
		let f = draw32(key, (k << 16u) | r) & mask;
		let t = r;
		r = l ^ f;
		l = t;
	}
	return (l << half) | r;
}
// FeistelPermutation(n, key).at(i): cycle walking until the image falls below n.
fn feistel_at(i: u32, n: u32, key: u32, half: u32, mask: u32) -> u32 {
	var x = feistel_round(i, key, half, mask);
	loop {
		if (x < n) { break; }
		x = feistel_round(x, key, half, mask);
	}
	return x;
}
`;

/**
 * Φ(x) = P(N(0,1) ≤ x) in float32 without cancellation in either tail: Φ(x) = erfc(−x/√2)/2 for
 * x < 0 and 1 − erfc(x/√2)/2 otherwise, with erf/erfc from fdlibm's four ranges. A cheap
 * approximation (e.g. Abramowitz–Stegun 7.1.26, error 1.5e-7 absolute but far worse relative in
 * the tail) would show in the gradients of GELU units sitting in the negative tail.
 */
export const ERF_WGSL = /* wgsl */ `
fn erf_small(x: f32) -> f32 { // |x| < 0.84375
	let z = x * x;
	let r = 1.28379167095512558561e-1 + z * (-3.25042107247001499370e-1 + z * (-2.84817495755985104766e-2 + z * (-5.77027029648944159157e-3 + z * -2.37630166566501626084e-5)));
	let s = 1.0 + z * (3.97917223959155352819e-1 + z * (6.50222499887672944485e-2 + z * (5.08130628187576562776e-3 + z * (1.32494738004321644526e-4 + z * -3.96022827877536812320e-6))));
	return x + x * (r / s);
}
fn erf_mid(ax: f32) -> f32 { // erf(ax) - erx for 0.84375 <= ax < 1.25
	let s = ax - 1.0;
	let p = -2.36211856075265944077e-3 + s * (4.14856118683748331666e-1 + s * (-3.72207876035701323847e-1 + s * (3.18346619901161753674e-1 + s * (-1.10894694282396677476e-1 + s * (3.54783043256182359371e-2 + s * -2.16637559486879084300e-3)))));
	let q = 1.0 + s * (1.06420880400844228286e-1 + s * (5.40397917702171048937e-1 + s * (7.18286544141962662868e-2 + s * (1.26171219808761642112e-1 + s * (1.36370839120290507362e-2 + s * 1.19844998467991074170e-2)))));
	return p / q;
}
fn erfc_tail(ax: f32) -> f32 { // erfc(ax) for ax >= 1.25
	if (ax >= 10.0) { return 0.0; }
	let s = 1.0 / (ax * ax);
	var r: f32;
	var q: f32;
	if (ax < 2.857142857) {
		r = -9.86494403484714822705e-3 + s * (-6.93858572707181764372e-1 + s * (-1.05586262253232909814e1 + s * (-6.23753324503260060396e1 + s * (-1.62396669462573470355e2 + s * (-1.84605092906711035994e2 + s * (-8.12874355063065934246e1 + s * -9.81432934416914548592e0))))));
		q = 1.0 + s * (1.96512716674392571292e1 + s * (1.37657754143519042600e2 + s * (4.34565877475229228821e2 + s * (6.45387271733267880336e2 + s * (4.29008140027567833386e2 + s * (1.08635005541779435134e2 + s * (6.57024977031928170135e0 + s * -6.04244152148580987438e-2)))))));
	} else {
		r = -9.86494292470009928597e-3 + s * (-7.99283237680523006574e-1 + s * (-1.77579549177547519889e1 + s * (-1.60636384855821916062e2 + s * (-6.37566443368389627722e2 + s * (-1.02509513161107724954e3 + s * -4.83519191608651397019e2)))));
		q = 1.0 + s * (3.03380607434824582924e1 + s * (3.25792512996573918826e2 + s * (1.53672958608443695994e3 + s * (3.19985821950859553908e3 + s * (2.55305040643316442583e3 + s * (4.74528541206955367215e2 + s * -2.24409524465858183362e1))))));
	}
	// z = ax with its low 12 mantissa bits cleared (s_erff.c): z*z is exact, so exp's argument is.
	let z = bitcast<f32>(bitcast<u32>(ax) & 0xfffff000u);
	return exp(-z * z - 0.5625) * exp((z - ax) * (z + ax) + r / q) / ax;
}
const ERX: f32 = 8.45062911510467529297e-1;
// erfc(a) for a >= 0.
fn erfc_pos(a: f32) -> f32 {
	if (a < 0.84375) { return 1.0 - erf_small(a); }
	if (a < 1.25) { return (1.0 - ERX) - erf_mid(a); }
	return erfc_tail(a);
}
fn phi_cdf(x: f32) -> f32 {
	let u = x * 0.70710678118654752440;
	if (u < 0.0) { return 0.5 * erfc_pos(-u); }
	if (u < 0.84375) { return 0.5 + 0.5 * erf_small(u); }
	return 1.0 - 0.5 * erfc_pos(u);
}
`;
