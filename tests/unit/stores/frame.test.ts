import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/lib/core/config';
import { initParams, layout } from '../../../src/lib/core/params';
import { computeFrame } from '../../../src/lib/stores/frame';
import type { Frame } from '../../../src/lib/stores/frame-types';

const snap = (c: ReturnType<typeof parseConfig>, params = initParams(c)) => ({ step: 0, epoch: 0, params, stepLoss: NaN });

describe('the frame the panels draw', () => {
	it('d = 2: every table in the plane, 40 probes with p = 2, no projection notes', () => {
		const c = parseConfig({ seed: 3 });
		const f: Frame = computeFrame(c, snap(c))!;
		expect(f.tokens).toHaveLength(c.nb_emb);
		expect(f.positions.filter((p) => p.prefix)).toHaveLength(c.k);
		expect(f.cells).toHaveLength(c.nb_emb * c.L);
		expect(f.probes).toHaveLength(40);
		expect(f.receptors).toHaveLength(c.h);
		expect(Object.keys(f.notes)).toHaveLength(0);
		// Tokens are E's rows as they are.
		const lay = layout(c);
		const w = initParams(c);
		expect(f.tokens[1].p).toEqual([w[lay.E.offset + 2], w[lay.E.offset + 3]]);
		for (const p of f.probes) {
			expect(p.attn.reduce((a, b) => a + b, 0)).toBeCloseTo(1);
			expect(p.probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1);
		}
		expect(f.xiGrid.probs).toHaveLength(c.nb_emb);
		expect(f.xiGrid.probs[0]).toHaveLength(f.xiGrid.nx * f.xiGrid.ny);
	});
	it('d = 4: 2-D projections, stated per panel', () => {
		const c = parseConfig({ d: 4, p: 3, seed: 1 });
		const f = computeFrame(c, snap(c))!;
		expect(f.notes.sequence).toMatch(/PCA view of the probe ξ, d = 4/);
		expect(f.notes.tokens).toMatch(/d = 4/);
		expect(f.probes).toHaveLength(60);
		for (const p of f.probes) expect(p.xi).toHaveLength(2);
	});
	it('a snapshot of another shape gives no frame (mid-reset)', () => {
		const c = parseConfig({});
		expect(computeFrame(parseConfig({ h: 8 }), snap(c))).toBeNull();
	});
});
