/**
 * The custom-elements bundle: one ES module, static/elements/flatland.js (served as /elements/flatland.js),
 * holding every widget as a custom element (src/lib/elements). Runs before the site build, which copies static/.
 */
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const lib = fileURLToPath(new URL('./src/lib', import.meta.url));

export default defineConfig({
	plugins: [
		svelte({
			configFile: false,
			emitCss: false,
			// Components mount into the element itself (no shadow root), their CSS injected into the page.
			compilerOptions: { css: 'injected' }
		})
	],
	resolve: { alias: { $lib: lib } },
	// The workers are inlined as blobs (they start from any origin): a blob cannot import chunks beside it,
	// so each worker is one file, its engines' dynamic imports included.
	worker: { format: 'es', rollupOptions: { output: { inlineDynamicImports: true } } },
	build: {
		outDir: 'static/elements',
		emptyOutDir: true,
		copyPublicDir: false,
		assetsInlineLimit: 1_000_000,
		lib: { entry: 'src/lib/elements/index.ts', formats: ['es'], fileName: () => 'flatland.js' }
	}
});
