/** Shared by the experiments' report tests: synthetic run records (aggregate, figure, lab). */
import { parseConfig } from '../../../src/lib/core/config';
import type { RunRecord } from '../../../src/lib/experiments/record';

/** A finished 1000-epoch run at `point` whose final test accuracy is `acc`; the seed is the digits of `id`. */
export function rec(id: string, point: Record<string, number | string>, acc: number, extra: Partial<RunRecord> = {}): RunRecord {
	const config = parseConfig({ ...point, seed: Number(id.replace(/\D/g, '')) || 0 });
	return {
		v: 1,
		id,
		spec: 'syn',
		kind: 'train',
		point,
		seed: config.seed,
		config,
		final: { epoch: 1000, loss: 0.1, acc, test_loss: 0.1, test_acc: acc },
		best_test_acc: acc,
		curve: { every: 10, epoch: [1000], test_acc: [acc], loss: [0.1] },
		spikes: 1,
		engine: 'ts',
		seconds: 1,
		...extra
	};
}

/** Seven runs on two axes: lr (four at 0.1, two at 0.01, one diverged) and batch (one). */
export function syntheticRecords(): RunRecord[] {
	return [
		rec('a1', { lr: 0.1 }, 1.0),
		rec('a2', { lr: 0.1 }, 0.5),
		rec('a3', { lr: 0.1 }, 0.95, { spikes: 4, circuit: 'ideal' }),
		rec('a4', { lr: 0.1 }, 0.55, { circuit: 'failed' }),
		rec('b1', { lr: 0.01 }, 0.5, { spikes: 0 }),
		rec('b2', { lr: 0.01 }, 0.7, { spikes: 0, final: { epoch: 3, loss: NaN, acc: NaN, test_loss: NaN, test_acc: NaN }, diverged: 200 }),
		rec('c1', { batch: 8 }, 0.6)
	];
}
