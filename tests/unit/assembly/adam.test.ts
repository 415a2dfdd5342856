/** assembly/adam.ts: Adam's steps, with the MLP's own learning rate, against the reference. */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/lib/core/config';
import { layout, MLP_PARAMS, PARAM_NAMES } from '../../../src/lib/core/params';
import { TsEngine } from '../../../src/lib/engines/ts';
import { WasmEngine } from '../../../src/lib/engines/wasm';
import { FLAVOURS, relErr } from '../helpers/kernel-compare';

describe.each(FLAVOURS)('%s Adam', (flavour) => {
	it('five steps on explicit batches move every tensor as the reference does (mlp_lr_discount 4)', async () => {
		const cfg = parseConfig({ seed: 6, n: 64, batch: 8, h: 8, lr: 0.02, mlp_lr_discount: 4 });
		const batches = [[0, 1, 2], [3, 4], [5, 6, 7, 8], [9], [10, 11]];
		const w = new WasmEngine(flavour);
		const t = new TsEngine();
		await w.init(cfg);
		await t.init(cfg);
		await w.stepBatches(batches);
		await t.stepBatches(batches);
		const [a, b] = [await w.snapshot({ withAdam: true }), await t.snapshot({ withAdam: true })];
		expect(a.adam!.t).toBe(5);
		const lay = layout(cfg);
		for (const name of PARAM_NAMES) {
			const { offset, size } = lay[name];
			expect(relErr(a.params, b.params, offset, offset + size), name).toBeLessThan(1e-5);
			expect(relErr(a.adam!.m, b.adam!.m, offset, offset + size), `m of ${name}`).toBeLessThan(1e-4);
		}
	});

	it('the MLP takes steps of lr / mlp_lr_discount, the rest of lr (a first Adam step moves each weight by about its lr)', async () => {
		const cfg = parseConfig({ seed: 6, n: 64, batch: 8, h: 8, lr: 0.02 });
		const moved = async (discount: number) => {
			const w = new WasmEngine(flavour);
			await w.init({ ...cfg, mlp_lr_discount: discount });
			const before = Float64Array.from((await w.snapshot()).params);
			await w.stepBatches([[0, 1, 2, 3]]);
			const after = (await w.snapshot()).params;
			const lay = layout(cfg);
			const mean = (names: readonly string[]) => {
				let s = 0, n = 0;
				for (const name of names) for (let i = lay[name as 'E'].offset; i < lay[name as 'E'].offset + lay[name as 'E'].size; i++) (s += Math.abs(after[i] - before[i])), n++;
				return s / n;
			};
			return { mlp: mean(MLP_PARAMS), rest: mean(PARAM_NAMES.filter((n) => !(MLP_PARAMS as readonly string[]).includes(n))) };
		};
		const [one, four] = [await moved(1), await moved(4)];
		expect(four.rest).toBeCloseTo(one.rest, 9);
		expect(four.mlp / one.mlp).toBeCloseTo(0.25, 2);
		expect(one.mlp).toBeGreaterThan(0.5 * cfg.lr);
	});
});
