import { expect, test } from '@playwright/test';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectErrors } from './console';
import { gotoHarness } from './harness';

/**
 * The WebGPU engine's fixture parity in headless chromium (SwiftShader's software adapter without a
 * GPU; needs --enable-unsafe-webgpu, set in playwright.config.ts). Needs only `page` and a baseURL.
 */
const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.json'));

test.describe('WebGPU engine in the browser', () => {
	test('parity on every fixture in tests/fixtures', async ({ page }) => {
		test.setTimeout(120_000);
		const errors = collectErrors(page);
		await gotoHarness(page, '/dev/webgpu');
		await expect(page.getByTestId('webgpu-status')).toHaveText('ready');
		const reason = await page.evaluate(() => (window as unknown as { flatlandWebgpu: { unavailable(): Promise<string | null> } }).flatlandWebgpu.unavailable());
		test.skip(reason !== null, `no WebGPU in this browser: ${reason}`);
		expect(fixtures.length).toBeGreaterThanOrEqual(6);
		for (const f of fixtures) {
			const json = JSON.parse(readFileSync(join(dir, f), 'utf8'));
			const report = await page.evaluate(
				([fx, name]) => (window as unknown as { flatlandWebgpu: { parity(j: unknown, n: string): Promise<{ max_grad_err: number; max_traj_err: number; pass: boolean }> } }).flatlandWebgpu.parity(fx, name),
				[json, f] as const
			);
			expect(report.max_grad_err, `${f} gradients`).toBeLessThan(1e-4);
			expect(report.max_traj_err, `${f} trajectory`).toBeLessThan(1e-3);
			expect(report.pass, f).toBe(true);
			await expect(page.getByTestId('webgpu-status')).toHaveText(`${f}: pass`);
		}
		expect(errors).toEqual([]);
	});
});
