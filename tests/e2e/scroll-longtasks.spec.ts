import { test } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';

/**
 * Not in CI (skipped unless LONGTASKS=1): a reader scrolls the whole article with the wheel, top to
 * bottom, at about a screen a second, pressing nothing; every long task (> 50 ms) of the page's
 * thread is recorded with the section on screen when it started. Report in tests/output/longtasks.json.
 */
test.skip(!process.env.LONGTASKS, 'a measurement, run with LONGTASKS=1');
test('long tasks while scrolling the whole article', async ({ browser }) => {
	test.setTimeout(300_000);
	const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
	const page = await context.newPage();
	await page.addInitScript(() => {
		const w = window as unknown as { __long: { t: number; d: number; at: string }[] };
		w.__long = [];
		const where = () => {
			let at = 'top';
			for (const s of document.querySelectorAll('section[id]')) if (s.getBoundingClientRect().top < innerHeight / 2) at = s.id;
			return at;
		};
		new PerformanceObserver((l) => l.getEntries().forEach((e) => w.__long.push({ t: e.startTime, d: e.duration, at: where() }))).observe({ type: 'longtask', buffered: true });
	});
	await page.goto('/');
	await page.waitForTimeout(3000);
	const from = await page.evaluate(() => performance.now());
	// Over the text column: the wheel scrolls the page, not a sticky figure that scrolls inside itself.
	await page.mouse.move(200, 400);
	const height = await page.evaluate(() => document.documentElement.scrollHeight);
	const t0 = Date.now();
	// Until the bottom (the page grows as figures load).
	for (let y = 0; y < 4 * height && (await page.evaluate(() => scrollY + innerHeight < document.documentElement.scrollHeight - 2)); y += 200) {
		await page.mouse.wheel(0, 200);
		await page.waitForTimeout(250);
	}
	const seconds = (Date.now() - t0) / 1000;
	const reached = await page.evaluate(() => ({ y: Math.round(scrollY + innerHeight), of: document.documentElement.scrollHeight }));
	const long = await page.evaluate((f) => (window as unknown as { __long: { t: number; d: number; at: string }[] }).__long.filter((e) => e.t >= f), from);
	const bySection: Record<string, { n: number; over100: number; longest: number; total: number }> = {};
	for (const e of long) {
		const b = (bySection[e.at] ??= { n: 0, over100: 0, longest: 0, total: 0 });
		b.n++;
		if (e.d > 100) b.over100++;
		b.longest = Math.max(b.longest, Math.round(e.d));
		b.total += Math.round(e.d);
	}
	mkdirSync('tests/output', { recursive: true });
	writeFileSync('tests/output/longtasks.json', JSON.stringify({ seconds, scrolledPx: height, reached, count: long.length, over100: long.filter((e) => e.d > 100).length, longestMs: Math.round(Math.max(0, ...long.map((e) => e.d))), bySection }, null, 2));
	await context.close();
});
