/**
 * Planning a population's dispatches on the host, pure arithmetic (no GPU): how a train call is cut
 * into dispatches and evaluations, what goes in the small per-call buffers (Adam's bias
 * corrections, explicit batches), and how members' data is laid out for the kernels.
 */
import type { Dataset } from '../../core/data';
import { STREAM, streamKey } from '../../core/rng';
import { memberConfig, memberDataSeed } from '../members';
import type { PopulationMember } from '../types';
import type { Config } from '../../core/config';

/** One training dispatch: steps step0 … step0 + nsteps − 1 (s0: its first step within the call); evalSlot ≥ 0 when an evaluation follows it. */
export interface Chunk {
	step0: number;
	nsteps: number;
	s0: number;
	evalSlot: number;
}

/**
 * A call of `nsteps` steps from `step`, cut at epoch boundaries (spe steps an epoch): an evaluation
 * follows each completed epoch unless `evaluate` is false. Explicit batches are one dispatch.
 */
export function planChunks(step: number, nsteps: number, spe: number, explicit: boolean, evaluate = true): { chunks: Chunk[]; evals: number } {
	if (explicit) return { chunks: [{ step0: step, nsteps, s0: 0, evalSlot: -1 }], evals: 0 };
	const chunks: Chunk[] = [];
	let evals = 0;
	for (let s = 0; s < nsteps; ) {
		const at = step + s;
		const len = Math.min(nsteps - s, spe - (at % spe));
		const ends = (at + len) % spe === 0 && evaluate;
		chunks.push({ step0: at, nsteps: len, s0: s, evalSlot: ends ? evals++ : -1 });
		s += len;
	}
	return { chunks, evals };
}

/**
 * Lengths of the segments (calls of whole epochs, the first completing the current one) a call of
 * nsteps is cut into so that each keeps at most maxEpochs epochs of evaluation results.
 */
export function segments(step: number, nsteps: number, spe: number, maxEpochs: number): number[] {
	const out: number[] = [];
	for (let at = step, left = nsteps; left > 0; ) {
		const len = Math.min(left, spe - (at % spe) + (maxEpochs - 1) * spe);
		out.push(len);
		at += len;
		left -= len;
	}
	return out;
}

/** Adam's bias corrections (1 − β1^t, sqrt(1 − β2^t)) of steps t0 + 1 … t0 + n, in float64 then rounded (1 − β^t loses digits in float32). */
export function biasCorrections(t0: number, n: number, beta1: number, beta2: number): Float32Array {
	const bias = new Float32Array(2 * n);
	for (let s = 0; s < n; s++) {
		const t = t0 + s + 1;
		bias[2 * s] = 1 - beta1 ** t;
		bias[2 * s + 1] = Math.sqrt(1 - beta2 ** t);
	}
	return bias;
}

/** Explicit batches as the kernel reads them: offsets[n + 1] then the rows; each row must be in 0..rows − 1. */
export function packBatches(batches: number[][], rows: number): Uint32Array {
	const n = batches.length;
	const total = batches.reduce((a, b) => a + b.length, 0);
	const u = new Uint32Array(n + 1 + total);
	let o = 0;
	batches.forEach((list, s) => {
		u[s] = o;
		for (const r of list) {
			if (r < 0 || r >= rows || !Number.isInteger(r)) throw new Error(`batch ${s}: row ${r} is not in 0..${rows - 1}`);
			u[n + 1 + o++] = r;
		}
	});
	u[n] = o;
	return u;
}

/** Per member (lr, mlp lr, shuffle key, data key): four words, floats as bits. */
export function packMembers(config: Config, members: PopulationMember[]): Uint32Array {
	const mem = new Uint32Array(4 * members.length);
	const f = new Float32Array(mem.buffer);
	members.forEach((m, r) => {
		const c = memberConfig(config, m);
		f[4 * r] = c.lr;
		f[4 * r + 1] = c.lr / c.mlp_lr_discount;
		mem[4 * r + 2] = streamKey(c.seed, STREAM.shuffle);
		mem[4 * r + 3] = streamKey(memberDataSeed(m), STREAM.data);
	});
	return mem;
}

/** Member-major vectors (one per member, P numbers each) member-interleaved: entry i of member r at i·R + r. */
export function interleave(vectors: ArrayLike<number>[], P: number, into = new Float32Array(P * vectors.length), base = 0): Float32Array {
	const R = vectors.length;
	vectors.forEach((own, r) => {
		if (own.length !== P) throw new Error(`member ${r}: expected ${P} parameters, got ${own.length}`);
		for (let i = 0; i < P; i++) into[base + i * R + r] = own[i];
	});
	return into;
}

/** A data set uploaded for every member: train X, train Y, test X, test Y, one u32 each, and where each part starts. */
export function packData(data: Dataset): { words: Uint32Array; offsets: { trainY: number; testX: number; testY: number } } {
	const { train, test } = data;
	const trainY = train.X.length;
	const testX = trainY + train.n;
	const testY = testX + test.X.length;
	const words = new Uint32Array(testY + test.n);
	words.set(train.X, 0);
	words.set(train.Y, trainY);
	words.set(test.X, testX);
	words.set(test.Y, testY);
	return { words, offsets: { trainY, testX, testY } };
}
