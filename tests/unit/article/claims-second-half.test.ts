/** The article's claims about its chosen runs in §8–§11 (Transfer, Spikes, Sparsity, More dimensions); §1–§7: claims.test.ts. */
import { claimIds, claimsSuite } from '../helpers/claims-suite';

claimsSuite('the article’s claims about its chosen runs, §8–§11', claimIds('second'));
