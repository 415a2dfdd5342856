// Adam (PyTorch's form), one step on a model's parameters, with its own learning rate for the MLP.

import { H_ADAMT, H_LR, H_LRMLP, H_M, H_PARAMS, H_POWT, H_V, hf, hi, hp, hset } from './header';
import { at, w32 } from './memory';
import { adamEps, beta1, beta1d, beta2, beta2d, grad, nParams, oW1 } from './shapes';
import { add, div, fma, hsum, lanes, ld, mul, splat, st, sub, vsqrt } from './vec';

/** One Adam step (PyTorch's form) on the context's parameters; false if a parameter is not finite. */
export function adam<T>(ctx: usize): bool {
	const W = lanes<T>();
	const t = hi(ctx, H_ADAMT) + 1;
	hset(ctx, H_ADAMT, t);
	// β^t by one multiplication per step (pow only after a resume), as 1 − β^t in float64 like PyTorch.
	let b1t: f64, b2t: f64;
	if (hi(ctx, H_POWT) == t - 1 && t > 1) {
		b1t = load<f64>(ctx + 112) * beta1d;
		b2t = load<f64>(ctx + 120) * beta2d;
	} else {
		b1t = Math.pow(beta1d, <f64>t);
		b2t = Math.pow(beta2d, <f64>t);
	}
	store<f64>(ctx + 112, b1t);
	store<f64>(ctx + 120, b2t);
	hset(ctx, H_POWT, t);
	const bc1 = 1 - b1t;
	const sbc2 = <f32>Math.sqrt(1 - b2t);
	const w = hp(ctx, H_PARAMS), m = hp(ctx, H_M), v = hp(ctx, H_V);
	let bad = splat<T>(0); // w·0 is NaN exactly where w is not finite
	for (let seg = 0; seg < 2; seg++) {
		const from = seg == 0 ? 0 : oW1;
		const to = seg == 0 ? oW1 : nParams;
		const lr: f32 = <f32>(<f64>hf(ctx, seg == 0 ? H_LR : H_LRMLP) / bc1);
		let i = from;
		for (; i + W <= to; i += W) {
			const g = ld<T>(at(grad, i));
			const mi = fma<T>(splat<T>(beta1), ld<T>(at(m, i)), mul<T>(splat<T>(1 - beta1), g));
			const vi = fma<T>(splat<T>(beta2), ld<T>(at(v, i)), mul<T>(mul<T>(splat<T>(1 - beta2), g), g));
			const den = add<T>(div<T>(vsqrt<T>(vi), splat<T>(sbc2)), splat<T>(adamEps));
			const wi = sub<T>(ld<T>(at(w, i)), mul<T>(splat<T>(lr), div<T>(mi, den)));
			st<T>(at(m, i), mi);
			st<T>(at(v, i), vi);
			st<T>(at(w, i), wi);
			bad = fma<T>(wi, splat<T>(0), bad);
		}
		for (; i < to; i++) {
			const g = w32(grad, i);
			const mi = beta1 * w32(m, i) + (1 - beta1) * g;
			const vi = beta2 * w32(v, i) + (1 - beta2) * g * g;
			const wi = w32(w, i) - lr * (mi / (Mathf.sqrt(vi) / sbc2 + adamEps));
			store<f32>(at(m, i), mi);
			store<f32>(at(v, i), vi);
			store<f32>(at(w, i), wi);
			bad = add<T>(bad, splat<T>(wi * 0));
		}
	}
	const b = hsum<T>(bad);
	return b == b;
}
