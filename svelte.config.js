import adapter from '@sveltejs/adapter-static';

/**
 * The whole site prerenders to static files; set BASE_PATH=/sub/dir to host it below a sub-path.
 * 404.html is the fallback a static host serves for paths with no file: the client router renders
 * the error pages there (/embed/<unknown id> lists the widget ids).
 */
const base = process.env.BASE_PATH ?? '';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	kit: {
		adapter: adapter({ pages: 'build', assets: 'build', fallback: '404.html', strict: true }),
		paths: { base, relative: true },
		prerender: { handleHttpError: 'fail' },
		// A Content-Security-Policy in every prerendered page (as a <meta> tag with hashes of the inline
		// bootstrap script): our own scripts, workers and WebAssembly, nothing from elsewhere, no eval.
		// Styles allow 'unsafe-inline' because D3 and Svelte set style attributes. frame-ancestors is not
		// settable from a <meta> tag, and embeds must work from any origin anyway.
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self', 'wasm-unsafe-eval'],
				'worker-src': ['self', 'blob:'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'media-src': ['self', 'blob:'],
				'font-src': ['self', 'data:'],
				'connect-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self']
			}
		}
	}
};

export default config;
