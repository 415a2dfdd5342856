import { expect, test, type Page } from '@playwright/test';
import { collectErrors } from './console';

/**
 * The article at `/`, scrolled section by section at desktop and phone size (@phone): each
 * section's live figure loads when it comes near, reacts to its scroll steps (the "next step"
 * control, announced in the live region) and to its training control. Few epochs (?epochs=…):
 * this is about the page reacting, not about convergence. Screenshots of every section go to
 * tests/output/screens/.
 */
const QUICK = '/?epochs=12';

/** Scroll to the section's figure, then step back with the keyboard control to its first step. */
async function open(page: Page, id: string) {
	await page.locator(`[data-testid="scrolly-${id}"] [data-scrolly-step="0"]`).scrollIntoViewIfNeeded();
	const scrolly = page.getByTestId(`scrolly-${id}`);
	// The live figure loads as the section comes near and may grow; keep stepping back until step 0 holds.
	await expect
		.poll(
			async () => {
				const a = await scrolly.getAttribute('data-active');
				if (a !== '0') await page.getByTestId(`prev-${id}`).click();
				await page.waitForTimeout(300);
				return scrolly.getAttribute('data-active');
			},
			{ timeout: 20_000 }
		)
		.toBe('0');
}
/**
 * Press "Next step" to reach step `expected`. On a phone, a figure that grows (results arriving)
 * pushes the text down and can move the reading line to another step first; step back to
 * `expected − 1` with the same controls before pressing.
 */
async function next(page: Page, id: string, expected: number) {
	const scrolly = page.getByTestId(`scrolly-${id}`);
	for (let i = 0; i < 8; i++) {
		const a = Number(await scrolly.getAttribute('data-active'));
		if (a === expected - 1) break;
		await page.getByTestId(a > expected - 1 ? `prev-${id}` : `next-${id}`).click();
		await page.waitForTimeout(150);
	}
	await page.getByTestId(`next-${id}`).click();
	await expect(page.getByTestId(`scrolly-${id}`)).toHaveAttribute('data-active', String(expected));
	await expect(page.getByTestId(`announce-${id}`)).toContainText(`Step ${expected + 1} of`);
}
async function shot(page: Page, id: string, project: string) {
	await page.locator(`#${id}`).scrollIntoViewIfNeeded();
	await page.locator(`[data-testid="scrolly-${id}"] .graphic`).screenshot({ path: `tests/output/screens/article-${id}-${project}.png` }).catch(() => {});
	await page.screenshot({ path: `tests/output/screens/article-${id}-view-${project}.png` });
}
/** On a phone a figure's training control is folded behind a button: unfold it before using it. */
async function unfold(page: Page, id: string) {
	const toggle = page.getByTestId(`train-toggle-${id}`);
	if (await toggle.isVisible()) await toggle.click();
}
async function noOverflow(page: Page) {
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
	expect(overflow).toBeLessThanOrEqual(0);
}

test.describe('the article @phone', () => {
	test('prerendered: the text, the formulas and the contents are in the HTML before any script', async ({ request }) => {
		const html = await (await request.get('/')).text();
		for (const id of ['task', 'model', 'ideal', 'circuits', 'phases', 'hyperparameters', 'attention', 'transfer', 'spikes', 'sparsity', 'larger-d', 'meaning', 'related', 'references', 'cite'])
			expect(html).toContain(`id="${id}"`);
		expect(html).toContain('class="katex'); // KaTeX rendered at build time
		expect(html).toContain('href="#transfer"');
		expect(html).toContain('@article{odonnat2024a');
		expect(html).not.toContain('katex.mjs');
	});

	test('deep link, contents, progress; task and model sections react', async ({ page }, info) => {
		const errors = collectErrors(page);
		await page.goto(`${QUICK}#task`);
		await open(page, 'task');
		await expect(page.getByTestId('fig-task')).toBeVisible({ timeout: 30_000 });
		await expect(page.getByTestId('progress')).not.toHaveAttribute('aria-valuenow', '0');
		// Type a sentence, see its label.
		await page.getByTestId('task-input').fill('111110000000');
		await expect(page.getByTestId('task-label')).toContainText('= 1');
		await page.getByTestId('task-input').fill('111100000000');
		await expect(page.getByTestId('task-label')).toContainText('= 0');
		await next(page, 'task', 1);
		await expect(page.getByTestId('task-input')).toHaveValue('101101001101');
		await next(page, 'task', 2);
		await expect(page.getByTestId('task-counts')).toContainText('distinct sentences');
		await next(page, 'task', 3);
		await expect(page.getByTestId('task-pred')).toContainText('hero model');
		await unfold(page, 'task');
		await page.getByTestId('param-task').selectOption('3/5');
		await page.getByTestId('epochs-task').fill('3');
		await page.getByTestId('run-task').click();
		await expect(page.getByTestId('status-task')).toContainText('trained p = 3', { timeout: 30_000 });
		await expect(page.getByTestId('task-pred')).toContainText('Your model');
		await shot(page, 'task', info.project.name);

		await open(page, 'model');
		await expect(page.getByTestId('fig-model')).toBeVisible({ timeout: 30_000 });
		const panels = () => page.locator('[data-testid="fig-model"] figure[data-panel]').evaluateAll((f) => f.map((x) => x.getAttribute('data-panel')).join(','));
		await expect.poll(panels).toBe('tokens,positions');
		await next(page, 'model', 1);
		await expect.poll(panels).toBe('raw,normalized');
		await next(page, 'model', 2);
		await expect.poll(panels).toBe('attention,normalized');
		await expect(page.getByTestId('status-model')).toContainText(/epoch [1-9]/, { timeout: 30_000 });
		// Scrolling back restores the earlier state.
		await page.getByTestId('prev-model').click();
		await expect.poll(panels).toBe('raw,normalized');
		await shot(page, 'model', info.project.name);
		await noOverflow(page);
		expect(errors).toEqual([]);
	});

	test('ideal circuit: 100% by hand, perturbed by a step, trained from there', async ({ page }, info) => {
		const errors = collectErrors(page);
		await page.goto(`${QUICK}#ideal`);
		await open(page, 'ideal');
		await expect(page.getByTestId('fig-ideal')).toBeVisible({ timeout: 30_000 });
		await expect(page.getByTestId('ideal-readout')).toContainText('100.0%');
		await expect(page.getByTestId('ideal-verdict')).toHaveText('ideal');
		for (const i of [1, 2, 3]) await next(page, 'ideal', i);
		await expect(page.getByTestId('ideal-readout')).not.toContainText('100.0%');
		await unfold(page, 'ideal');
		await page.getByTestId('epochs-ideal').fill('5');
		await page.getByTestId('run-ideal').click();
		await expect(page.getByTestId('ideal-readout')).toContainText('After 5 epochs', { timeout: 30_000 });
		await next(page, 'ideal', 4);
		await expect(page.getByTestId('ideal-verdict')).toHaveText(/faulty attention/);
		await shot(page, 'ideal', info.project.name);
		expect(errors).toEqual([]);
	});

	test('circuits: a population trains by itself; the reader trains another, every run classified', async ({ page }, info) => {
		const errors = collectErrors(page);
		await page.goto(`/#circuits`);
		await open(page, 'circuits');
		await expect(page.getByTestId('fig-circuits')).toBeVisible({ timeout: 30_000 });
		// The default population starts by itself; the reader asks for four short runs instead.
		await unfold(page, 'circuits');
		await page.getByTestId('seed-circuits').fill('0');
		await page.getByTestId('param-circuits').selectOption('4');
		await page.getByTestId('epochs-circuits').fill('12');
		await page.getByTestId('run-circuits').click();
		await expect(page.getByTestId('circuits-progress')).toHaveAttribute('data-phase', 'done', { timeout: 60_000 });
		await expect(page.getByTestId('circuit-cards').locator('button')).toHaveCount(4);
		const cls = await page.getByTestId('circuit-cards').locator('button').first().getAttribute('data-class');
		expect(['ideal', 'faulty-attention-corrected-by-V', 'partial-invariants', 'fuzzy', 'failed']).toContain(cls);
		await next(page, 'circuits', 1);
		await expect(page.getByTestId('circuits-shown')).toBeVisible();
		await page.getByTestId('circuit-cards').locator('button').nth(2).click();
		await expect(page.getByTestId('circuits-shown')).toContainText('seed 2');
		await shot(page, 'circuits', info.project.name);
		expect(errors).toEqual([]);
	});

	test('phases and attention: runs train by themselves, steps seek snapshots', async ({ page }, info) => {
		const errors = collectErrors(page);
		await page.goto(`/#phases`);
		await open(page, 'phases');
		await expect(page.getByTestId('fig-phases')).toBeVisible({ timeout: 30_000 });
		await expect(page.getByTestId('fig-phases')).not.toHaveAttribute('data-drops', '-1', { timeout: 90_000 });
		await next(page, 'phases', 1);
		await unfold(page, 'phases');
		await page.getByTestId('param-phases').selectOption('0.01');
		await page.getByTestId('seed-phases').fill('4');
		await page.getByTestId('epochs-phases').fill('12');
		await page.getByTestId('run-phases').click();
		await expect(page.getByTestId('phases-sentence')).toContainText(/in 12 epochs|Drops found/, { timeout: 60_000 });
		await shot(page, 'phases', info.project.name);
		// The last step: the run's path on its loss surface (three.js loads only now).
		await next(page, 'phases', 2);
		await next(page, 'phases', 3);
		await next(page, 'phases', 4);
		await expect(page.getByTestId('phases-landscape').getByTestId('landscape-canvas')).toBeVisible({ timeout: 30_000 });
		await expect(page.getByTestId('phases-landscape').getByTestId('landscape-status')).toContainText(/\d+×\d+/, { timeout: 60_000 });
		await page.getByTestId('phases-landscape').screenshot({ path: `tests/output/screens/article-phases-landscape-${info.project.name}.png` });

		await open(page, 'attention');
		await expect(page.getByTestId('attention-sentence')).toContainText(/correlate at r = -?\d/, { timeout: 90_000 });
		await next(page, 'attention', 1);
		await next(page, 'attention', 2);
		await unfold(page, 'attention');
		await page.getByTestId('seed-attention').fill('5');
		await page.getByTestId('epochs-attention').fill('12');
		await page.getByTestId('run-attention').click();
		await expect(page.getByTestId('fig-attention')).toHaveAttribute('data-corr', /\d/, { timeout: 60_000 });
		await expect(page.getByTestId('attention-sentence')).toContainText('after 12 epochs');
		await shot(page, 'attention', info.project.name);
		expect(errors).toEqual([]);
	});

	test('hyperparameters and transfer: populations in the page', async ({ page }, info) => {
		const errors = collectErrors(page);
		await page.goto(`${QUICK}#hyperparameters`);
		await open(page, 'hyperparameters');
		await expect(page.getByTestId('fig-hyper')).toBeVisible({ timeout: 30_000 });
		await unfold(page, 'hyper');
		await page.getByTestId('hyper-seeds').selectOption('3');
		await page.getByTestId('epochs-hyper').fill('12');
		await page.getByTestId('run-hyper').click();
		await expect(page.getByTestId('hyper-progress')).toHaveAttribute('data-phase', 'done', { timeout: 60_000 });
		await expect(page.getByTestId('hyper-progress')).toHaveAttribute('data-runs-total', '21');
		await expect(page.locator('[data-testid="hyper-chart"] path[data-series^="mean"]')).toHaveAttribute('d', /M.+L/);
		await next(page, 'hyperparameters', 1);
		await next(page, 'hyperparameters', 2);
		await expect(page.getByTestId('param-hyper')).toHaveValue('mlp_lr_discount');
		await shot(page, 'hyperparameters', info.project.name);

		await open(page, 'transfer');
		await expect(page.getByTestId('fig-transfer')).toBeVisible({ timeout: 30_000 });
		await unfold(page, 'transfer');
		await page.getByTestId('param-transfer').selectOption('3');
		await page.getByTestId('epochs-transfer').fill('12');
		await page.getByTestId('run-transfer').click();
		await expect(page.getByTestId('transfer-progress')).toHaveAttribute('data-phase', 'done', { timeout: 120_000 });
		await expect(page.getByTestId('transfer-progress')).toHaveAttribute('data-runs-total', '12');
		// Step 0: the token-row norms of the pretraining; step 1: the kept row beside the fresh one.
		await expect(page.locator('[data-testid="transfer-norms"] path[data-series^="token 2"]')).toHaveAttribute('d', /M.+L/);
		await next(page, 'transfer', 1);
		await expect(page.locator('[data-testid="fig-transfer"] figure[data-panel="normalized"]')).toHaveCount(2);
		await next(page, 'transfer', 2);
		await next(page, 'transfer', 3);
		await expect(page.getByTestId('transfer-bars')).toBeVisible();
		await expect(page.locator('[data-testid="transfer-bars"] [role="img"]')).toHaveAttribute('aria-label', /fine-tuned, spare row fresh: mean \d+%.*reference mean \d+%/);
		await shot(page, 'transfer', info.project.name);
		expect(errors).toEqual([]);
	});

	test('loss spikes: curvature, a run with spikes detected, gradient norms, the A/B', async ({ page }, info) => {
		// Three trainings (the spike run, the full-batch run beside it, the A/B population): more time than one.
		test.setTimeout(240_000);
		const errors = collectErrors(page);
		await page.goto(`${QUICK}#spikes`);
		await open(page, 'spikes');
		await expect(page.getByTestId('curvature')).toBeVisible({ timeout: 30_000 });
		const far = await page.getByTestId('curv-readout').textContent();
		await page.getByTestId('curv-r').fill('-1.5');
		await expect(page.getByTestId('curv-readout')).not.toHaveText(far!);
		await next(page, 'spikes', 1);
		await expect(page.getByTestId('curv-smooth')).toBeChecked();
		await expect(page.getByTestId('curv-readout')).toContainText('smoothed');
		await next(page, 'spikes', 2);
		await unfold(page, 'spikes');
		await page.getByTestId('epochs-spikes').fill('60');
		await page.getByTestId('run-spikes').click();
		await expect(page.getByTestId('status-spikes')).toContainText(/60 epochs: \d+ spikes? found/, { timeout: 90_000 });
		await next(page, 'spikes', 3);
		await expect(page.locator('[data-testid="fig-spikes"] figure[data-panel="mlp-output"]')).toHaveCount(1);
		await next(page, 'spikes', 4);
		await expect(page.locator('[data-testid="gradnorm-chart"] path[data-series="MLP"]')).toHaveAttribute('d', /M.+L/, { timeout: 90_000 });
		await expect(page.getByTestId('gradnorm-pair')).toBeVisible();
		await shot(page, 'spikes', info.project.name);
		await next(page, 'spikes', 5);
		await unfold(page, 'ab');
		await page.getByTestId('ab-seeds').selectOption('4');
		await page.getByTestId('epochs-ab').fill('12');
		await page.getByTestId('run-ab').click();
		await expect(page.getByTestId('ab-progress')).toHaveAttribute('data-phase', 'done', { timeout: 90_000 });
		await expect(page.getByTestId('ab-table')).toContainText('smoothed (ρ = 1)');
		await expect(page.getByTestId('ab-verdict')).not.toBeEmpty();
		await expect(page.getByTestId('ab-reference')).toContainText('100 seeds');
		await page.locator('[data-testid="scrolly-spikes"] .graphic').screenshot({ path: `tests/output/screens/article-spikes-ab-${info.project.name}.png` });
		expect(errors).toEqual([]);
	});

	test('sparsity and larger d', async ({ page }, info) => {
		const errors = collectErrors(page);
		await page.goto(`${QUICK}#sparsity`);
		await open(page, 'sparsity');
		await expect(page.getByTestId('fig-sparsity')).toBeVisible({ timeout: 30_000 });
		await unfold(page, 'sparsity');
		await page.getByTestId('param-sparsity').selectOption('6');
		await page.getByTestId('epochs-sparsity').fill('12');
		await page.getByTestId('run-sparsity').click();
		await expect(page.getByTestId('sparsity-progress')).toHaveAttribute('data-phase', 'done', { timeout: 90_000 });
		// One curve per model of the page (series "_seed"), beside the reference means.
		await expect(page.locator('[data-testid="sparsity-chart"] path.line[data-series^="_"]')).toHaveCount(6);
		await expect(page.getByTestId('sparsity-reading')).toContainText('of 6 models learned');
		const colour = () => page.locator('[data-testid="sparsity-chart"] path.line[data-series^="_"]').first().getAttribute('stroke');
		const c0 = await colour();
		await next(page, 'sparsity', 1);
		await expect.poll(colour).not.toBe(c0);
		await shot(page, 'sparsity', info.project.name);

		await open(page, 'larger-d');
		await expect(page.getByTestId('status-larger-d')).toContainText(/[Ee]poch \d|Learned/, { timeout: 60_000 });
		await shot(page, 'larger-d', info.project.name);
		await next(page, 'larger-d', 1);
		await next(page, 'larger-d', 2);
		await unfold(page, 'larger-d-pop');
		await page.getByTestId('param-larger-d-pop').selectOption('2');
		await page.getByTestId('epochs-larger-d-pop').fill('12');
		await page.getByTestId('run-larger-d-pop').click();
		await expect(page.getByTestId('larger-d-progress')).toHaveAttribute('data-phase', 'done', { timeout: 120_000 });
		await expect(page.getByTestId('larger-d-progress')).toHaveAttribute('data-runs-total', '12');
		await expect(page.locator('[data-testid="larger-d-chart"] path[data-series^="success"]')).toHaveAttribute('d', /M.+L/);
		await page.locator('[data-testid="scrolly-larger-d"] .graphic').screenshot({ path: `tests/output/screens/article-larger-d-pop-${info.project.name}.png` });
		await page.locator('#cite').scrollIntoViewIfNeeded();
		await page.screenshot({ path: `tests/output/screens/article-cite-${info.project.name}.png` });
		await noOverflow(page);
		expect(errors).toEqual([]);
	});
});
