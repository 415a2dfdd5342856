// Test-harness pages (see vite.harness.js): prerendered only in the end-to-end tests' build
// (npm run build:e2e) and served by `vite dev`; in the site a user deploys they are a 404.
import { error } from '@sveltejs/kit';

export const prerender = import.meta.env.VITE_FLATLAND_HARNESS === '1';

export function load() {
	if (!prerender && !import.meta.env.DEV) error(404, 'Not found');
}
