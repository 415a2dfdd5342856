import { defineConfig } from '@playwright/test';
import base from './playwright.config';

/**
 * Soak tests (`npm run soak`, not part of `npm test`): a million steps in the page with memory
 * sampled, and eight runs at once with the main thread's long tasks observed. Their own preview
 * server on port 4175, so that they never share one with another test run.
 */
export default defineConfig({
	...base,
	testDir: 'tests/soak',
	timeout: 20 * 60_000,
	retries: 0,
	reporter: [['list']],
	projects: [{ name: 'soak', use: { ...(base.projects?.[0]?.use ?? {}) } }],
	use: { ...base.use, baseURL: 'http://127.0.0.1:4175' },
	webServer: { command: 'npx vite preview --host 127.0.0.1 --port 4175 --strictPort', url: 'http://127.0.0.1:4175', reuseExistingServer: false, timeout: 60_000 }
});
