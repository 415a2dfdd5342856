import { expect, test } from '@playwright/test';
import { collectErrors } from './console';

test.describe('the article\'s hero trains live @phone', () => {
	test('loads without console errors, trains, the loss goes down', async ({ page }, info) => {
		const errors = collectErrors(page);
		await page.goto('/');
		await expect(page.getByRole('heading', { name: 'Flatland', level: 1 })).toBeVisible();
		// Training starts within about a second of navigation (a worker, WebAssembly where it loads):
		// the page's own clock (performance.now() counts from navigation start) when the status says so.
		const started = await page.waitForFunction(
			() => (document.querySelector('[data-testid="hero"] [data-testid="status"]')?.textContent ?? '').includes('running') && performance.now(),
			undefined,
			{ timeout: 15_000, polling: 'raf' }
		);
		const ms = Math.round((await started.jsonValue()) as number);
		test.info().annotations.push({ type: 'hero start', description: `${ms} ms after navigation start` });
		console.log(`hero training started ${ms} ms after navigation start (${info.project.name})`);
		expect(ms, 'the hero starts training soon after load').toBeLessThan(3000);
		// Training starts by itself; wait for some epochs.
		await expect(page.getByTestId('status')).toContainText(/epoch ([2-9]\d|\d{3,}) \//, { timeout: 60_000 });
		const losses = await page.evaluate(() => {
			const d = document.querySelector('[data-testid="hero"] [data-testid="curve-loss"] path[data-series="train"]')?.getAttribute('d') ?? '';
			return d;
		});
		expect(losses.length).toBeGreaterThan(20);
		// The loss label shows the latest train loss; it must be below the initial loss.
		const hero = page.getByTestId('hero');
		const legend = hero.locator('figure[aria-label="Loss"] .legend span').first();
		const first = await hero.getByTestId('curve-loss').getAttribute('aria-label');
		expect(first).toMatch(/train \d/);
		const train = Number((await legend.textContent())!.match(/[\d.]+/)![0]);
		expect(train).toBeGreaterThan(0);
		expect(train).toBeLessThan(0.75); // the initial loss of seed 1 is above 0.9
		await page.screenshot({ path: `tests/output/screens/home-${info.project.name}.png` });
		// No horizontal scroll.
		const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
		expect(overflow).toBeLessThanOrEqual(0);
		expect(errors).toEqual([]);
	});

	test('pause, step, reset with another seed; a bad seed is refused with a message', async ({ page }) => {
		const errors = collectErrors(page);
		await page.goto('/');
		await expect(page.getByTestId('status')).toContainText(/running/, { timeout: 30_000 });
		await page.getByTestId('play').click();
		await expect(page.getByTestId('status')).toContainText('paused');
		const before = await page.getByTestId('status').textContent();
		const epochOf = (s: string | null) => Number(s!.match(/epoch (\d+)/)![1]);
		await page.getByTestId('step').click();
		await expect.poll(async () => epochOf(await page.getByTestId('status').textContent())).toBe(epochOf(before) + 1);
		await page.getByTestId('seed').fill('abc');
		await expect(page.getByTestId('status')).toContainText('seed must be an integer');
		await expect(page.getByTestId('reset')).toBeDisabled();
		await page.getByTestId('seed').fill('7');
		await page.getByTestId('reset').click();
		await expect(page.getByTestId('status')).toContainText(/epoch 0 \/ 1000 · paused/);
		expect(errors).toEqual([]);
	});
});
