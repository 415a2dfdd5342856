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
	await page.getByTestId('spec-select').selectOption('tiny');
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

test('lab for a newcomer: opens on a small preset with a time estimate, counts runs as they finish, explains its columns', async ({ page }) => {
	test.setTimeout(180_000);
	const errors = collectErrors(page);
	await page.goto('/lab');
	await expect(page.locator('main[data-ready="yes"]')).toBeVisible();
	// The preset: 16 seeds of the default model, explained, with an estimate measured on this machine.
	await expect(page.getByTestId('spec-select')).toHaveValue('seeds');
	await expect(page.getByTestId('spec-check')).toContainText('16 runs, 200 epochs each');
	await expect(page.getByTestId('spec-estimate')).toContainText(/Time here: about \d+ (s|min)|under a second/, { timeout: 30_000 });
	const said = (await page.getByTestId('spec-estimate').textContent())!;
	const m = said.match(/about (\d+) (s|min)/);
	const estimate = m ? Number(m[1]) * (m[2] === 'min' ? 60 : 1) : 0.5;
	// Every ready spec shows its own estimate in the list.
	for (const o of await page.getByTestId('spec-select').locator('option').allTextContents()) expect(o).toMatch(/ — (about \d|under a second)/);
	// Run it: the counter goes up one run at a time, not all at once at the end.
	const t0 = Date.now();
	await page.getByTestId('run').click();
	const seen = new Set<number>();
	await expect
		.poll(
			async () => {
				const t = await page.getByTestId('run-counter').locator('output').textContent().catch(() => null);
				if (t !== null) seen.add(Number(t));
				return (await page.getByTestId('lab-status').textContent()) ?? '';
			},
			{ timeout: 150_000, intervals: [100] }
		)
		.toMatch(/done: 16 runs/);
	const secs = (Date.now() - t0) / 1000;
	console.log(`seeds preset: estimated ${estimate} s, took ${secs.toFixed(1)} s; counts seen ${[...seen].sort((a, b) => a - b).join(' ')}`);
	expect([...seen].filter((n) => n > 0 && n < 16).length, 'intermediate counts').toBeGreaterThanOrEqual(2);
	await expect(page.getByTestId('run-counter')).toContainText('16 of 16 runs finished');
	// The estimate is of the right order (the machine is shared: a wide band).
	expect(secs).toBeLessThan(Math.max(10, estimate * 6));
	// The table and its columns explained.
	await expect(page.getByTestId('lab-table')).toContainText('(none)');
	await expect(page.getByTestId('lab-columns')).toContainText('success');
	await expect(page.getByTestId('lab-columns')).toContainText('standard deviation');
	expect(errors).toEqual([]);
});

test('lab: the form edits the same spec as the JSON', async ({ page }) => {
	await page.goto('/lab');
	await expect(page.locator('main[data-ready="yes"]')).toBeVisible();
	await page.getByTestId('spec-select').selectOption('tiny');
	// Vary h beside lr; the JSON and the run count follow.
	await page.getByTestId('grid-add').selectOption('h');
	await page.getByTestId('grid-h').fill('8, 16, 32');
	await page.getByTestId('grid-h').blur();
	await expect(page.getByTestId('spec-check')).toContainText('12 runs, 5 epochs each');
	const spec = JSON.parse(await page.getByTestId('spec-text').inputValue());
	expect(spec.grid.h).toEqual([8, 16, 32]);
	expect(spec.grid.lr).toEqual([0.003, 0.01]);
	// Seeds as a range, epochs in the base.
	await page.getByTestId('form-seeds').fill('0-4');
	await page.getByTestId('form-seeds').blur();
	await page.getByTestId('base-epochs').fill('7');
	await page.getByTestId('base-epochs').blur();
	await expect(page.getByTestId('spec-check')).toContainText('30 runs, 7 epochs each');
	// And the JSON drives the form: a bad value in the form is named by the spec check.
	await page.getByTestId('grid-h').fill('8, big');
	await page.getByTestId('grid-h').blur();
	await expect(page.getByTestId('spec-check')).toContainText('grid.h');
	await expect(page.getByTestId('run')).toBeDisabled();
	// A spec with several grids is edited in the JSON.
	await page.getByTestId('spec-select').selectOption('fig6');
	await expect(page.getByTestId('spec-form')).toContainText('several grids');
	await expect(page.getByTestId('form-seeds')).toBeDisabled();
});
