import { articleParam } from '$lib/stores/urlstate';

/**
 * Svelte actions over IntersectionObserver: `near` reports whether an element is within a margin of
 * the viewport (sections load their live parts then, and pause when the reader has moved on).
 */
export function near(node: Element, opts: { margin?: string; onchange: (near: boolean) => void }) {
	if (typeof IntersectionObserver !== 'function') {
		opts.onchange(true);
		return {};
	}
	const io = new IntersectionObserver((entries) => {
		for (const e of entries) opts.onchange(e.isIntersecting);
	}, { rootMargin: opts.margin ?? '800px 0px 800px 0px' });
	io.observe(node);
	return { destroy: () => io.disconnect() };
}

/** Whether the reader asked for reduced motion: transitions become cuts, nothing plays by itself. */
export function reducedMotion(): boolean {
	return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/**
 * A number from the page's query string (?epochs=…, for quick runs), validated by the config's
 * schema (stores/urlstate.ts `articleParam`); `fallback` when absent or bad — a bad value is named
 * in the article's notice (`articleUrlProblems`).
 */
export const queryNumber = (name: 'epochs', fallback: number): number => articleParam(name, fallback);
