/** What the article's components share through Svelte context: the rendered formulas. */
import { getContext, setContext } from 'svelte';
import type { FormulaName } from './math';

const KEY = Symbol('flatland-article');

export interface ArticleContext {
	math: Partial<Record<FormulaName, string>>;
}

export const setArticle = (c: ArticleContext) => setContext(KEY, c);
export const getArticle = (): ArticleContext => getContext<ArticleContext>(KEY) ?? { math: {} };
