/**
 * Counter-based random numbers: every draw is a pure function of (seed, stream, counter).
 *
 * Why counter-based: the same draw must come out of the TypeScript reference, the WebAssembly
 * kernel and a WGSL shader, in any order and in parallel. A sequential generator would force
 * every engine to replay the same sequence; a hash of the counter does not. Only 32-bit integer
 * multiply, xor and shift are used, which all three languages have.
 *
 * The mixer is Chris Wellons' `triple32` (a bijection on u32 with very low bias). A stream key is
 * hash(seed, stream id); a draw is hash(key ^ hash(counter)).
 */

/** Bijective 32-bit integer hash ("triple32", bias ≈ 0.021). */
export function mix32(x: number): number {
	x = x >>> 0;
	x ^= x >>> 17;
	x = Math.imul(x, 0xed5ad4bb);
	x ^= x >>> 11;
	x = Math.imul(x, 0xac4c1b51);
	x ^= x >>> 15;
	x = Math.imul(x, 0x31848bab);
	x ^= x >>> 14;
	return x >>> 0;
}

/** Named streams, so that adding draws to one never shifts another. */
export const STREAM = {
	data: 1,
	E: 2,
	P: 3,
	q: 4,
	V: 5,
	W1: 6,
	b1: 7,
	W2: 8,
	b2: 9,
	shuffle: 10,
	probe: 11
} as const;
export type StreamName = keyof typeof STREAM;

/** The key of one stream of one seed. */
export function streamKey(seed: number, stream: number): number {
	return mix32((seed >>> 0) ^ mix32((stream + 0x9e3779b9) >>> 0));
}

/** The counter-th 32-bit draw of a stream. */
export function draw32(key: number, counter: number): number {
	return mix32((key ^ mix32(counter >>> 0)) >>> 0);
}

/** Uniform in [0, 1) with 24 bits, exactly representable in float32. */
export function uniform(key: number, counter: number): number {
	return (draw32(key, counter) >>> 8) * (1 / 16777216);
}

/** Integer uniform in [0, m) for m ≤ 256: the top 24 bits scaled (bias < 2^-16). */
export function below(key: number, counter: number, m: number): number {
	return ((draw32(key, counter) >>> 8) * m) >>> 24;
}

/** Standard normal by Box–Muller from draws 2c and 2c+1 (one normal per counter, for simplicity). */
export function normal(key: number, counter: number): number {
	const u1 = 1 - uniform(key, 2 * counter); // in (0, 1]: log is finite
	const u2 = uniform(key, 2 * counter + 1);
	return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/**
 * A random permutation of [0, n) that can be evaluated at any index independently: a balanced
 * Feistel network on the smallest even number of bits covering n, with cycle walking to stay
 * below n. This is how every engine orders an epoch's batches: `permute(i)` is the i-th sample.
 * Six rounds; the round function is the stream hash of (round, half).
 */
export class FeistelPermutation {
	readonly half: number;
	readonly mask: number;
	constructor(
		readonly n: number,
		readonly key: number
	) {
		let bits = 2;
		while (1 << bits < n) bits += 2; // at most 4n values: cycle walking takes < 4 tries on average
		this.half = bits >> 1;
		this.mask = (1 << this.half) - 1;
	}

	/** The image of i (0 ≤ i < n). */
	at(i: number): number {
		let x = i;
		do x = this.round(x);
		while (x >= this.n);
		return x;
	}

	private round(x: number): number {
		let l = x >>> this.half;
		let r = x & this.mask;
		for (let k = 0; k < 6; k++) {
			const f = draw32(this.key, (k << 16) | r) & this.mask;
			const t = r;
			r = l ^ f;
			l = t;
		}
		return (l << this.half) | r;
	}
}

/** Key of the shuffle of one epoch of one run. */
export function epochKey(seed: number, epoch: number): number {
	return draw32(streamKey(seed, STREAM.shuffle), epoch);
}

/** The sample order of one epoch, as a full array (engines that do not evaluate it lazily). */
export function epochOrder(n: number, seed: number, epoch: number, out: Int32Array<ArrayBufferLike> = new Int32Array(n)): Int32Array<ArrayBufferLike> {
	const perm = new FeistelPermutation(n, epochKey(seed, epoch));
	for (let i = 0; i < n; i++) out[i] = perm.at(i);
	return out;
}
