/**
 * The sandbox for a newcomer: controls and the timeline stay on screen over every panel, loss and
 * accuracy are large, accuracy shows chance, the landscape computes by itself with axes and a colour
 * bar, and /embed/landscape?epoch=N is computed through epoch N. The panels carry their keys.
 */
import { expect, test } from '@playwright/test';
import { collectErrors } from './console';

test.describe('sandbox @phone', () => {
	test('the controls and the timeline stay on screen while the reader looks at any panel', async ({ page }) => {
		const errors = collectErrors(page);
		await page.goto('/sandbox?seed=1');
		const bar = page.getByTestId('sandbox-bar');
		await expect(page.getByTestId('scrubber')).toBeVisible();
		const vh = page.viewportSize()!.height;
		for (const id of ['tokens', 'attention', 'simplex', 'assemblers']) {
			await page.locator(`figure[data-panel="${id}"]`).scrollIntoViewIfNeeded();
			await expect(bar).toBeInViewport({ ratio: 1 });
			await expect(page.getByTestId('play')).toBeInViewport();
			const box = (await bar.boundingBox())!;
			// Under the site header, and leaving most of the screen to the panels.
			expect(box.y).toBeGreaterThanOrEqual(30);
			expect(box.height).toBeLessThan(vh * 0.3);
		}
		// The scrubber is wide: most of the bar.
		const scrub = (await page.getByTestId('scrubber').boundingBox())!;
		const barBox = (await bar.boundingBox())!;
		expect(scrub.width).toBeGreaterThan(barBox.width * 0.35);
		expect(errors).toEqual([]);
	});

	test('loss and accuracy are large; accuracy shows the chance level', async ({ page }) => {
		await page.goto('/sandbox?seed=1');
		const frame = (await page.getByTestId('frame').boundingBox())!;
		for (const id of ['curve-loss', 'curve-acc']) {
			const b = (await page.getByTestId(id).first().boundingBox())!;
			expect(b.width).toBeGreaterThan(Math.min(frame.width * 0.45, 560));
		}
		await expect(page.getByTestId('frame').getByTestId('chance-line')).toHaveCount(1);
		await expect(page.locator('[data-panel="accuracy"]')).toContainText('chance');
	});

	test('the landscape computes by itself, with axes and a colour bar', async ({ page }) => {
		test.setTimeout(120_000);
		const errors = collectErrors(page);
		await page.goto('/sandbox?seed=1&epochs=60');
		await page.locator('figure[data-panel="landscape"]').scrollIntoViewIfNeeded();
		await expect(page.getByTestId('landscape-status')).toContainText(/grid/, { timeout: 90_000 });
		await expect(page.getByTestId('landscape-legend')).toContainText('training loss');
		await expect(page.locator('figure[data-panel="landscape"] .l3.name')).toHaveCount(3);
		await expect(page.locator('figure[data-panel="landscape"] .l3.tick')).toHaveCount(9);
		expect(errors).toEqual([]);
	});
});

test.describe('panels carry their keys', () => {
	test('embedding panels: circles and squares, colours, ticks; the attention map has a colour bar', async ({ page }) => {
		await page.goto('/embed/sandbox?seed=1&play=0');
		await expect(page.locator('figure[data-panel="raw"] svg [data-cell]').first()).toBeAttached({ timeout: 30_000 });
		for (const id of ['tokens', 'positions', 'raw', 'normalized', 'value', 'sequence', 'levels', 'mlp-input', 'mlp-output', 'output-levels'])
			await expect(page.getByTestId(`legend-${id}`), id).toBeVisible();
		await expect(page.getByTestId('legend-positions')).toContainText('prefix position');
		await expect(page.getByTestId('legend-positions')).toContainText('spurious position');
		await expect(page.getByTestId('legend-raw')).toContainText('token 0');
		await expect(page.getByTestId('legend-tokens')).toContainText('spare');
		// Ticks with values on both axes of a plane panel.
		expect(await page.locator('figure[data-panel="raw"] .ticks .tick text').count()).toBeGreaterThanOrEqual(4);
		await expect(page.getByTestId('attention-colorbar')).toBeAttached();
		await expect(page.getByTestId('legend-receptors')).toContainText('unit');
	});

	test('the hero: the spare token does not set the scale; position labels never overprint', async ({ page }) => {
		await page.goto('/');
		const svg = page.getByTestId('hero').getByTestId('embeddings');
		await expect(svg.locator('circle').first()).toBeAttached({ timeout: 30_000 });
		await page.waitForTimeout(3000);
		const boxes = await svg.locator('text.tlabel').evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => [r.left, r.top, r.right, r.bottom]));
		for (let i = 0; i < boxes.length; i++)
			for (let j = i + 1; j < boxes.length; j++) {
				const [a, b] = [boxes[i], boxes[j]];
				expect(a[0] < b[2] - 0.5 && a[2] > b[0] + 0.5 && a[1] < b[3] - 0.5 && a[3] > b[1] + 0.5, 'two position labels overlap').toBe(false);
			}
		// The framed points (used tokens and positions) span a good part of the view.
		const spread = await svg.evaluate((el) => {
			const pts = [...el.querySelectorAll('.pos, circle.tok:not(.spare)')].map((e) => e.getBoundingClientRect());
			const xs = pts.map((r) => (r.left + r.right) / 2);
			const ys = pts.map((r) => (r.top + r.bottom) / 2);
			const w = el.getBoundingClientRect().width;
			return Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys)) / w;
		});
		expect(spread).toBeGreaterThan(0.3);
	});
});

test('/embed/landscape?epoch=N computes the landscape through epoch N', async ({ page }) => {
	test.setTimeout(120_000);
	const errors = collectErrors(page);
	await page.goto('/embed/landscape?seed=1&epoch=40');
	await expect(page.getByTestId('landscape-status')).toContainText(/grid/, { timeout: 90_000 });
	await expect(page.getByTestId('alt-landscape')).toContainText(/epochs 0 to 40\)/);
	expect(errors).toEqual([]);
});
