/**
 * The site around the article: one header on every page with links between them, a skip link,
 * bare embeds, and /embed/<unknown id> that explains itself.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { WIDGET_IDS } from '../../src/lib/widgets/ids';
import { collectErrors } from './console';

const PAGES = [
	{ path: '/', nav: null, title: /Flatland — watch/ },
	{ path: '/sandbox', nav: 'sandbox', title: /sandbox/ },
	{ path: '/gallery', nav: 'gallery', title: /gallery/ },
	{ path: '/lab', nav: 'lab', title: /lab/ }
];

test.describe('site header @phone', () => {
	for (const p of PAGES) {
		test(`${p.path}: one header, links to every other page, the current one marked`, async ({ page }) => {
			const errors = collectErrors(page);
			await page.goto(`${p.path}?play=0`);
			await expect(page.getByTestId('site-header')).toHaveCount(1);
			const header = page.getByTestId('site-header');
			await expect(header.getByRole('link', { name: 'Flatland' })).toHaveAttribute('href', /^(\.\/?|\.\.\/?|\/)$/);
			for (const n of ['sandbox', 'gallery', 'lab']) {
				const link = header.getByTestId(`nav-${n}`);
				await expect(link).toBeVisible();
				if (n === p.nav) await expect(link).toHaveAttribute('aria-current', 'page');
				else await expect(link).not.toHaveAttribute('aria-current', 'page');
			}
			// The header lies inside the viewport, whatever its width.
			const box = await header.boundingBox();
			const vw = page.viewportSize()!.width;
			expect(box!.x).toBeGreaterThanOrEqual(0);
			expect(box!.x + box!.width).toBeLessThanOrEqual(vw + 0.5);
			expect(errors).toEqual([]);
		});
	}

	test('the links lead where they say', async ({ page }) => {
		await page.goto('/sandbox?play=0');
		await page.getByTestId('site-header').getByTestId('nav-lab').click();
		await expect(page).toHaveURL(/\/lab$/);
		await expect(page.getByRole('heading', { name: 'Lab', level: 1 })).toBeVisible();
		await page.getByTestId('site-header').getByTestId('nav-gallery').click();
		await expect(page).toHaveURL(/\/gallery$/);
		await expect(page.getByRole('heading', { name: 'Widget gallery', level: 1 })).toBeVisible();
		await page.getByTestId('site-header').getByRole('link', { name: 'Flatland' }).click();
		await expect(page.getByRole('heading', { name: 'Flatland', level: 1 })).toBeVisible();
		await page.getByTestId('site-header').getByTestId('nav-sandbox').click();
		await expect(page.getByRole('heading', { name: 'The sandbox', level: 1 })).toBeVisible();
	});

	test('the first Tab reaches a skip link that jumps to the main content', async ({ page }) => {
		for (const [path, target] of [['/', 'top'], ['/sandbox', 'content'], ['/lab', 'content']] as const) {
			await page.goto(`${path}?play=0`);
			await page.keyboard.press('Tab');
			const skip = page.getByTestId('skip-link');
			await expect(skip).toBeFocused();
			await expect(skip).toBeInViewport();
			await expect(skip).toHaveAttribute('href', `#${target}`);
			await page.keyboard.press('Enter');
			await expect(page).toHaveURL(new RegExp(`#${target}$`));
			await expect(page.locator(`main#${target}`)).toHaveCount(1);
		}
	});

	test('embeds stay bare: no header', async ({ page }) => {
		await page.goto('/embed/loss?play=0');
		await expect(page.getByTestId('curve-loss')).toBeVisible();
		await expect(page.getByTestId('site-header')).toHaveCount(0);
	});
});

test.describe('/embed/<unknown id> @phone', () => {
	const expectListing = async (page: import('@playwright/test').Page, asked: string) => {
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(`No widget called “${asked}”`);
		const links = page.getByTestId('widget-ids').getByRole('link');
		await expect(links).toHaveCount(WIDGET_IDS.length);
		expect(await links.allTextContents()).toEqual(WIDGET_IDS);
		await expect(page.getByTestId('site-header')).toHaveCount(0);
	};

	test('served by the site: a 404 that lists every widget id, each a link to its embed', async ({ page }) => {
		const res = await page.goto('/embed/nope?seed=1');
		expect(res!.status()).toBe(404);
		await expectListing(page, 'nope');
		await page.getByTestId('widget-ids').getByRole('link', { name: 'levels', exact: true }).click();
		await expect(page).toHaveURL(/\/embed\/levels$/);
		await expect(page.locator('figure[data-panel="levels"]')).toBeVisible();
	});

	test('on a static host: the prerendered 404.html fallback renders the same listing', async ({ page }) => {
		// A static host answers a path with no file with build/404.html (status 404).
		const fallback = readFileSync('build/404.html', 'utf8');
		await page.route('**/embed/not-a-widget', (r) => r.fulfill({ status: 404, contentType: 'text/html', body: fallback }));
		const errors = collectErrors(page);
		await page.goto('/embed/not-a-widget');
		await expectListing(page, 'not-a-widget');
		expect(errors.filter((e) => !e.includes('404'))).toEqual([]);
	});
});
