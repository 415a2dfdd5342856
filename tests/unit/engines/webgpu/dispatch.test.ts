/** engines/webgpu/dispatch.ts: how a train call is cut into dispatches, and what the per-call buffers hold. */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../../src/lib/core/config';
import { makeDataset } from '../../../../src/lib/core/data';
import { STREAM, streamKey } from '../../../../src/lib/core/rng';
import { biasCorrections, interleave, packBatches, packData, packMembers, planChunks, segments } from '../../../../src/lib/engines/webgpu/dispatch';
import { deinterleave } from '../../../../src/lib/engines/webgpu/readback';

describe('dispatch planning', () => {
	it('cuts a call at epoch boundaries, an evaluation after each completed epoch', () => {
		expect(planChunks(2, 9, 4, false)).toEqual({
			chunks: [
				{ step0: 2, nsteps: 2, s0: 0, evalSlot: 0 },
				{ step0: 4, nsteps: 4, s0: 2, evalSlot: 1 },
				{ step0: 8, nsteps: 3, s0: 6, evalSlot: -1 }
			],
			evals: 2
		});
		expect(planChunks(2, 9, 4, false, false).evals).toBe(0);
		expect(planChunks(5, 3, 4, true)).toEqual({ chunks: [{ step0: 5, nsteps: 3, s0: 0, evalSlot: -1 }], evals: 0 });
	});

	it('segments long calls into whole epochs of at most maxEpochs evaluations, the first completing the current epoch', () => {
		expect(segments(1, 20, 4, 2)).toEqual([7, 8, 5]);
		expect(segments(0, 8, 4, 2)).toEqual([8]);
		expect(segments(3, 2, 4, 1).reduce((a, b) => a + b)).toBe(2);
	});

	it('Adam bias corrections in float64, rounded once', () => {
		const b = biasCorrections(9, 2, 0.9, 0.999);
		expect(b[0]).toBe(Math.fround(1 - 0.9 ** 10));
		expect(b[3]).toBe(Math.fround(Math.sqrt(1 - 0.999 ** 11)));
	});

	it('explicit batches: offsets then rows; a row outside the training set is refused', () => {
		expect(Array.from(packBatches([[3, 1], [], [2]], 4))).toEqual([0, 2, 2, 3, 3, 1, 2]);
		expect(() => packBatches([[4]], 4)).toThrow('batch 0: row 4 is not in 0..3');
	});

	it('members follow the member rule; parameters interleave and back; uploaded data has its offsets', () => {
		const cfg = parseConfig({ lr: 0.01, mlp_lr_discount: 2 });
		const m = packMembers(cfg, [{ seed: 3 }, { seed: 4, lr: 0.5, mlp_lr_discount: 5, data_seed: 9 }]);
		const f = new Float32Array(m.buffer);
		expect([f[0], f[1], m[2], m[3]]).toEqual([Math.fround(0.01), Math.fround(0.005), streamKey(3, STREAM.shuffle), streamKey(3, STREAM.data)]);
		expect([f[4], f[5], m[6], m[7]]).toEqual([0.5, Math.fround(0.1), streamKey(4, STREAM.shuffle), streamKey(9, STREAM.data)]);
		const vecs = [Float32Array.of(1, 2, 3), Float32Array.of(4, 5, 6)];
		const w = interleave(vecs, 3);
		expect(Array.from(w)).toEqual([1, 4, 2, 5, 3, 6]);
		expect(Array.from(deinterleave(w, 3, 2))).toEqual([1, 2, 3, 4, 5, 6]);
		expect(() => interleave([Float32Array.of(1)], 3)).toThrow('member 0: expected 3 parameters, got 1');
		const data = makeDataset(parseConfig({ n: 8, batch: 4 }), 1);
		const { words, offsets } = packData(data);
		expect(words[offsets.trainY]).toBe(data.train.Y[0]);
		expect(words[offsets.testX + 1]).toBe(data.test.X[1]);
		expect(words.length).toBe(offsets.testY + data.test.n);
	});
});
