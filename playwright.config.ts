import { defineConfig, devices } from '@playwright/test';

/**
 * End-to-end tests against the built site (vite preview), in Debian's chromium (never a downloaded
 * browser). --enable-unsafe-webgpu gives SwiftShader's software WebGPU adapter on machines without a GPU.
 */
const chromiumArgs = [
	'--no-sandbox',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--enable-unsafe-webgpu'
];
// Playwright starts every browser with a fresh, temporary user-data-dir of its own.

/** E2E_PORT lets several checkouts on one machine test side by side (CI uses the default). */
const port = Number(process.env.E2E_PORT ?? 4173);

export default defineConfig({
	testDir: 'tests/e2e',
	outputDir: 'tests/output/results',
	timeout: 90_000,
	expect: { timeout: 20_000 },
	fullyParallel: false,
	workers: 1,
	retries: process.env.CI ? 1 : 0,
	reporter: [['list'], ['html', { outputFolder: 'tests/output/report', open: 'never' }]],
	use: {
		baseURL: `http://127.0.0.1:${port}`,
		trace: 'retain-on-failure',
		launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs }
	},
	projects: [
		{ name: 'desktop', use: { ...devices['Desktop Chrome'], channel: undefined } },
		{ name: 'phone', use: { ...devices['Pixel 7'], channel: undefined }, grep: /@phone/ }
	],
	webServer: {
		command: `npx vite preview --host 127.0.0.1 --port ${port} --strictPort`,
		url: `http://127.0.0.1:${port}`,
		reuseExistingServer: !process.env.CI,
		timeout: 60_000
	}
});
