import { expect, test } from '@playwright/test';
import { collectErrors } from './console';

/**
 * A newcomer's vocabulary and the model's block diagram (§2): every dotted term shows its definition on
 * hover, on keyboard focus and on a tap, Escape hides it, the definition is the term's accessible
 * description and stays inside the viewport; every term's link lands on a glossary entry; the diagram's
 * blocks and section links are keyboard-reachable links to places that exist, in a row on a desktop
 * and a column on a phone. Screenshots go to tests/output/screens/.
 */
const QUICK = '/?epochs=12';

test.describe('glossary and model diagram @phone', () => {
	test('every term links to a glossary entry and is described by its definition', async ({ page }) => {
		const errors = collectErrors(page);
		await page.goto(QUICK);
		const terms = page.locator('a.term');
		const n = await terms.count();
		expect(n).toBeGreaterThanOrEqual(12);
		const ids = new Set<string>();
		for (let i = 0; i < n; i++) {
			const t = terms.nth(i);
			const href = (await t.getAttribute('href'))!;
			expect(href).toMatch(/^#glossary-/);
			await expect(page.locator(href)).toHaveCount(1);
			const tip = (await t.getAttribute('aria-describedby'))!;
			expect(ids.has(tip), `tooltip id ${tip} used twice`).toBe(false);
			ids.add(tip);
			await expect(page.locator(`[id="${tip}"]`)).toHaveAttribute('role', 'tooltip');
			// The description read to a screen reader is the glossary's definition.
			const k = href.slice('#glossary-'.length);
			const def = (await page.locator(`${href} dd`).textContent())!.trim();
			await expect(t).toHaveAccessibleDescription(new RegExp(def.slice(0, 30).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
			expect(k.length).toBeGreaterThan(0);
		}
		expect(errors).toEqual([]);
	});

	test('focus shows a definition, Escape hides it, hover shows it again', async ({ page, isMobile }) => {
		test.skip(isMobile, 'keyboard and hover: desktop');
		await page.goto(QUICK);
		const term = page.locator('#model a.term').first();
		await term.scrollIntoViewIfNeeded();
		const tip = page.locator(`[id="${await term.getAttribute('aria-describedby')}"]`);
		await expect(tip).toBeHidden();
		await term.focus();
		await expect(tip).toBeVisible();
		await page.keyboard.press('Escape');
		await expect(tip).toBeHidden();
		await term.blur();
		await page.mouse.move(0, 0);
		await term.hover();
		await expect(tip).toBeVisible();
		await page.screenshot({ path: 'tests/output/screens/glossary-tip-desktop.png' });
		await page.mouse.move(0, 0);
		await expect(tip).toBeHidden();
	});

	test('a tap shows the definition inside the viewport without leaving the page position', async ({ page, isMobile }) => {
		test.skip(!isMobile, 'touch: phone');
		await page.goto(QUICK);
		// The term closest to the right edge is the one most likely to push its box off screen.
		const terms = page.locator('a.term');
		let pick = 0;
		let best = -1;
		for (let i = 0; i < (await terms.count()); i++) {
			await terms.nth(i).scrollIntoViewIfNeeded();
			const b = (await terms.nth(i).boundingBox())!;
			if (b.x > best) [best, pick] = [b.x, i];
		}
		const term = terms.nth(pick);
		await term.scrollIntoViewIfNeeded();
		const tip = page.locator(`[id="${await term.getAttribute('aria-describedby')}"]`);
		await term.tap();
		await expect(tip).toBeVisible();
		expect(new URL(page.url()).hash).toBe('');
		const box = (await tip.boundingBox())!;
		const vw = page.viewportSize()!.width;
		expect(box.x).toBeGreaterThanOrEqual(0);
		expect(box.x + box.width).toBeLessThanOrEqual(vw);
		await page.screenshot({ path: 'tests/output/screens/glossary-tip-phone.png' });
		// A second tap follows the link to the glossary.
		await term.tap();
		await expect.poll(() => new URL(page.url()).hash).toMatch(/^#glossary-/);
	});

	test('the model diagram: links to the figure steps and sections, reachable by keyboard', async ({ page, isMobile }) => {
		await page.goto(QUICK);
		const shown = page.getByTestId(isMobile ? 'model-diagram-column' : 'model-diagram-row');
		await expect(shown).toBeVisible();
		await expect(page.getByTestId(isMobile ? 'model-diagram-row' : 'model-diagram-column')).toBeHidden();
		await shown.scrollIntoViewIfNeeded();
		await page.locator('#figure-model-diagram').screenshot({ path: `tests/output/screens/model-diagram-${isMobile ? 'phone' : 'desktop'}.png` });
		const links = shown.locator('a');
		const n = await links.count();
		expect(n).toBeGreaterThanOrEqual(14);
		for (let i = 0; i < n; i++) {
			const href = (await links.nth(i).getAttribute('href'))!;
			await expect(page.locator(href), href).toHaveCount(1);
			expect(await links.nth(i).getAttribute('aria-label')).toBeTruthy();
		}
		// Keyboard: focus the first block, Tab moves to the next link of the diagram.
		await links.first().focus();
		await expect(links.first()).toBeFocused();
		await page.keyboard.press('Tab');
		await expect(links.nth(1)).toBeFocused();
		// Following a block lands on its step of §2's figure.
		await links.nth(2).press('Enter');
		await expect.poll(() => new URL(page.url()).hash).toBe((await links.nth(2).getAttribute('href'))!);
		// No horizontal overflow from the diagram.
		const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
		expect(overflow).toBeLessThanOrEqual(0);
	});
});
