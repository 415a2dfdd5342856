import { describe, expect, it } from 'vitest';
import { get } from 'svelte/store';
import { parseConfig } from '../../src/lib/core/config';
import { initParams, layout } from '../../src/lib/core/params';
import { computeFrame } from '../../src/lib/stores/frame';
import { Run } from '../../src/lib/stores/run';
import { Sandbox } from '../../src/lib/stores/sandbox';
import { TsEngine } from '../../src/lib/engines/ts';
import { makeDataset } from '../../src/lib/core/data';

const snap = (c: ReturnType<typeof parseConfig>, params = initParams(c)) => ({ step: 0, epoch: 0, params, stepLoss: NaN });

describe('the frame the panels draw', () => {
	it('d = 2: every table in the plane, 40 probes with p = 2, no projection notes', () => {
		const c = parseConfig({ seed: 3 });
		const f = computeFrame(c, snap(c))!;
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

describe('the run store', () => {
	it('trainTo trains, keeps a decimated history, and seekEpoch shows the past exactly', async () => {
		const run = new Run({ seed: 1, n: 128, batch: 32, epochs: 300 }, async () => new TsEngine());
		await run.reset();
		const reached = await run.trainTo(200, 50);
		expect(reached).toBe(200);
		const snaps = get(run.snapshots);
		expect(snaps[0].epoch).toBe(0);
		expect(snaps.at(-1)!.epoch).toBe(200);
		// Every snapshot's params differ from the next; the history is bounded and sorted.
		for (let i = 1; i < snaps.length; i++) expect(snaps[i].epoch).toBeGreaterThan(snaps[i - 1].epoch);
		expect(get(run.current)!.epoch).toBe(200);
		run.seekEpoch(0);
		expect(get(run.current)!.epoch).toBe(0);
		expect(get(run.index)).toBe(0);
		run.seek(null);
		expect(get(run.current)!.epoch).toBe(200);
		run.dispose();
	});
	it('the sandbox highlight: hover wins over the pinned sentence', () => {
		const sb = new Sandbox(new Run({}, async () => new TsEngine()));
		const seen: (number | null)[] = [];
		const u = sb.highlight.subscribe((v) => seen.push(v));
		sb.toggle(4);
		sb.hover(7);
		sb.hover(null);
		sb.toggle(4);
		u();
		expect(seen).toEqual([null, 4, 7, 4, null]);
	});
});
