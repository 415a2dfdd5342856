/** core/math.ts: erf against the C library's (Python's math.erf, each fdlibm range), Φ, GELU and its derivative. */
import { describe, expect, it } from 'vitest';
import { erf, gelu, geluGrad, Phi } from '../../../src/lib/core/math';

/** math.erf(x) from Python 3 (glibc), one or more points in each of fdlibm's ranges. */
const ERF: [number, number][] = [
	[1e-10, 1.1283791670955126e-10],
	[0.1, 0.1124629160182849],
	[0.5, 0.5204998778130465],
	[0.84375, 0.7672256612323416],
	[1, 0.8427007929497149],
	[1.25, 0.9229001282564582],
	[2, 0.9953222650189527],
	[2.857, 0.9999466417399131],
	[3, 0.9999779095030014],
	[5, 0.9999999999984626],
	[-0.3, -0.3286267594591274],
	[-1.7, -0.9837904585907745],
	[-4.2, -0.9999999971445058]
];

describe('erf, Φ and GELU', () => {
	it('erf is within 2 ulp of the C library in every range, odd, and 1 from 6 on', () => {
		for (const [x, want] of ERF) {
			expect(Math.abs(erf(x) - want), `erf(${x})`).toBeLessThanOrEqual(2 * Number.EPSILON * Math.abs(want));
			expect(erf(-x)).toBe(-erf(x));
		}
		expect(erf(6)).toBe(1);
		expect(erf(-40)).toBe(-1);
		expect(erf(0)).toBe(0);
		expect(erf(NaN)).toBeNaN();
	});

	it('Φ is the normal CDF: ½ at 0, Φ(−x) = 1 − Φ(x), 0.8413447460685429 at 1', () => {
		expect(Phi(0)).toBe(0.5);
		expect(Phi(1)).toBeCloseTo(0.8413447460685429, 15);
		for (const x of [0.3, 1.1, 2.5]) expect(Phi(-x) + Phi(x)).toBeCloseTo(1, 15);
	});

	it('GELU is x·Φ(x), and geluGrad its derivative (central differences, 1e-8)', () => {
		expect(gelu(0)).toBe(0);
		expect(gelu(2)).toBe(2 * Phi(2));
		const h = 1e-5;
		for (let x = -5; x <= 5; x += 0.37) expect(geluGrad(x), `x = ${x}`).toBeCloseTo((gelu(x + h) - gelu(x - h)) / (2 * h), 8);
	});
});
