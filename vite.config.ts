import { availableParallelism } from 'node:os';
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
		pool: 'forks',
		// One fork per core (vitest's default leaves one core free: on a 2-core CI machine that ran the
		// files one at a time, 158 s here against 101 s with both cores).
		maxWorkers: availableParallelism()
	}
});
