/**
 * The end matter and §7 quote single runs of our Fig 6 sweep (seed 0, one run per value) from
 * docs/figures/fig6.md, which has no summary file to read them from: check every quoted accuracy
 * against that table, so a rerun of the sweep that changes them fails here instead of leaving the prose wrong.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';

const table = readFileSync('docs/figures/fig6.md', 'utf8');
/** Final test accuracy of the one run at `value` on the axis `axis`, in percent. */
function accuracy(axis: string, value: string): number {
	const section = table.split(/^### /m).find((s) => s.startsWith(`fig6: test accuracy vs ${axis}\n`));
	if (!section) throw new Error(`no ${axis} table in fig6.md`);
	const row = section.split('\n').find((l) => l.startsWith(`| ${value} |`));
	if (!row) throw new Error(`no row ${value} in fig6.md's ${axis} table`);
	return Math.round(100 * Number(row.split('|')[3].trim().split(' ')[0]));
}
const source = (f: string) => readFileSync(`src/lib/article/sections/${f}`, 'utf8').replace(/\s+/g, ' ');

describe("Fig 6's runs as the prose quotes them", () => {
	const h = { '14': accuracy('h', '14'), '21': accuracy('h', '21'), '62': accuracy('h', '62') };
	const d = { '1.27': accuracy('mlp_lr_discount', '1.27'), '0.785': accuracy('mlp_lr_discount', '0.785') };
	it('the end matter: hidden units 14, 21, 62 and discounts 1.27, 0.785', () => {
		const s = source('EndMatter.svelte');
		expect(s).toContain(`test accuracy is ${h['14']} % with 14 hidden units, ${h['21']} % with 21 and ${h['62']} % with 62`);
		expect(s).toContain(`${d['1.27']} % at an MLP discount of 1.27 against ${d['0.785']} % at 0.785`);
	});
	it('§7: the same discounts', () => {
		expect(source('Attention.svelte')).toContain(`ends at ${d['1.27']} % with an MLP discount of 1.27 and at ${d['0.785']} % with 0.785`);
	});
	it('the quoted runs do flip between chance and success', () => {
		expect(h['14']).toBeGreaterThan(90);
		expect(h['21']).toBeLessThan(60);
		expect(d['1.27']).toBeGreaterThan(90);
		expect(d['0.785']).toBeLessThan(60);
	});
});
