/** core/landscape.ts: the plane of a trajectory and the grid's axes (the landscape's geometry, before any loss). */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/lib/core/config';
import { filterNormalizedDirection, filterRows, gridAxes, linspace, lossGrid, projectTrajectory, trajectoryDirections, trajectoryPlane } from '../../../src/lib/core/landscape';
import { initParams, layout } from '../../../src/lib/core/params';
import { makeDataset } from '../../../src/lib/core/data';
import { Model } from '../../../src/lib/core/model';
import { dot } from '../../../src/lib/core/projection';

describe('landscape plane', () => {
	const c = parseConfig({ seed: 2, n: 64 });
	const P = layout(c).total;
	const w0 = initParams(c);
	const n = 5;
	const traj = new Float64Array(n * P);
	for (let t = 0; t < n; t++) for (let k = 0; k < P; k++) traj[t * P + k] = w0[k] + 0.1 * t * Math.sin(k + t) + 0.05 * t * t * Math.cos(k);

	it('PCA plane through the last point: the trajectory ends at (0, 0) and lies close to the plane', () => {
		const pl = trajectoryPlane(c, traj, n, 'pca', 1);
		expect(Array.from(pl.origin)).toEqual(Array.from(traj.subarray((n - 1) * P)));
		expect(pl.coords[2 * (n - 1)]).toBeCloseTo(0);
		expect(pl.coords[2 * (n - 1) + 1]).toBeCloseTo(0);
		expect(pl.explained![0] + pl.explained![1]).toBeGreaterThan(0.99);
		const rnd = trajectoryPlane(c, traj, n, 'random', 1);
		expect(rnd.explained).toBeNull();
		expect(Array.from(trajectoryPlane(c, traj, n, 'random', 1).u)).toEqual(Array.from(rnd.u));
	});

	it('grid axes span the trajectory and the origin, a quarter beyond each end', () => {
		const coords = [-2, 1, 0, 0];
		const { alphas, betas } = gridAxes(coords, 2, 5);
		expect(Array.from(alphas)).toEqual([-2.5, -1.75, -1, -0.25, 0.5]);
		expect(Array.from(betas)).toEqual([-0.25, 0.125, 0.5, 0.875, 1.25]);
		// A trajectory at one point still gets a grid (1e-3 wide).
		const still = gridAxes([0, 0], 1, 3);
		expect(still.alphas[2] - still.alphas[0]).toBeCloseTo(1.5e-3);
	});
});

describe('loss landscape helpers', () => {
	const cfg = parseConfig({ seed: 4, n: 64 });
	const w = initParams(cfg);
	const D = w.length;

	it('filter-normalised directions: each row has the norm of its parameter row; seeded', () => {
		const d = filterNormalizedDirection(w, cfg, 1);
		const rows = filterRows(layout(cfg));
		expect(rows.reduce((a, r) => a + r[1], 0)).toBe(D);
		for (const [o, n] of rows) {
			const nd = Math.hypot(...d.subarray(o, o + n));
			const nw = Math.hypot(...w.subarray(o, o + n));
			expect(nd).toBeCloseTo(nw, 10);
		}
		expect(Array.from(filterNormalizedDirection(w, cfg, 1))).toEqual(Array.from(d));
		expect(Array.from(filterNormalizedDirection(w, cfg, 1, 1))).not.toEqual(Array.from(d));
	});

	it('a trajectory in a plane: PCA spans it and projection recovers its coordinates', () => {
		const u = filterNormalizedDirection(w, cfg, 7);
		const v = filterNormalizedDirection(w, cfg, 7, 1);
		const coords = Array.from({ length: 40 }, (_, t) => [Math.cos(t / 6) * (40 - t) * 0.05, Math.sin(t / 4) * 0.3]);
		const final = w;
		const traj = coords.map(([a, b]) => Float64Array.from(final, (x, i) => x + a * u[i] + b * v[i]));
		const back = projectTrajectory(traj, final, u, v);
		coords.forEach(([a, b], t) => {
			expect(back[2 * t]).toBeCloseTo(a, 8);
			expect(back[2 * t + 1]).toBeCloseTo(b, 8);
		});
		const pc = trajectoryDirections(traj, final);
		expect(Math.abs(dot(pc.u, pc.v))).toBeLessThan(1e-8);
		expect(pc.explained[0] + pc.explained[1]).toBeCloseTo(1, 6);
		// Projected onto the PCA plane, the trajectory is reproduced exactly.
		const xy = projectTrajectory(traj, final, pc.u, pc.v);
		for (let t = 0; t < traj.length; t += 9)
			for (let i = 0; i < D; i += 13) expect(final[i] + xy[2 * t] * pc.u[i] + xy[2 * t + 1] * pc.v[i]).toBeCloseTo(traj[t][i], 8);
	});

	it('lossGrid: the centre is the loss at w0, the layout is α-fastest', () => {
		const data = makeDataset(cfg, 4).train;
		const model = new Model(cfg);
		const u = filterNormalizedDirection(w, cfg, 3);
		const v = filterNormalizedDirection(w, cfg, 3, 1);
		const al = linspace(-1, 1, 5), be = linspace(-0.5, 0.5, 3);
		const g = lossGrid(model, data, w, u, v, al, be);
		expect(g.length).toBe(15);
		expect(g[2 + 1 * 5]).toBeCloseTo(model.evaluate(w, data).loss, 12);
		const w2 = Float64Array.from(w, (x, i) => x + al[4] * u[i] + be[0] * v[i]);
		expect(g[4 + 0 * 5]).toBeCloseTo(model.evaluate(w2, data).loss, 12);
		expect(g.every(Number.isFinite)).toBe(true);
	});
});
