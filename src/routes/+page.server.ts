// Build time only: the article's formulas are rendered by KaTeX while the page prerenders, so the
// reader's browser gets finished HTML and never downloads KaTeX's code.
import { renderFormulas } from '$lib/article/katex-render';

export const prerender = true;

export function load() {
	return { math: renderFormulas() };
}
