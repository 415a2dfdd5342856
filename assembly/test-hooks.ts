// The kernels with the tests' hooks (the test build, assembly/build.js: {simd,scalar}-test.wasm):
// everything the production entry exports, plus the shuffle, the hashes and the lane-wise math on
// their own, so that tests compare them with core/rng.ts and core/math.ts.
export * from './index';
export { mix32, epochKey as epoch_key } from './rng';

import { at } from './memory';
import { feistelOrder } from './rng';
import { feistel, tmp } from './shapes';
import { ld, lanes, st, vexp, vgelu, vlog } from './vec';

/** The order of one epoch, for tests of the shuffle. */
export function epoch_order(n: i32, seed: u32, epoch: u32, out: usize): void {
	feistelOrder(n, seed, epoch, out, feistel);
}

/** Lane-wise math on an array in place (for accuracy tests): 0 exp, 1 log, 2 gelu, 3 gelu'. */
export function math_test(kind: i32, ptr: usize, n: i32): void {
	if (ASC_FEATURE_SIMD) mathTest<v128>(kind, ptr, n);
	else mathTest<f32>(kind, ptr, n);
}

function mathTest<T>(kind: i32, ptr: usize, n: i32): void {
	const W = lanes<T>();
	for (let i = 0; i + W <= n; i += W) {
		const x = ld<T>(at(ptr, i));
		let y: T;
		if (kind == 0) y = vexp<T>(x);
		else if (kind == 1) y = vlog<T>(x);
		else {
			y = vgelu<T>(x, tmp);
			if (kind == 3) y = ld<T>(tmp);
		}
		st<T>(at(ptr, i), y);
	}
}
