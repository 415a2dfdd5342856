/** Shared by the persist tests: saved runs of a small config (10 epochs of 2 steps). */
import { parseConfig } from '../../../src/lib/core/config';
import { initParams } from '../../../src/lib/core/params';

export const config = parseConfig({ epochs: 10, n: 64 }); // 2 steps per epoch
export const params = Array.from(initParams(config));

/** A saved run: one snapshot (epoch 0), one epoch's metrics. */
export const good = () => ({
	name: 'seed 0',
	created: '2026-11-23T12:00:00Z',
	engine: 'ts',
	config,
	metrics: [{ epoch: 1, loss: 0.7, acc: 0.5, test_loss: 0.71, test_acc: 0.49 }],
	snapshots: [{ step: 0, epoch: 0, params }]
});

/** A saved run with snapshots and metrics at epochs 0, 1 and 2. */
export const goodEpochs = (name = 'seed 0') => ({
	name,
	created: '2026-11-23T12:00:00Z',
	engine: 'ts',
	config,
	metrics: [0, 1, 2].map((epoch) => ({ epoch, loss: 0.7, acc: 0.5, test_loss: 0.71, test_acc: 0.49 })),
	snapshots: [0, 1, 2].map((epoch) => ({ step: 2 * epoch, epoch, params }))
});
