/**
 * The article is written in our own words: the prerendered page (build/index.html) holds no run of ten
 * consecutive words from the paper outside its reference list. The paper's text is not read here (it is
 * not part of the repository): tests/own-words/paper-shingles.txt holds only hashes of its ten-word
 * runs, made by tests/own-words/make-shingles.ts. Runs in the e2e stage because it needs the build.
 */
import { expect, test } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { pageText, shingles, SHINGLE_WORDS } from '../own-words/shingles';

const paper = new Set(
	readFileSync('tests/own-words/paper-shingles.txt', 'utf8')
		.split('\n')
		.filter((l) => /^[0-9a-f]{10}$/.test(l))
);

test('the prerendered article copies no ten-word run from the paper', () => {
	expect(paper.size).toBeGreaterThan(5000);
	expect(existsSync('build/index.html'), 'build the site first (npm run build)').toBe(true);
	const text = pageText(readFileSync('build/index.html', 'utf8'));
	const all = shingles(text);
	// The page holds the whole article's prose (not only the first screen).
	expect(all.length).toBeGreaterThan(3000);
	const copied = all.filter((s) => paper.has(s.hash)).map((s) => s.words.join(' '));
	expect(copied, `runs of ${SHINGLE_WORDS} words found in the paper`).toEqual([]);
});

test('the check finds a copied run (a sentence of the paper, hashed here, planted in a page)', () => {
	// The positive control: one sentence of the paper (its App. A.1), planted in a page with a reference
	// list, must be found (the list's text is ignored).
	const planted = pageText('<p>we can see that loss drops occur in tandem with high gradient norms for each layer</p><ol class="refs"><li>ignored</li></ol>');
	const hits = shingles(planted).filter((s) => paper.has(s.hash));
	expect(hits.length).toBeGreaterThan(0);
});
