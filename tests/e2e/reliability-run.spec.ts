/**
 * The breaks of issue 16 in the page, each reproduced as the issue found it: two training loops
 * from quick clicks, keys or postMessage; Save stuck after a run past its epochs; article URL
 * parameters that threw; one bad IndexedDB record that hid every saved run; silent widgets (a
 * worker blocked by the host page's CSP). And random command sequences — clicks, keys, postMessage,
 * waits — against a real embedded run, checking its invariants.
 */
import { expect, test, type Page } from '@playwright/test';
import fc from 'fast-check';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectErrors } from './console';

async function serve(html: string): Promise<{ url: string; server: Server }> {
	const server = createServer((_req, res) => {
		res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
		res.end(html);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
	return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

const epochOf = async (page: Page) => Number(((await page.getByTestId('status').textContent()) ?? '').match(/epoch (\d+)/)?.[1] ?? -1);

/** A host page framing one embed, recording every message from it. */
function host(src: string) {
	return `<!doctype html><title>host</title><iframe id="f" src="${src}" width="480" height="520"></iframe>
<script>
window.msgs = [];
addEventListener('message', (e) => { if (e.source === document.getElementById('f').contentWindow) window.msgs.push(e.data); });
window.send = (m) => document.getElementById('f').contentWindow.postMessage(m, '*');
</script>`;
}

test.describe('one training loop', () => {
	test('{play}{pause} ×20 then {play} by postMessage ends at exactly the run\'s epochs', async ({ page, baseURL }) => {
		const { url, server } = await serve(host(`${baseURL}/embed/loss?seed=2&epochs=200&play=0`));
		try {
			const errors = collectErrors(page);
			await page.goto(url);
			await expect.poll(() => page.evaluate(() => (window as unknown as { msgs: { type: string }[] }).msgs.some((m) => m.type === 'ready')), { timeout: 30_000 }).toBe(true);
			await page.evaluate(() => {
				const send = (window as unknown as { send(m: unknown): void }).send;
				for (let i = 0; i < 20; i++) {
					send({ flatland: 1, type: 'play' });
					send({ flatland: 1, type: 'pause' });
				}
				send({ flatland: 1, type: 'play' });
			});
			const frame = page.frameLocator('#f');
			const seen = () => page.evaluate(() => (window as unknown as { msgs: { type: string; epoch?: number }[] }).msgs.filter((m) => m.type === 'epoch').map((m) => m.epoch!));
			await expect.poll(async () => Math.max(0, ...(await seen())), { timeout: 90_000 }).toBeGreaterThanOrEqual(200);
			await page.waitForTimeout(1000); // a second loop would go on past the end
			const epochs = await seen();
			expect(Math.max(...epochs)).toBe(200); // was 216–219
			await expect(frame.getByTestId('widget-status')).toContainText(/^Done · /);
			expect(epochs).toEqual([...epochs].sort((a, b) => a - b)); // never backwards
			await expect(frame.getByTestId('scrub-epoch')).toHaveText('200');
			expect(errors).toEqual([]);
		} finally {
			server.close();
		}
	});

	test('five quick clicks on Play, and Enter ×5 on it, end at "epoch 150 / 150 · done"; Save then works', async ({ page }) => {
		const errors = collectErrors(page);
		await page.goto('/sandbox?seed=2&epochs=150&play=0');
		await expect(page.getByTestId('status')).toContainText('epoch 0 / 150 · paused', { timeout: 30_000 });
		const play = page.getByTestId('play');
		// Five clicks in one task, as quick hands on a slow machine deliver them.
		await play.evaluate((b: HTMLButtonElement) => {
			for (let i = 0; i < 5; i++) b.click();
		});
		await page.waitForTimeout(300);
		await play.focus();
		for (let i = 0; i < 5; i++) await page.keyboard.press('Enter', { delay: 0 });
		// Whatever state the toggles left, one more Play finishes the run.
		if (!/Pause/.test((await play.textContent()) ?? '')) await play.click();
		await expect.poll(() => epochOf(page), { timeout: 90_000 }).toBeGreaterThanOrEqual(150);
		await page.waitForTimeout(1000);
		expect(await epochOf(page)).toBe(150); // was "epoch 151 / 150 · done"
		await expect(page.getByTestId('status')).toContainText('epoch 150 / 150 · done');
		await page.getByTestId('save-run').click();
		await expect(page.getByTestId('saved-note')).toContainText('Saved “seed 2, p = 2, epoch 150”');
		for (const id of ['save-run', 'export-run', 'import-run', 'load-run']) await expect(page.getByTestId(id).first()).toBeEnabled();
		await page.getByTestId('delete-run').first().click();
		await expect(page.getByTestId('saved-empty')).toBeVisible();
		expect(errors).toEqual([]);
	});
});

test.describe('storage record by record', () => {
	test('a malformed IndexedDB record is named and the other saved runs are listed and loadable', async ({ page }) => {
		const errors = collectErrors(page);
		await page.goto('/sandbox?seed=5&epoch=4&play=0');
		await expect(page.getByTestId('status')).toContainText('epoch 4 /', { timeout: 30_000 });
		await page.getByTestId('save-run').click();
		await expect(page.getByTestId('saved-entry')).toHaveCount(1);
		await page.evaluate(
			() =>
				new Promise<void>((resolve, reject) => {
					const r = indexedDB.open('flatland', 1);
					r.onsuccess = () => {
						const tx = r.result.transaction('runs', 'readwrite');
						tx.objectStore('runs').add({ name: 'x' });
						tx.oncomplete = () => (r.result.close(), resolve());
						tx.onerror = () => reject(tx.error);
					};
					r.onerror = () => reject(r.error);
				})
		);
		await page.goto('/sandbox?seed=9&play=0');
		await expect(page.getByTestId('saved-entry')).toHaveCount(1);
		await expect(page.getByTestId('saved-bad')).toContainText('1 saved run could not be read');
		await expect(page.getByTestId('saved-bad-entry')).toContainText('x');
		await expect(page.getByTestId('saved-bad-entry')).toContainText('has no config');
		await page.getByTestId('load-run').click();
		await expect(page.getByTestId('status')).toContainText('epoch 4 / 1000 · paused');
		await page.getByTestId('saved-bad-entry').getByRole('button', { name: 'Delete' }).click();
		await expect(page.getByTestId('saved-bad')).toHaveCount(0);
		await page.getByTestId('delete-run').click();
		await expect(page.getByTestId('saved-empty')).toContainText('No saved runs in this browser yet.');
		expect(errors).toEqual([]);
	});
});

test.describe('URL parameters', () => {
	test('/?epochs=0.5 names the value once and every section trains with its own epochs (no uncaught ConfigError)', async ({ page }) => {
		test.setTimeout(150_000);
		const errors = collectErrors(page);
		await page.goto('/?epochs=0.5&theme=neon');
		const notice = page.getByTestId('url-problems').first();
		await expect(notice).toContainText('epochs = 0.5: must be an integer');
		await expect(notice).toContainText(`theme = "neon": must be 'dark' or 'light'`);
		// Walk the whole article, as a reader scrolling, so that every section starts its run.
		const height = await page.evaluate(() => document.documentElement.scrollHeight);
		for (let y = 0; y < height; y += 700) {
			await page.evaluate((y) => window.scrollTo(0, y), y);
			await page.waitForTimeout(150);
		}
		await page.waitForTimeout(2000);
		expect(errors.filter((e) => /ConfigError|epochs = 0\.5/.test(e))).toEqual([]);
	});
});

test.describe('widgets explain themselves', () => {
	test('a custom element whose worker the host page\'s CSP blocks says so, and what to do', async ({ page, baseURL }) => {
		const html = `<!doctype html><meta http-equiv="Content-Security-Policy" content="worker-src 'none'"><title>strict host</title>
<script type="module" src="${baseURL}/elements/flatland.js"></script>
<flatland-loss seed="2" epochs="50"></flatland-loss>`;
		const { url, server } = await serve(html);
		try {
			await page.goto(url);
			const status = page.locator('flatland-loss [data-testid="widget-status"]');
			await expect(status).toContainText("Cannot train: this page's Content-Security-Policy blocks the training worker", { timeout: 30_000 });
			await expect(status).toContainText('worker-src blob:');
			await expect(status).toHaveAttribute('data-kind', 'blocked');
		} finally {
			server.close();
		}
	});

	test('an embedded panel says when it is done, and that a run stalled at chance stalled', async ({ page }) => {
		await page.goto('/embed/accuracy?seed=2&epochs=30&p=2');
		const status = page.getByTestId('widget-status');
		await expect(status).toContainText(/^Done · (stalled at chance after 30 epochs|learned|ended at)/, { timeout: 60_000 });
		const kind = await status.getAttribute('data-kind');
		if (kind === 'stalled') await expect(status).toContainText('Try another seed or a larger learning rate');
	});
});

type Cmd = { c: 'click' | 'enter' | 'step' | 'msg-play' | 'msg-pause' | 'latest' } | { c: 'msg-seek'; at: number } | { c: 'wait'; ms: number };
const cmd: fc.Arbitrary<Cmd> = fc.oneof(
	fc.constantFrom<Cmd>({ c: 'click' }, { c: 'enter' }, { c: 'step' }, { c: 'msg-play' }, { c: 'msg-pause' }, { c: 'latest' }),
	fc.integer({ min: 0, max: 40 }).map((at) => ({ c: 'msg-seek' as const, at })),
	fc.constantFrom(0, 5, 30, 120).map((ms) => ({ c: 'wait' as const, ms }))
);

test.describe('random command sequences in the page', () => {
	test('clicks, keys, postMessage and waits: one loop, epoch ≤ epochs, monotone epochs, controls usable afterwards', async ({ page, baseURL }) => {
		test.setTimeout(240_000);
		const errors = collectErrors(page);
		const epochs = 40;
		const { url, server } = await serve(host(`${baseURL}/embed/loss?seed=3&epochs=${epochs}&play=0`));
		try {
			const samples = fc.sample(fc.array(cmd, { minLength: 5, maxLength: 30 }), { numRuns: 8, seed: 16 });
			for (const cmds of samples) {
				await page.goto(url);
				await expect.poll(() => page.evaluate(() => (window as unknown as { msgs: { type: string }[] }).msgs.some((m) => m.type === 'ready')), { timeout: 30_000 }).toBe(true);
				const frame = page.frameLocator('#f');
				const play = frame.getByTestId('play');
				const step = frame.getByTestId('step');
				for (const k of cmds) {
					if (k.c === 'click') await play.click({ timeout: 500 }).catch(() => {}); // a disabled button is not clicked
					else if (k.c === 'enter') await play.press('Enter', { timeout: 500 }).catch(() => {});
					else if (k.c === 'step') await step.click({ timeout: 500 }).catch(() => {});
					else if (k.c === 'latest') await frame.getByRole('button', { name: /latest/i }).click({ timeout: 500 }).catch(() => {});
					else if (k.c === 'wait') await page.waitForTimeout(k.ms);
					else
						await page.evaluate((m) => (window as unknown as { send(m: unknown): void }).send(m), k.c === 'msg-seek' ? { flatland: 1, type: 'seek', epoch: k.at } : { flatland: 1, type: k.c === 'msg-play' ? 'play' : 'pause' });
				}
				// Let it come to rest (pause), then check.
				await page.evaluate(() => (window as unknown as { send(m: unknown): void }).send({ flatland: 1, type: 'pause' }));
				await page.waitForTimeout(400);
				const seen = await page.evaluate(() => (window as unknown as { msgs: { type: string; epoch?: number }[] }).msgs.filter((m) => m.type === 'epoch').map((m) => m.epoch!));
				expect(seen.every((e) => e <= epochs), `epochs seen ${seen.join(',')}`).toBe(true);
				expect(seen).toEqual([...seen].sort((a, b) => a - b));
				const text = (await frame.getByTestId('widget-status').textContent()) ?? '';
				expect(text, JSON.stringify(cmds)).toMatch(/^(Paused at epoch \d+ \/ 40|Done · )/);
				if (text.startsWith('Paused')) {
					await expect(play).toBeEnabled();
					await expect(step).toBeEnabled();
					await play.click();
				} else await expect(play).toBeDisabled();
				await expect(frame.getByTestId('widget-status')).toContainText(/^Done · /, { timeout: 60_000 });
				const last = await page.evaluate(() => (window as unknown as { msgs: { type: string; epoch?: number }[] }).msgs.filter((m) => m.type === 'epoch').at(-1)?.epoch);
				expect(last).toBe(epochs);
			}
			expect(errors).toEqual([]);
		} finally {
			server.close();
		}
	});
});
