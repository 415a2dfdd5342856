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

/** Read a number from the page's query string (?epochs=…), for quick runs; `fallback` otherwise. */
export function queryNumber(name: string, fallback: number): number {
	if (typeof location === 'undefined') return fallback;
	const v = new URLSearchParams(location.search).get(name);
	const n = v === null ? NaN : Number(v);
	return Number.isFinite(n) && n > 0 ? n : fallback;
}
