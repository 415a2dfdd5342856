/**
 * Scalar special functions for the reference model: erf (fdlibm's s_erf.c, < 1 ulp in float64),
 * the exact GELU x·Φ(x) and its derivative Φ(x) + x·φ(x).
 */

const efx8 = 1.02703333676410069053e0;
const pp = [1.28379167095512558561e-1, -3.25042107247001499370e-1, -2.84817495755985104766e-2, -5.77027029648944159157e-3, -2.37630166566501626084e-5];
const qq = [3.97917223959155352819e-1, 6.50222499887672944485e-2, 5.08130628187576562776e-3, 1.32494738004321644526e-4, -3.96022827877536812320e-6];
const erx = 8.45062911510467529297e-1;
const pa = [-2.36211856075265944077e-3, 4.14856118683748331666e-1, -3.72207876035701323847e-1, 3.18346619901161753674e-1, -1.10894694282396677476e-1, 3.54783043256182359371e-2, -2.16637559486879084300e-3];
const qa = [1.06420880400844228286e-1, 5.40397917702171048937e-1, 7.18286544141962662868e-2, 1.26171219808761642112e-1, 1.36370839120290507362e-2, 1.19844998467991074170e-2];
const ra = [-9.86494403484714822705e-3, -6.93858572707181764372e-1, -1.05586262253232909814e1, -6.23753324503260060396e1, -1.62396669462573470355e2, -1.84605092906711035994e2, -8.12874355063065934246e1, -9.81432934416914548592e0];
const sa = [1.96512716674392571292e1, 1.37657754143519042600e2, 4.34565877475229228821e2, 6.45387271733267880336e2, 4.29008140027567833386e2, 1.08635005541779435134e2, 6.57024977031928170135e0, -6.04244152148580987438e-2];
const rb = [-9.86494292470009928597e-3, -7.99283237680523006574e-1, -1.77579549177547519889e1, -1.60636384855821916062e2, -6.37566443368389627722e2, -1.02509513161107724954e3, -4.83519191608651397019e2];
const sb = [3.03380607434824582924e1, 3.25792512996573918826e2, 1.53672958608443695994e3, 3.19985821950859553908e3, 2.55305040643316442583e3, 4.74528541206955367215e2, -2.24409524465858183362e1];

function poly(c: number[], x: number): number {
	let r = 0;
	for (let i = c.length - 1; i >= 0; i--) r = r * x + c[i];
	return r;
}

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);

/** erf(x), after fdlibm: four ranges with rational approximations. */
export function erf(x: number): number {
	if (Number.isNaN(x)) return x;
	const sign = x < 0 ? -1 : 1;
	const ax = Math.abs(x);
	if (ax < 0.84375) {
		if (ax < 2 ** -28) return x + (efx8 / 8) * x;
		const z = x * x;
		const r = poly(pp, z);
		const s = 1 + z * poly(qq, z);
		return x + x * (r / s);
	}
	if (ax < 1.25) {
		const s = ax - 1;
		const P = poly(pa, s);
		const Q = 1 + s * poly(qa, s);
		return sign * (erx + P / Q);
	}
	if (ax >= 6) return sign * (1 - 1e-300);
	const s = 1 / (ax * ax);
	let R: number, S: number;
	if (ax < 1 / 0.35) {
		R = poly(ra, s);
		S = 1 + s * poly(sa, s);
	} else {
		R = poly(rb, s);
		S = 1 + s * poly(sb, s);
	}
	// z = ax with its low 32 bits cleared, as fdlibm does, to keep exp's argument exact.
	F64[0] = ax;
	U32[0] = 0; // little-endian: word 0 is the low half
	const z = F64[0];
	const r = Math.exp(-z * z - 0.5625) * Math.exp((z - ax) * (z + ax) + R / S);
	return sign * (1 - r / ax);
}

const SQRT1_2 = Math.SQRT1_2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** Standard normal CDF. */
export const Phi = (x: number) => 0.5 * (1 + erf(x * SQRT1_2));

/** Exact GELU: x·Φ(x). */
export const gelu = (x: number) => x * Phi(x);

/** d/dx GELU = Φ(x) + x·φ(x). */
export const geluGrad = (x: number) => Phi(x) + x * INV_SQRT_2PI * Math.exp(-0.5 * x * x);
