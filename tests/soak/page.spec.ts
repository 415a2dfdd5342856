/**
 * Soak in the page (`npm run soak`): 1,000,000 training steps in /sandbox, every panel drawing, with
 * the JS heap sampled through CDP (Performance.getMetrics JSHeapUsedSize, after a forced GC) along
 * the way; and eight runs at once in one page (eight custom elements, eight workers) with every
 * main-thread task observed (PerformanceObserver 'longtask'). Figures go to tests/output/soak-*.json.
 */
import { expect, test, type CDPSession, type Page } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { collectErrors } from '../e2e/console';

const MB = (b: number) => +(b / 2 ** 20).toFixed(2);

async function heap(cdp: CDPSession): Promise<{ used: number; nodes: number; listeners: number }> {
	await cdp.send('HeapProfiler.collectGarbage');
	const { metrics } = await cdp.send('Performance.getMetrics');
	const get = (n: string) => metrics.find((m) => m.name === n)?.value ?? NaN;
	return { used: get('JSHeapUsedSize'), nodes: get('Nodes'), listeners: get('JSEventListeners') };
}

const epochOf = async (page: Page) => Number(((await page.getByTestId('status').textContent()) ?? '').match(/epoch (\d+)/)?.[1] ?? 0);

test('1,000,000 steps in /sandbox: the heap stays flat', async ({ page }) => {
	const errors = collectErrors(page);
	const EPOCHS = 15_625; // × 64 steps = 1,000,000
	await page.goto(`/sandbox?seed=1&epochs=${EPOCHS}&play=0`);
	await expect(page.getByTestId('status')).toContainText('paused', { timeout: 60_000 });
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Performance.enable');
	await page.getByTestId('speed').selectOption('50');
	const t0 = Date.now();
	const samples: { t: number; epoch: number; heapMB: number; nodes: number; listeners: number }[] = [];
	const take = async () => {
		const h = await heap(cdp);
		samples.push({ t: (Date.now() - t0) / 1000, epoch: await epochOf(page), heapMB: MB(h.used), nodes: h.nodes, listeners: h.listeners });
	};
	await take();
	await page.getByTestId('play').click();
	while (!/· done/.test((await page.getByTestId('status').textContent()) ?? '')) {
		await page.waitForTimeout(10_000);
		await take();
		console.log(JSON.stringify(samples.at(-1)));
		expect(Date.now() - t0, 'still training after 18 minutes').toBeLessThan(18 * 60_000);
	}
	await take();
	const secs = (Date.now() - t0) / 1000;
	const after = samples.filter((s) => s.epoch >= EPOCHS / 10);
	const report = {
		steps: EPOCHS * 64,
		seconds: +secs.toFixed(0),
		heapMB: { start: samples[0].heapMB, atTenth: after[0]?.heapMB, end: samples.at(-1)!.heapMB, max: Math.max(...samples.map((s) => s.heapMB)), spanAfterTenth: +(Math.max(...after.map((s) => s.heapMB)) - Math.min(...after.map((s) => s.heapMB))).toFixed(2) },
		domNodes: { start: samples[0].nodes, end: samples.at(-1)!.nodes },
		listeners: { start: samples[0].listeners, end: samples.at(-1)!.listeners },
		samples: samples.length
	};
	mkdirSync('tests/output', { recursive: true });
	writeFileSync('tests/output/soak-page.json', JSON.stringify({ report, samples }, null, 1));
	console.log(JSON.stringify(report, null, 1));
	expect(await epochOf(page)).toBe(EPOCHS);
	// The snapshot history is bounded (decimated); what grows is the record of every epoch's metrics
	// (the loss and accuracy curves and saved runs use it all): under 1 kB per epoch.
	const perEpoch = ((report.heapMB.end - report.heapMB.atTenth!) * 2 ** 20) / (EPOCHS - after[0].epoch);
	console.log(`heap growth after the first tenth: ${perEpoch.toFixed(0)} bytes per epoch`);
	expect(perEpoch).toBeLessThan(1024);
	expect(report.domNodes.end).toBeLessThan(report.domNodes.start * 1.5 + 500);
	expect(errors).toEqual([]);
});

test('eight runs at once in one page: every main-thread task under 50 ms', async ({ page, baseURL }) => {
	const panels = ['loss', 'accuracy', 'levels', 'tokens', 'attention', 'simplex', 'sequence', 'receptors'];
	const html = `<!doctype html><meta charset="utf-8"><title>eight runs</title>
<style>body{display:grid;grid-template-columns:repeat(4,1fr);gap:8px;font:12px system-ui}</style>
<script>window.longtasks=[];new PerformanceObserver((l)=>{for(const e of l.getEntries())window.longtasks.push({start:e.startTime,duration:e.duration})}).observe({type:'longtask',buffered:true});</script>
<script type="module" src="/elements/flatland.js"></script>
${panels.map((p, i) => `<flatland-${p} seed="${i + 1}" epochs="400"></flatland-${p}>`).join('\n')}`;
	await page.route(`${baseURL}/eight.html`, (r) => r.fulfill({ contentType: 'text/html', body: html }));
	const errors = collectErrors(page);
	await page.goto('/eight.html');
	// All eight train: each element dispatches flatland-epoch; wait until every one passed epoch 20.
	await page.evaluate(() => {
		const w = window as unknown as { epochs: Record<string, number> };
		w.epochs = {};
		document.addEventListener('flatland-epoch', (e) => {
			const el = (e.target as HTMLElement).closest('[data-widget]') as HTMLElement;
			w.epochs[el.dataset.widget!] = (e as CustomEvent).detail.epoch;
		});
	});
	await expect.poll(() => page.evaluate(() => Object.values((window as unknown as { epochs: Record<string, number> }).epochs).filter((e) => e >= 20).length), { timeout: 120_000 }).toBe(8);
	// Observe 30 s of all eight training and drawing.
	const from = await page.evaluate(() => performance.now());
	await page.waitForTimeout(30_000);
	const r = await page.evaluate((from) => {
		const w = window as unknown as { longtasks: { start: number; duration: number }[]; epochs: Record<string, number> };
		const startup = w.longtasks.filter((t) => t.start < from);
		const during = w.longtasks.filter((t) => t.start >= from);
		return { startup: startup.map((t) => Math.round(t.duration)), during: during.map((t) => Math.round(t.duration)), epochs: w.epochs };
	}, from);
	const load = (await import('node:os')).loadavg()[0];
	const report = { panels, epochs: r.epochs, longTasksWhileTraining: r.during.length, maxTaskMs: Math.max(0, ...r.during), startupLongTasks: r.startup, loadAverage: +load.toFixed(2) };
	mkdirSync('tests/output', { recursive: true });
	writeFileSync('tests/output/soak-eight.json', JSON.stringify(report, null, 1));
	console.log(JSON.stringify(report, null, 1));
	expect(Object.values(r.epochs).every((e) => e >= 20)).toBe(true);
	// Judged strictly unless something else overloads the machine (load above twice its cores: a 20 ms
	// task stretches past 50 ms when several processes share each core); then reported, and only
	// stalls (≥ 1 s) fail. The eight runs themselves leave the page a core (stores/step-slots.ts).
	const cores = (await import('node:os')).cpus().length;
	if (load <= 2 * cores) expect(r.during, `long tasks while eight runs train (load average ${load.toFixed(1)})`).toEqual([]);
	else {
		console.warn(`machine overloaded (load ${load.toFixed(1)} on ${cores} cores): ${r.during.length} tasks over 50 ms, longest ${report.maxTaskMs} ms`);
		expect(report.maxTaskMs, 'a stall').toBeLessThan(1000);
	}
	expect(errors).toEqual([]);
});

test('the lab runs a 108-run spec in workers on every core; every main-thread task under 50 ms', async ({ page }) => {
	const errors = collectErrors(page);
	await page.addInitScript(() => {
		const w = window as unknown as { longtasks: { start: number; duration: number }[] };
		w.longtasks = [];
		new PerformanceObserver((l) => {
			for (const e of l.getEntries()) w.longtasks.push({ start: e.startTime, duration: e.duration });
		}).observe({ type: 'longtask', buffered: true });
	});
	await page.goto('/lab');
	await expect(page.locator('main[data-ready="yes"]')).toBeVisible();
	const spec = { name: 'responsive', base: { epochs: 300 }, grid: [{ batch: { pow2: [3, 8] } }, { lr: { logspace: [-1, -3.5], n: 12 } }], seeds: { from: 0, to: 5 } };
	await page.getByTestId('spec-text').fill(JSON.stringify(spec));
	await expect(page.getByTestId('spec-check')).toContainText('108 runs, 300 epochs each');
	const from = await page.evaluate(() => performance.now());
	await page.getByTestId('run').click();
	await expect(page.getByTestId('lab-status')).toContainText(/done: 108 runs/, { timeout: 180_000 });
	const during = await page.evaluate((from) => (window as unknown as { longtasks: { start: number; duration: number }[] }).longtasks.filter((t) => t.start >= from).map((t) => Math.round(t.duration)), from);
	const load = (await import('node:os')).loadavg()[0];
	const cores = (await import('node:os')).cpus().length;
	const report = { runs: 108, status: await page.getByTestId('lab-status').textContent(), longTasks: during, loadAverage: +load.toFixed(2) };
	mkdirSync('tests/output', { recursive: true });
	writeFileSync('tests/output/soak-lab.json', JSON.stringify(report, null, 1));
	console.log(JSON.stringify(report));
	await expect(page.locator('[data-testid="lab-figure"] circle[data-id]')).toHaveCount(108);
	if (load <= 2 * cores) expect(during, `long tasks while the lab runs (load ${load.toFixed(1)})`).toEqual([]);
	else expect(Math.max(0, ...during), 'a stall').toBeLessThan(1000);
	expect(errors).toEqual([]);
});
