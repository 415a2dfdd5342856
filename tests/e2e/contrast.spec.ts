/**
 * Every page's text reads at WCAG AA contrast (≥ 4.5:1, large text ≥ 3:1) in the light and the dark
 * scheme (the system's prefers-color-scheme, and ?theme=dark as embeds take it), measured on the
 * rendered page by tests/e2e/contrast.ts. The article is read top to bottom, a screen at a time, so
 * that every section's live figure and the scroll steps in their dimmed and active states are seen.
 */
import { expect, test, type Page } from '@playwright/test';
import { WIDGET_IDS } from '../../src/lib/widgets/ids';
import { describe as say, failures, judge, sampleText, type Finding, type Sample } from './contrast';

/**
 * Pages are read in the system's light and dark schemes; embeds in light and with ?theme=dark (what an
 * embedding page sets), and one embed also in the system's dark scheme. Both routes to dark end in
 * the same CSS variables (palette.ts), so this covers both without reading every page three times.
 */
const SCHEMES = [
	{ name: 'light', media: 'light' as const, query: '', embedQuery: '' },
	{ name: 'dark', media: 'dark' as const, query: '', embedQuery: 'theme=dark' }
];
const withQuery = (path: string, q: string) => (q ? `${path}${path.includes('?') ? '&' : '?'}${q}` : path);

/** Wait as a reader would: the page's live figures have drawn (no "waiting" text), or 8 s passed. */
async function settle(page: Page) {
	await page.waitForLoadState('networkidle').catch(() => {});
	await page
		.waitForFunction(() => !/waiting for the first snapshot|loading…/.test(document.body.innerText), undefined, { timeout: 8000 })
		.catch(() => {});
	await page.waitForTimeout(300);
}

function report(label: string, samples: Sample[], bad: Finding[]) {
	const worst = samples.map(judge).sort((a, b) => a.ratio / a.need - b.ratio / b.need)[0];
	const line = `${label}: ${samples.length} text samples, ${bad.length} below AA${worst ? `; lowest ${worst.ratio.toFixed(2)}:1 "${worst.text}"` : ''}`;
	console.log(line);
	test.info().annotations.push({ type: 'contrast', description: line });
}

for (const s of SCHEMES) {
	test.describe(`contrast, ${s.name}`, () => {
		test.beforeEach(async ({ page }) => {
			await page.emulateMedia({ colorScheme: s.media });
		});

		for (const path of ['/sandbox', '/gallery', '/lab']) {
			test(`${path}`, async ({ page }) => {
				await page.goto(withQuery(path, s.query));
				await settle(page);
				const samples = await sampleText(page);
				const bad = failures(samples);
				report(`${path} (${s.name})`, samples, bad);
				expect(bad.map(say)).toEqual([]);
			});
		}

		test('the article, read top to bottom', async ({ page }) => {
			test.setTimeout(240_000);
			await page.goto(withQuery('/', s.query));
			await settle(page);
			const samples: Sample[] = [];
			const h = page.viewportSize()!.height;
			for (let y = 0; ; y += h) {
				await page.evaluate((y) => scrollTo(0, y), y);
				await page.waitForTimeout(250);
				samples.push(...(await sampleText(page, true)));
				const end = await page.evaluate(() => scrollY + innerHeight >= document.documentElement.scrollHeight - 2);
				if (end) break;
			}
			const bad = failures(samples);
			report(`/ (${s.name})`, samples, bad);
			expect(bad.map(say)).toEqual([]);
		});

		test('every embed', async ({ page }) => {
			test.setTimeout(240_000);
			const all: Finding[] = [];
			let n = 0;
			// Embeds go dark by ?theme=dark over a light system; the system's dark scheme is read last.
			await page.emulateMedia({ colorScheme: 'light' });
			for (const id of [...WIDGET_IDS, 'no-such-widget']) {
				await page.goto(withQuery(`/embed/${id}?seed=1`, s.embedQuery));
				await settle(page);
				const samples = await sampleText(page);
				n += samples.length;
				all.push(...failures(samples).map((f) => ({ ...f, where: `/embed/${id} ${f.where}` })));
			}
			if (s.media === 'dark') {
				// The system's dark scheme, without ?theme.
				await page.emulateMedia({ colorScheme: 'dark' });
				await page.goto('/embed/sandbox?seed=1');
				await settle(page);
				const samples = await sampleText(page);
				n += samples.length;
				all.push(...failures(samples).map((f) => ({ ...f, where: `/embed/sandbox (prefers dark) ${f.where}` })));
			}
			console.log(`/embed/* (${s.name}): ${n} text samples, ${all.length} below AA`);
			expect(all.map(say)).toEqual([]);
		});
	});
}
