/** Build-time only (imported from +page.server.ts): every formula of math.ts rendered by KaTeX. */
import katex from 'katex';
import { DISPLAY, FORMULAS, type FormulaName } from './math';

export function renderFormulas(): Record<FormulaName, string> {
	const out = {} as Record<FormulaName, string>;
	for (const [name, tex] of Object.entries(FORMULAS) as [FormulaName, string][])
		out[name] = katex.renderToString(tex, { displayMode: DISPLAY.has(name), throwOnError: true, output: 'html', strict: 'ignore' });
	return out;
}
