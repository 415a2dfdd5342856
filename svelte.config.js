import adapter from '@sveltejs/adapter-static';

/** The whole site prerenders to static files; set BASE_PATH=/sub/dir to host it below a sub-path. */
const base = process.env.BASE_PATH ?? '';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	kit: {
		adapter: adapter({ pages: 'build', assets: 'build', fallback: undefined, strict: true }),
		paths: { base, relative: true },
		prerender: { handleHttpError: 'fail' }
	}
};

export default config;
