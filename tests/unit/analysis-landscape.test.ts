import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/lib/core/config';
import { makeDataset } from '../../src/lib/core/data';
import { decimate, decimatedCount, keepSnapshot } from '../../src/lib/core/decimate';
import { filterNormalizedDirection, filterRows, linspace, lossGrid, projectTrajectory, trajectoryDirections } from '../../src/lib/core/landscape';
import { Model } from '../../src/lib/core/model';
import { initParams, layout } from '../../src/lib/core/params';
import { dot } from '../../src/lib/core/projection';

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

describe('snapshot decimation', () => {
	it('keeps the recent past in full, the first and the newest, and bounds a 1000-epoch run', () => {
		for (let i = 1000 - 63; i <= 1000; i++) expect(keepSnapshot(i, 1000)).toBe(true);
		expect(keepSnapshot(0, 1000)).toBe(true);
		expect(keepSnapshot(1, 1000)).toBe(false);
		const n = decimatedCount(1000);
		expect(n).toBeLessThan(250);
		expect(n).toBeGreaterThan(64);
		expect(decimatedCount(100_000)).toBeLessThan(500);
		expect(decimatedCount(10, { recent: 64 })).toBe(11);
	});

	it('pruning as the run goes equals pruning at the end (monotone rule)', () => {
		let kept: number[] = [];
		for (let now = 0; now <= 700; now++) kept = decimate([...kept, now], now, (i) => i, { recent: 16 });
		const once = decimate(Array.from({ length: 701 }, (_, i) => i), 700, (i) => i, { recent: 16 });
		expect(kept).toEqual(once);
		// Ages double: gaps between survivors never shrink going back in time.
		const gaps = once.slice(1).map((x, i) => x - once[i]).reverse();
		for (let i = 1; i < gaps.length - 1; i++) expect(gaps[i]).toBeGreaterThanOrEqual(gaps[i - 1]);
	});
});
