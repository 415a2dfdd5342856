/**
 * The claims test, as one suite over a share of the article's claims: each chosen run (claims.ts) is
 * trained here with the WebAssembly engine and its predicate asserted. The claims are split over two
 * test files (§1–§7 and §8–§11) only so that vitest trains them on two workers at once: together they
 * are the longest test of the suite (about 4 minutes of one core).
 */
import { describe, expect, it } from 'vitest';
import { CLAIMS, claimSeed, evaluateClaim, type ClaimId } from '../../../src/lib/article/claims';
import { gatherEvidence } from '../../../src/lib/article/claims-run';
import { hasSimd } from '../../../src/lib/engines/index';

/** The sections of the article's second half (Transfer, Spikes, Sparsity, More dimensions). */
export const SECOND_HALF = new Set(['transfer', 'spikes', 'sparsity', 'larger-d']);

export const claimIds = (half: 'first' | 'second') =>
	(Object.keys(CLAIMS) as ClaimId[]).filter((id) => SECOND_HALF.has(CLAIMS[id].section) === (half === 'second'));

export function claimsSuite(title: string, ids: ClaimId[]) {
	describe(title, () => {
		it('runs on the engine family the claims are made for (WebAssembly SIMD)', () => {
			expect(hasSimd(), 'this runtime has no WebAssembly SIMD: the claims were searched on the SIMD kernels').toBe(true);
		});
		it('has claims to check', () => expect(ids.length).toBeGreaterThan(0));

		for (const id of ids) {
			it(`${id}: ${CLAIMS[id].says}`, async () => {
				const seed = claimSeed(id);
				const { verdict } = evaluateClaim(id, await gatherEvidence(id, seed));
				expect(verdict.ok, `claim '${id}' (seed ${seed}) no longer holds: ${verdict.why}. Re-run npx flatland claims --search ${id}, then check the prose.`).toBe(true);
			}, 180_000);
		}
	});
}
