import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/lib/core/config';
import { rec } from '../helpers/records';

describe('lab links', async () => {
	const { sandboxHref } = await import('../../../src/lib/experiments/lab');
	const { readState } = await import('../../../src/lib/stores/urlstate');
	it('replay a run in the sandbox: config fields as query parameters, seed always there', () => {
		const r = rec('z0', { lr: 0.01 }, 0.5, { config: parseConfig({ lr: 0.01, batch: 8, seed: 0 }) });
		const href = sandboxHref(r, '/base');
		expect(href).toBe('/base/sandbox?lr=0.01&batch=8&seed=0');
		expect(readState(href.split('?')[1]).config).toEqual(r.config);
	});
});
