/** core/norm.ts: N(v) in both forms, and its gradient against central differences. */
import { describe, expect, it } from 'vitest';
import { normalize, normalizeBackward, type NormConfig } from '../../../src/lib/core/norm';

const rms: NormConfig = { eps: 1e-6, norm: 'rms', rho: 1 };
const smooth: NormConfig = { eps: 1e-6, norm: 'smooth', rho: 0.5 };
const N = (v: number[], m: NormConfig) => {
	const out = new Float64Array(v.length);
	const s = normalize(v, 0, v.length, m, out, 0);
	return { out: Array.from(out), s };
};

describe('normalisation', () => {
	it('rms: v / (s + eps) with s = √(mean v²), at any offset', () => {
		const { out, s } = N([3, 4], rms);
		expect(s).toBeCloseTo(Math.sqrt(12.5), 14);
		out.forEach((x, j) => expect(x).toBeCloseTo([3, 4][j] / (Math.sqrt(12.5) + 1e-6), 14));
		const o = new Float64Array(4);
		normalize([9, 9, 3, 4], 2, 2, rms, o, 1);
		expect(o[1]).toBeCloseTo(out[0], 14);
		expect(o[0]).toBe(0);
	});

	it('smooth: RMSNorm from s = ρ on, and to 0 at the origin', () => {
		for (const v of [[0.6, -0.5], [2, 1]]) expect(N(v, smooth).out).toEqual(N(v, rms).out);
		const tiny = N([1e-4, -1e-4], smooth).out;
		for (const x of tiny) expect(Math.abs(x)).toBeLessThan(1e-3);
		expect(Math.hypot(...N([0.1, 0.1], smooth).out)).toBeLessThan(Math.hypot(...N([0.1, 0.1], rms).out));
	});

	for (const m of [rms, smooth])
		it(`${m.norm}: the backward pass adds gᵀ ∂N/∂v (central differences, 1e-7)`, () => {
			const v = [0.3, -0.2, 0.15];
			const gz = [0.7, -1.1, 0.4];
			const gv = new Float64Array([1, 1, 1]); // it adds to what is there
			const s = N(v, m).s;
			normalizeBackward(v, 0, s, 3, m, gz, 0, gv, 0);
			const h = 1e-6;
			const f = (w: number[]) => N(w, m).out.reduce((a, x, j) => a + x * gz[j], 0);
			for (let j = 0; j < 3; j++) {
				const up = [...v];
				const dn = [...v];
				up[j] += h;
				dn[j] -= h;
				expect(gv[j] - 1).toBeCloseTo((f(up) - f(dn)) / (2 * h), 7);
			}
		});
});
