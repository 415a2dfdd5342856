// The counter-based shuffle of src/lib/core/rng.ts, bit for bit (u32 arithmetic wraps like
// Math.imul and >>> do in JavaScript), so that a WebAssembly run visits the batches of a
// TypeScript run in the same order.

const STREAM_SHUFFLE: u32 = 10;

/** Chris Wellons' triple32 (a bijection on u32). */
export function mix32(x: u32): u32 {
	x ^= x >>> 17;
	x *= 0xed5ad4bb;
	x ^= x >>> 11;
	x *= 0xac4c1b51;
	x ^= x >>> 15;
	x *= 0x31848bab;
	x ^= x >>> 14;
	return x;
}

export function streamKey(seed: u32, stream: u32): u32 {
	return mix32(seed ^ mix32(stream + 0x9e3779b9));
}

export function draw32(key: u32, counter: u32): u32 {
	return mix32(key ^ mix32(counter));
}

export function epochKey(seed: u32, epoch: u32): u32 {
	return draw32(streamKey(seed, STREAM_SHUFFLE), epoch);
}

/**
 * out[i] = FeistelPermutation(n, epochKey(seed, epoch)).at(i) for i < n (i32 each).
 * The round function only depends on (round, right half), and the right half has at most 2^8
 * values for n ≤ 65536: tabulating the 6 × 2^half round values first makes each of the n
 * evaluations a few table look-ups instead of a dozen hashes. `table` holds 6·2^half u32.
 */
export function feistelOrder(n: i32, seed: u32, epoch: u32, out: usize, table: usize): void {
	const key = epochKey(seed, epoch);
	let bits = 2;
	while (1 << bits < n) bits += 2;
	const half = bits >> 1;
	const size = 1 << half;
	const mask: u32 = <u32>size - 1;
	for (let k = 0; k < 6; k++)
		for (let r = 0; r < size; r++) store<u32>(table + ((<usize>(k * size + r)) << 2), draw32(key, (<u32>k << 16) | <u32>r) & mask);
	for (let i = 0; i < n; i++) {
		let x = <u32>i;
		do {
			let l = x >>> half;
			let r = x & mask;
			for (let k = 0; k < 6; k++) {
				const f = load<u32>(table + ((<usize>(k * size + <i32>r)) << 2));
				const t = r;
				r = l ^ f;
				l = t;
			}
			x = (l << half) | r;
		} while (x >= <u32>n);
		store<i32>(out + ((<usize>i) << 2), <i32>x);
	}
}
