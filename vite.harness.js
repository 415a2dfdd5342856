/**
 * The test-harness pages under src/routes/dev/ (/dev/faults sets window.flatlandFaults, /dev/webgpu sets
 * window.flatlandWebgpu) belong to the end-to-end tests' build only: `npm run build:e2e`
 * (VITE_FLATLAND_HARNESS=1), which `npm test` runs. In the site a user deploys (`npm run build`) this
 * plugin replaces each of those pages by an empty component, so that none of their code is bundled,
 * and src/routes/dev/+layout.ts neither prerenders them nor lets them load (404). `vite dev` keeps them.
 * (Plain JavaScript, so that vite.config.ts imports it by its file name.)
 */

export const HARNESS_ENV = 'VITE_FLATLAND_HARNESS';

/** Whether this build carries the harness pages. @param {Record<string, string | undefined>} env */
export const harnessWanted = (env = process.env) => env[HARNESS_ENV] === '1';

const HARNESS_PAGE = /[\\/]src[\\/]routes[\\/]dev[\\/].*\+page\.svelte$/;
export const EMPTY_PAGE = '<!-- test-harness page: built only by `npm run build:e2e` (vite.harness.js) -->\n';

/** @param {boolean} enabled @returns {import('vite').Plugin} */
export function harnessPages(enabled) {
	return {
		name: 'flatland-harness-pages',
		apply: 'build',
		enforce: 'pre',
		/** @param {string} id */
		load(id) {
			if (!enabled && HARNESS_PAGE.test(id.split('?')[0])) return EMPTY_PAGE;
		}
	};
}
