import { expect, test } from '@playwright/test';
import { collectErrors } from './console';
import { parseConfig } from '../../src/lib/core/config';

/** A results file as `flatland sweep` writes it (synthetic numbers). */
function resultsFile(spec: string, n: number): string {
	return Array.from({ length: n }, (_, i) => {
		const config = parseConfig({ seed: i, batch: 2 ** (i % 3 + 3) });
		const acc = 0.5 + 0.5 * ((i * 37) % 10) / 10;
		return JSON.stringify({ v: 1, id: `${spec}-${i}`, spec, kind: 'train', point: { batch: config.batch }, seed: i, config, final: { epoch: 1000, loss: 0.2, acc, test_loss: 0.2, test_acc: acc }, best_test_acc: acc, curve: { every: 10, epoch: [1000], test_acc: [acc], loss: [0.2] }, spikes: 0, engine: 'wasm', seconds: 1 });
	}).join('\n') + '\n';
}

test('lab: runs a tiny spec in workers, plots it, links runs to the sandbox, loads dropped and chosen results files', async ({ page }) => {
	const errors = collectErrors(page);
	await page.goto('/lab');
	await expect(page.getByRole('heading', { name: 'Lab' })).toBeVisible();
	await expect(page.locator('main[data-ready="yes"]')).toBeVisible();
	await expect(page.getByTestId('spec-check')).toContainText('4 runs, 5 epochs each');
	await page.getByTestId('run').click();
	await expect(page.getByTestId('lab-status')).toContainText(/done: 4 runs/, { timeout: 60_000 });
	const dots = page.locator('[data-testid="lab-figure"] circle[data-id]');
	await expect(dots).toHaveCount(4);
	await expect(page.locator('[data-testid="lab-figure"] path[data-role="band"]')).toHaveCount(1);
	const href = await page.locator('[data-testid="lab-figure"] a').first().getAttribute('href');
	expect(href).toMatch(/\/sandbox\?(.*&)?seed=\d/);
	expect(href).toMatch(/epochs=5/);
	await expect(page.getByTestId('lab-table').first()).toContainText('0.003');

	// Drop a results file on the page.
	const dt = await page.evaluateHandle((text) => {
		const d = new DataTransfer();
		d.items.add(new File([text], 'dropped.jsonl', { type: 'text/plain' }));
		return d;
	}, resultsFile('dropped', 6));
	await page.getByTestId('dropzone').dispatchEvent('drop', { dataTransfer: dt });
	await expect(page.getByTestId('load-message').first()).toContainText('dropped.jsonl: 6 runs');
	await expect(dots).toHaveCount(10);

	// The same through the file input (keyboard users), with a cut-off last line.
	await page.getByTestId('file-input').setInputFiles({ name: 'chosen.jsonl', mimeType: 'text/plain', buffer: Buffer.from(resultsFile('chosen', 3) + '{"v":1,"id":"cut') });
	await expect(page.getByTestId('load-message').nth(1)).toContainText('chosen.jsonl: 3 runs; a cut-off last line dropped');
	await expect(dots).toHaveCount(13);

	// A bad spec is refused with the field named, and cannot be run.
	await page.getByTestId('spec-text').fill('{"seeds": [0], "grid": {"lr": [-1]}}');
	await expect(page.getByTestId('spec-check')).toContainText('grid.lr.0');
	await expect(page.getByTestId('run')).toBeDisabled();
	expect(errors).toEqual([]);
});
