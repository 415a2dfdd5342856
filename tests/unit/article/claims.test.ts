/**
 * Every claim the article makes about its default runs holds (the suite: helpers/claims-suite.ts).
 * This file: §1–§7, and that a predicate can fail; claims-second-half.test.ts: §8–§11. Runs are
 * deterministic per (config, seed, engine family); the claims are made for the SIMD family, which the
 * page's workers run too.
 */
import { describe, expect, it } from 'vitest';
import { CLAIMS, evaluateClaim } from '../../../src/lib/article/claims';
import { gatherEvidence } from '../../../src/lib/article/claims-run';
import { claimIds, claimsSuite } from '../helpers/claims-suite';

claimsSuite('the article’s claims about its chosen runs, §1–§7', claimIds('first'));

describe('the claims table', () => {
	it('every claim falls in one of the two halves', () => {
		expect(claimIds('first').length + claimIds('second').length).toBe(Object.keys(CLAIMS).length);
		expect(claimIds('second').length).toBeGreaterThan(0);
	});

	it('a predicate can fail: the hero claim rejects a run that stays at chance', async () => {
		// Seed 1 at the defaults ends near 49 % (the failing hero).
		const { verdict } = evaluateClaim('hero', await gatherEvidence('hero', 1));
		expect(verdict.ok).toBe(false);
	}, 120_000);
});
