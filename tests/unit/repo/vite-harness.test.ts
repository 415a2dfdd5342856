/** The site a user deploys leaves out the test-harness pages (vite.harness.js); the e2e build keeps them. */
import { describe, expect, it } from 'vitest';
import { EMPTY_PAGE, harnessPages, harnessWanted } from '../../../vite.harness.js';

const load = (enabled: boolean, id: string) => (harnessPages(enabled).load as (id: string) => string | undefined)(id);

describe('harness pages', () => {
	it('are emptied in the default build, kept in the e2e build, and nothing else is touched', () => {
		for (const page of ['/repo/src/routes/dev/faults/+page.svelte', '/repo/src/routes/dev/webgpu/+page.svelte?svelte&type=style']) {
			expect(load(false, page)).toBe(EMPTY_PAGE);
			expect(load(true, page)).toBeUndefined();
		}
		for (const other of ['/repo/src/routes/sandbox/+page.svelte', '/repo/src/lib/dev/+page.svelte', '/repo/src/routes/dev/+layout.ts'])
			expect(load(false, other)).toBeUndefined();
		expect(harnessPages(false).apply).toBe('build'); // vite dev serves them
	});

	it('are wanted only with VITE_FLATLAND_HARNESS=1 (npm run build:e2e)', () => {
		expect(harnessWanted({})).toBe(false);
		expect(harnessWanted({ VITE_FLATLAND_HARNESS: '0' })).toBe(false);
		expect(harnessWanted({ VITE_FLATLAND_HARNESS: '1' })).toBe(true);
	});
});
