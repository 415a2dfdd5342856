import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/lib/core/config';
import { forwardAll } from '../../../src/lib/core/forwardAll';
import { gridExtent, outputLevelGrid, xiLevelGrid } from '../../../src/lib/core/levels';
import { mlpHead, Model, newHeadOut } from '../../../src/lib/core/model';
import { initParams, layout } from '../../../src/lib/core/params';
import { makeProbes } from '../../../src/lib/core/probes';
import { pcaProjection, project } from '../../../src/lib/core/projection';

describe('forwardAll: what the panels draw', () => {
	const cfg = parseConfig({ seed: 3 });
	const w = initParams(cfg);
	const probes = makeProbes(cfg);
	const v = forwardAll(w, cfg, probes);
	const model = new Model(cfg);

	it('tables match E[x]+P[t], its norm and V z computed by hand', () => {
		const { L, d, nb_emb } = cfg;
		for (let x = 0; x < nb_emb; x++)
			for (let t = 0; t < L; t++) {
				const e = [0, 1].map((j) => v.tokenEmb[x * d + j] + v.posEmb[t * d + j]);
				const i = (x * L + t) * d;
				expect(v.raw[i]).toBeCloseTo(e[0], 12);
				expect(v.raw[i + 1]).toBeCloseTo(e[1], 12);
				const s = Math.sqrt((e[0] ** 2 + e[1] ** 2) / 2) + cfg.eps;
				expect(v.normed[i]).toBeCloseTo(e[0] / s, 12);
				expect(Math.hypot(v.normed[i], v.normed[i + 1])).toBeCloseTo(Math.SQRT2, 3);
				expect(v.scores[x * L + t]).toBeCloseTo((v.normed[i] * v.query[0] + v.normed[i + 1] * v.query[1]) / Math.SQRT2, 12);
				expect(v.valueZ[i]).toBeCloseTo(w[layout(cfg).V.offset] * v.normed[i] + w[layout(cfg).V.offset + 1] * v.normed[i + 1], 12);
			}
	});

	it('probe outputs equal model.forward, and the head from ξ reproduces ζ and p', () => {
		const out = newHeadOut(cfg);
		for (let r = 0; r < probes.n; r += 7) {
			const tr = model.forward(w, probes.X, r);
			expect(Array.from(v.probes.xi.subarray(r * 2, r * 2 + 2))).toEqual(Array.from(tr.xi));
			expect(Array.from(v.probes.attn.subarray(r * 12, r * 12 + 12))).toEqual(Array.from(tr.attn));
			mlpHead(w, cfg, layout(cfg), tr.xi, 0, out);
			for (let j = 0; j < 2; j++) expect(out.zeta[j]).toBeCloseTo(tr.zeta[j], 12);
			for (let y = 0; y < 3; y++) expect(out.probs[y]).toBeCloseTo(tr.probs[y], 12);
		}
		// Assemblers are W2's columns.
		const W2 = layout(cfg).W2.offset;
		expect(v.assemblers[5 * 2 + 1]).toBe(w[W2 + 1 * cfg.h + 5]);
	});

	it('level grids: probabilities sum to one and agree with the head at the probe ξ', () => {
		const ext = gridExtent(v.probes.xi);
		expect(ext.x0).toBeLessThanOrEqual(0);
		const g = xiLevelGrid(w, cfg, { ...ext, nx: 9, ny: 7 });
		expect(g.probs.length).toBe(3);
		for (let k = 0; k < 63; k++) expect(g.probs[0][k] + g.probs[1][k] + g.probs[2][k]).toBeCloseTo(1, 12);
		// A one-node grid placed at a probe's ξ gives that probe's probabilities.
		const xi = v.probes.xi;
		const one = xiLevelGrid(w, cfg, { x0: xi[0], x1: xi[0], y0: xi[1], y1: xi[1], nx: 1, ny: 1 });
		for (let y = 0; y < 3; y++) expect(one.probs[y][0]).toBeCloseTo(v.probes.probs[y], 12);
		const z = v.probes.zeta;
		const o = outputLevelGrid(w, cfg, { x0: z[0], x1: z[0], y0: z[1], y1: z[1], nx: 1, ny: 1 });
		for (let y = 0; y < 3; y++) expect(o.probs[y][0]).toBeCloseTo(v.probes.probs[y], 12);
		expect(g.argmax.every((c) => c >= 0 && c < 3)).toBe(true);
	});

	it('d = 4: level grid through a PCA plane lifts points back to R^4', () => {
		const c4 = parseConfig({ d: 4, seed: 1 });
		const w4 = initParams(c4);
		const p4 = makeProbes(c4);
		const v4 = forwardAll(w4, c4, p4);
		const P = pcaProjection(v4.probes.xi, 4);
		const xy = project(v4.probes.xi, P);
		const g = xiLevelGrid(w4, c4, { ...gridExtent(xy), nx: 5, ny: 5 }, P);
		expect(g.probs[0].length).toBe(25);
		expect(() => xiLevelGrid(w4, c4, { ...gridExtent(xy), nx: 5, ny: 5 })).toThrow();
	});
});
