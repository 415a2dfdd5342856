/** assembly/loop.ts: whole epochs in the reference's order, the evaluation schedule, divergence. */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/lib/core/config';
import { Trainer } from '../../../src/lib/core/trainer';
import { Kernel } from '../../../src/lib/engines/wasm-kernel';
import { makeDataset } from '../../../src/lib/core/data';
import { initParams } from '../../../src/lib/core/params';
import { hasSimd } from '../../../src/lib/engines/index';

describe('kernel loop', () => {
	const cfg = parseConfig({ seed: 8, n: 60, batch: 16, h: 6 }); // 4 steps an epoch, the last of 12 rows
	const model = (k: Kernel, evalEvery = 1, evalLast = 0) => {
		const data = makeDataset(cfg, cfg.seed);
		return k.addModel({ seed: cfg.seed, lr: cfg.lr, mlp_lr_discount: cfg.mlp_lr_discount, params: initParams(cfg), train: data.train, test: data.test, evalEvery, evalLast });
	};

	it('trains the reference run epoch by epoch, evaluating on the schedule it is given', async () => {
		for (const flavour of hasSimd() ? (['simd', 'scalar'] as const) : (['scalar'] as const)) {
			const want = new Trainer(cfg).run(7 * 4);
			const k = await Kernel.create(flavour, cfg);
			const every = k.train(model(k), 7 * 4);
			expect(every.diverged).toBeNull();
			expect(every.epochs.map((m) => m.epoch)).toEqual([1, 2, 3, 4, 5, 6, 7]);
			every.epochs.forEach((m, i) => expect(Math.abs(m.loss - want[i].loss) / want[i].loss).toBeLessThan(1e-4));
			const sparse = k.train(model(k, 3, 7), 7 * 4);
			expect(sparse.epochs.map((m) => m.epoch)).toEqual([3, 6, 7]);
			expect(sparse.epochs[1]).toEqual(every.epochs[5]);
		}
	});

	it('stops at the step where the run diverges and says so (−1)', async () => {
		const k = await Kernel.create('scalar', cfg);
		const ctx = model(k);
		k.params(ctx)[0] = NaN;
		const r = k.train(ctx, 10);
		expect(r.diverged?.step).toBe(1);
		expect(k.step(ctx)).toBe(0);
	});
});
