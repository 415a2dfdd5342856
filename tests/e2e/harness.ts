import type { Page } from '@playwright/test';

/**
 * Opens a test-harness page (/dev/faults, /dev/webgpu). They exist only in the end-to-end tests' build
 * (`npm run build:e2e`, which `npm test` runs; see vite.harness.js): against the site a user deploys
 * (`npm run build`) this fails at once, saying so, instead of waiting for a page that is not there.
 */
export async function gotoHarness(page: Page, path: '/dev/faults' | '/dev/webgpu'): Promise<void> {
	const res = await page.goto(path);
	if (!res || res.status() !== 200)
		throw new Error(`${path} answered ${res?.status() ?? 'nothing'}: the test-harness pages are only in the end-to-end build (run \`npm run build:e2e\`, not \`npm run build\`)`);
}
