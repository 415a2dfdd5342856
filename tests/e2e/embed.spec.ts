import { expect, test } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectErrors } from './console';

const WIDGETS = ['sandbox', 'landscape', 'tokens', 'positions', 'raw', 'normalized', 'attention', 'value', 'sequence', 'levels', 'mlp-input', 'receptors', 'assemblers', 'mlp-output', 'output-levels', 'simplex', 'loss', 'accuracy'];

/** A tiny server on another origin (127.0.0.2, or another port) that serves one page. */
async function secondOrigin(html: string): Promise<{ url: string; server: Server }> {
	const server = createServer((req, res) => {
		res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
		res.end(html);
	});
	for (const host of ['127.0.0.2', '127.0.0.1']) {
		try {
			await new Promise<void>((resolve, reject) => {
				server.once('error', reject);
				server.listen(0, host, () => resolve());
			});
			const { port } = server.address() as AddressInfo;
			return { url: `http://${host}:${port}/`, server };
		} catch {
			/* try the next host */
		}
	}
	throw new Error('could not start the second-origin server');
}

test.describe('every widget at /embed/<widget> @phone', () => {
	test('each renders non-empty with a text alternative and no console error', async ({ page }, info) => {
		test.setTimeout(150_000);
		const errors = collectErrors(page);
		for (const id of WIDGETS) {
			await page.goto(`/embed/${id}?seed=1&epoch=${id === 'landscape' ? 4 : 2}`);
			if (id === 'landscape') {
				await expect(page.getByTestId('landscape-status')).toContainText('grid', { timeout: 60_000 });
				await expect(page.getByTestId('landscape-canvas')).toBeVisible();
				const nonBlank = await page.getByTestId('landscape-canvas').evaluate((c: HTMLCanvasElement) => {
					const gl = c.getContext('webgl2') ?? c.getContext('webgl');
					if (!gl) return false;
					const px = new Uint8Array(4 * 64 * 64);
					gl.readPixels(Math.floor(c.width / 2) - 32, Math.floor(c.height / 2) - 32, 64, 64, gl.RGBA, gl.UNSIGNED_BYTE, px);
					const first = px.slice(0, 4).join();
					for (let i = 4; i < px.length; i += 4) if (px.slice(i, i + 4).join() !== first) return true;
					return false;
				});
				expect(nonBlank, 'the landscape draws something').toBe(true);
				await expect(page.getByTestId('alt-landscape')).toContainText(/training loss from [\d.e-]+ to/);
			} else {
				const fig = page.locator('figure[data-panel]').first();
				await expect(fig).toBeVisible();
				await expect(fig.locator('svg')).toHaveAttribute('aria-label', /epoch 2/, { timeout: 30_000 });
				const marks = await fig.locator('svg').evaluate((s) => s.querySelectorAll('path, circle, rect, line, image').length);
				if (id === 'attention') await expect(fig.locator('image[href^="data:image/png"]')).toHaveCount(1);
				else expect(marks, id).toBeGreaterThan(3);
			}
			if (id === 'sandbox' || id === 'levels' || id === 'landscape')
				await page.screenshot({ path: `tests/output/screens/embed-${id}-${info.project.name}.png`, fullPage: id !== 'sandbox' });
			const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
			expect(overflow, `${id} fits the width`).toBeLessThanOrEqual(0);
		}
		expect(errors).toEqual([]);
	});
});

test.describe('embedding from another origin', () => {
	test('an iframe on a second origin shows the widget and speaks the postMessage API', async ({ page, baseURL }) => {
		const src = `${baseURL}/embed/sequence?seed=3&play=0`;
		const html = `<!doctype html><title>host</title><iframe id="f" src="${src}" width="480" height="520"></iframe>
<script>
window.msgs = [];
addEventListener('message', (e) => { if (e.source === document.getElementById('f').contentWindow) window.msgs.push(e.data); });
window.send = (m) => document.getElementById('f').contentWindow.postMessage(m, '*');
</script>`;
		const { url, server } = await secondOrigin(html);
		try {
			const errors = collectErrors(page);
			await page.goto(url);
			expect(new URL(url).origin).not.toBe(new URL(baseURL!).origin);
			const frame = page.frameLocator('#f');
			await expect(frame.locator('figure[data-panel="sequence"] path.probe').first()).toBeAttached({ timeout: 30_000 });
			const msgs = () => page.evaluate(() => (window as unknown as { msgs: { type: string; epoch?: number; command?: string }[] }).msgs);
			await expect.poll(async () => (await msgs()).some((m) => m.type === 'ready')).toBe(true);
			// Commands: play, then pause; epochs and losses arrive.
			await page.evaluate(() => (window as unknown as { send(m: unknown): void }).send({ flatland: 1, type: 'play' }));
			await expect.poll(async () => (await msgs()).filter((m) => m.type === 'epoch').length, { timeout: 30_000 }).toBeGreaterThan(3);
			await page.evaluate(() => (window as unknown as { send(m: unknown): void }).send({ flatland: 1, type: 'pause' }));
			const all = await msgs();
			expect(all.some((m) => m.type === 'ack' && m.command === 'play')).toBe(true);
			const loss = all.find((m) => m.type === 'loss') as unknown as { loss: number; test_loss: number };
			expect(loss.loss).toBeGreaterThan(0);
			expect(Number.isFinite(loss.test_loss)).toBe(true);
			// seek selects a past snapshot and reports it.
			await page.evaluate(() => (window as unknown as { send(m: unknown): void }).send({ flatland: 1, type: 'seek', epoch: 1 }));
			await expect.poll(async () => (await msgs()).some((m) => m.type === 'selected' && m.epoch === 1)).toBe(true);
			await expect(frame.getByTestId('scrub-epoch')).toHaveText('1');
			// Undocumented shapes are ignored: no answer.
			const acks = (await msgs()).filter((m) => m.type === 'ack').length;
			await page.evaluate(() => {
				const s = (window as unknown as { send(m: unknown): void }).send;
				s({ flatland: 1, type: 'seek', epoch: -3 });
				s({ flatland: 1, type: 'play', extra: true });
				s({ type: 'pause' });
				s('play');
			});
			await page.waitForTimeout(300);
			expect((await msgs()).filter((m) => m.type === 'ack').length).toBe(acks);
			expect(errors).toEqual([]);
		} finally {
			server.close();
		}
	});

	test('custom elements from one script on a second origin', async ({ page, baseURL }) => {
		const html = `<!doctype html><title>host</title>
<script type="module" src="${baseURL}/elements/flatland.js"></script>
<flatland-tokens seed="2" play="0"></flatland-tokens>
<flatland-sequence seed="2" epoch="3" p="3"></flatland-sequence>
<flatland-loss seed="nope" play="0"></flatland-loss>`;
		const { url, server } = await secondOrigin(html);
		try {
			const errors = collectErrors(page);
			await page.goto(url);
			await expect(page.locator('flatland-tokens figure[data-panel="tokens"] svg circle').first()).toBeAttached({ timeout: 30_000 });
			await expect(page.locator('flatland-sequence figure[data-panel="sequence"] svg')).toHaveAttribute('aria-label', /epoch 3/, { timeout: 30_000 });
			// p = 3: 15 prefixes × 4 suffixes.
			await expect(page.locator('flatland-sequence path.probe')).toHaveCount(60);
			await expect(page.locator('flatland-loss [role="alert"]')).toContainText('seed');
			expect(errors).toEqual([]);
		} finally {
			server.close();
		}
	});

	test('bad URL values name the field and fall back to defaults', async ({ page }) => {
		const errors = collectErrors(page);
		await page.goto('/embed/tokens?p=99&seed=abc&hl=9999&play=0');
		const alert = page.getByTestId('url-problems');
		await expect(alert).toContainText('p = ');
		await expect(alert).toContainText('seed = ');
		await expect(alert).toContainText('hl = ');
		await expect(page.locator('figure[data-panel="tokens"] svg circle')).toHaveCount(3); // defaults: nb_emb = 3
		expect(errors).toEqual([]);
	});
});
