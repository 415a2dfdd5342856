import { describe, expect, it } from 'vitest';
import { reportSvg } from '../../../src/lib/experiments/figure';
import { rec, syntheticRecords } from '../helpers/records';

describe('report figure', () => {
	const records = syntheticRecords();

	it('draws a standalone SVG: a band per axis, a dot per run (linked when asked), a histogram', () => {
		const svg = reportSvg(records, { title: 'syn', link: (r) => `/sandbox?seed=${r.seed}&lr=${r.config.lr}` });
		expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
		expect((svg.match(/data-role="band"/g) ?? []).length).toBe(2);
		expect((svg.match(/data-id="/g) ?? []).length).toBe(records.length);
		expect(svg).toContain('href="/sandbox?seed=1&amp;lr=0.1"');
		expect(svg).not.toMatch(/NaN|undefined/);
		const hist = [...svg.matchAll(/data-count="(\d+)"/g)].reduce((a, m) => a + Number(m[1]), 0);
		expect(hist).toBe(records.length);
		expect(reportSvg([])).toContain('no runs yet');
		const sp = reportSvg([rec('s1', {}, 0.95, { sparsity: { eps: [1e-5, 1e-2, 1e2], frac: [0, 0.3, 1] } })]);
		expect(sp).toContain('activation sparsity');
	});
});
