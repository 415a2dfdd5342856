// Evaluation: loss and accuracy on the full train and test sets, one forward pass per distinct
// sequence of train ∪ test weighted by how often it occurs in each.

import { forwardGroup } from './forward';
import { H_ECTE, H_ECTR, H_EX, H_EXB, H_EY, H_NEVAL, H_NTEST, H_NTRAIN, H_PARAMS, hi, hp } from './header';
import { at, vat } from './memory';
import { evalOut, nbEmb, sLOGIT, sY } from './shapes';
import { buildTables, fillLanes } from './tables';
import { fma, hsum, lanes, ld, selEq, selGt, splat, vmax } from './vec';

/** Loss and accuracy on the full train and test sets into evalOut (4 f64). */
export function evaluate<T>(ctx: usize): void {
	const W = lanes<T>();
	const w = hp(ctx, H_PARAMS);
	const X = hp(ctx, H_EX), Y = hp(ctx, H_EY), cTr = hp(ctx, H_ECTR), cTe = hp(ctx, H_ECTE);
	const n = hi(ctx, H_NEVAL);
	buildTables(w);
	let lTr = splat<T>(0), lTe = splat<T>(0), aTr = splat<T>(0), aTe = splat<T>(0);
	for (let first = 0; first < n; first += W) {
		fillLanes<T>(X, Y, hp(ctx, H_EXB), 0, first, n - first, false);
		const loss = forwardGroup<T>(w, false);
		// argmax, the first maximum winning (as torch.argmax).
		let best = ld<T>(sLOGIT);
		let arg = splat<T>(0);
		for (let k = 1; k < nbEmb; k++) {
			const l = ld<T>(vat(sLOGIT, k));
			arg = selGt<T>(l, best, splat<T>(<f32>k), arg);
			best = vmax<T>(best, l);
		}
		const ok = selEq<T>(arg, ld<T>(sY), splat<T>(1), splat<T>(0));
		const ctr = ld<T>(at(cTr, first)), cte = ld<T>(at(cTe, first));
		lTr = fma<T>(ctr, loss, lTr);
		lTe = fma<T>(cte, loss, lTe);
		aTr = fma<T>(ctr, ok, aTr);
		aTe = fma<T>(cte, ok, aTe);
	}
	const nTr = <f64>hi(ctx, H_NTRAIN), nTe = <f64>hi(ctx, H_NTEST);
	store<f64>(evalOut, <f64>hsum<T>(lTr) / nTr);
	store<f64>(evalOut + 8, <f64>hsum<T>(aTr) / nTr);
	store<f64>(evalOut + 16, <f64>hsum<T>(lTe) / nTe);
	store<f64>(evalOut + 24, <f64>hsum<T>(aTe) / nTe);
}
