/**
 * Ten-word shingles, hashed: how the article is checked for runs of words copied from the paper
 * without keeping the paper's text in the repository. Text is lower-cased and split into words of
 * letters and digits; words that are only digits are dropped (the paper's extracted text is sprinkled
 * with line numbers, and a figure like "2048" carries no wording). Each run of ten consecutive words
 * is hashed (cyrb53, kept to 40 bits: with ~10^4 paper shingles and ~10^5 article shingles a false
 * match has a probability near 10^-3).
 */
import { hash53 } from '../../src/lib/experiments/spec';

export const SHINGLE_WORDS = 10;

export function words(text: string): string[] {
	return text
		.toLowerCase()
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.split(/[^a-z0-9]+/)
		.filter((w) => w && !/^\d+$/.test(w));
}

/** The 40-bit hash of one shingle, as 10 hex digits. */
export function shingleHash(ws: string[]): string {
	return (hash53(ws.join(' ')) % 2 ** 40).toString(16).padStart(10, '0');
}

/** Every ten-word run of `text`, with its hash. */
export function shingles(text: string): { hash: string; words: string[] }[] {
	const w = words(text);
	const out: { hash: string; words: string[] }[] = [];
	for (let i = 0; i + SHINGLE_WORDS <= w.length; i++) {
		const run = w.slice(i, i + SHINGLE_WORDS);
		out.push({ hash: shingleHash(run), words: run });
	}
	return out;
}

/** The visible text of an HTML page: scripts, styles and the reference list (`<ol class="refs">`) removed, tags dropped, entities decoded. */
export function pageText(html: string): string {
	return html
		.replace(/<script[\s\S]*?<\/script>/gi, ' ')
		.replace(/<style[\s\S]*?<\/style>/gi, ' ')
		.replace(/<ol class="refs[^"]*"[\s\S]*?<\/ol>/gi, ' ')
		.replace(/<[^>]+>/g, ' ')
		.replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n)))
		.replace(/&#x([0-9a-f]+);/gi, (_, n) => String.fromCodePoint(parseInt(n, 16)))
		.replace(/&(amp|lt|gt|quot|apos|nbsp);/g, (_, e) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' })[e as string]!);
}
