/** core/levels.ts: the grids of the two level-line panels, node by node against the model's head and decoder. */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/lib/core/config';
import { gridCoord, gridExtent, outputLevelGrid, xiLevelGrid } from '../../../src/lib/core/levels';
import { decode, mlpHead, newHeadOut } from '../../../src/lib/core/model';
import { initParams, layout } from '../../../src/lib/core/params';
import { axesProjection } from '../../../src/lib/core/projection';

const c = parseConfig({ p: 3, nb_emb: 4, h: 8, seed: 2 });
const w = initParams(c);
const lay = layout(c);
const spec = { x0: -2, x1: 1, y0: -1, y1: 3, nx: 4, ny: 3 };

describe('level grids', () => {
	it('gridCoord spans [a, b] in n nodes; one node sits in the middle', () => {
		expect([0, 1, 2, 3].map((i) => gridCoord(-2, 1, 4, i))).toEqual([-2, -1, 0, 1]);
		expect(gridCoord(-2, 1, 1, 0)).toBe(-0.5);
	});

	it('gridExtent: a padded square around the finite points, with the origin unless asked not to', () => {
		const e = gridExtent([1, 1, 3, 2, NaN, 50], { pad: 0 });
		expect(e).toEqual({ x0: 0, x1: 3, y0: -0.5, y1: 2.5 });
		const away = gridExtent([1, 1, 3, 2], { pad: 0.5, withOrigin: false });
		expect(away.x1 - away.x0).toBeCloseTo(4, 12); // side 2 padded by half of it on each side
		expect((away.x0 + away.x1) / 2).toBe(2);
		expect(gridExtent([], { withOrigin: false })).toEqual({ x0: -1, x1: 1, y0: -1, y1: 1 }); // nothing to frame
		expect(gridExtent([]).x1).toBeLessThan(1e-5); // only the origin
	});

	it('p(y | ξ): at node (i, j) — x fastest — the MLP head at ξ = (x_i, y_j); the argmax is the likeliest class', () => {
		const g = xiLevelGrid(w, c, spec);
		expect(g.probs).toHaveLength(c.nb_emb);
		const out = newHeadOut(c);
		for (let j = 0; j < spec.ny; j++)
			for (let i = 0; i < spec.nx; i++) {
				const k = i + j * spec.nx;
				mlpHead(w, c, lay, [gridCoord(-2, 1, 4, i), gridCoord(-1, 3, 3, j)], 0, out);
				const p = g.probs.map((row) => row[k]);
				p.forEach((v, y) => expect(v).toBeCloseTo(out.probs[y], 14));
				expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
				expect(g.argmax[k]).toBe(p.indexOf(Math.max(...p)));
			}
	});

	it('softmax(E ζ) at each node, and for d > 2 in the plane of the projection given', () => {
		const g = outputLevelGrid(w, c, spec);
		const logits = new Float64Array(c.nb_emb);
		const probs = new Float64Array(c.nb_emb);
		decode(w, c, lay, [gridCoord(-2, 1, 4, 3), gridCoord(-1, 3, 3, 2)], 0, logits, probs);
		probs.forEach((v, y) => expect(g.probs[y][3 + 2 * 4]).toBeCloseTo(v, 14));

		const c4 = parseConfig({ ...c, d: 4 });
		const w4 = initParams(c4);
		const g4 = outputLevelGrid(w4, c4, spec, axesProjection(4, 1, 3));
		decode(w4, c4, layout(c4), [0, gridCoord(-2, 1, 4, 1), 0, gridCoord(-1, 3, 3, 0)], 0, logits, probs);
		probs.forEach((v, y) => expect(g4.probs[y][1]).toBeCloseTo(v, 14));
		expect(() => outputLevelGrid(w4, c4, spec)).toThrow('projection of dimension 2 for a model with d = 4');
	});
});
