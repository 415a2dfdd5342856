/** Collect console errors and page errors of a page, to assert there are none. */
import type { Page } from '@playwright/test';

export function collectErrors(page: Page): string[] {
	const errors: string[] = [];
	page.on('console', (m) => {
		if (m.type() === 'error') errors.push(m.text());
	});
	page.on('pageerror', (e) => errors.push(String(e)));
	return errors;
}
