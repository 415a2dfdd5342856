import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { harnessPages, harnessWanted } from './vite.harness.js';

export default defineConfig({
	plugins: [harnessPages(harnessWanted()), sveltekit()],
	worker: { format: 'es' },
	test: {
		include: ['tests/unit/**/*.test.ts'],
		environment: 'node',
		testTimeout: 60_000,
		pool: 'forks'
	}
});
