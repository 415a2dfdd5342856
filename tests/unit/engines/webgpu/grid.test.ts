/**
 * engines/webgpu/grid.ts: the loss landscape's plane built on the GPU and evaluated by the population's
 * evaluation kernel equals core/landscape.ts's float64 grid (to float32 rounding), on the rows asked for.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../../src/lib/core/config';
import { makeDataset } from '../../../../src/lib/core/data';
import { lossGrid as referenceGrid } from '../../../../src/lib/core/landscape';
import { Model } from '../../../../src/lib/core/model';
import { initParams, layout } from '../../../../src/lib/core/params';
import { lossGrid } from '../../../../src/lib/engines/webgpu/grid';
import { GpuPopulation } from '../../../../src/lib/engines/webgpu/population';
import { gpuSkipReason } from '../../helpers/webgpu-setup';

const skip = await gpuSkipReason();
const cfg = parseConfig({ seed: 4, n: 48, batch: 16, h: 6 });
const P = layout(cfg).total;
const plane = { origin: initParams(cfg, 0), u: initParams(cfg, 1), v: initParams(cfg, 2) };
const alphas = [-1, -0.25, 0, 0.5];
const betas = [-0.5, 0, 0.3];

function reference(rows: number): Float64Array {
	const train = makeDataset(cfg, cfg.seed).train;
	return referenceGrid(new Model(cfg), { X: train.X.subarray(0, rows * cfg.L), Y: train.Y.subarray(0, rows), n: rows }, plane.origin, plane.u, plane.v, alphas, betas);
}

describe('loss grid on the GPU', () => {
	it('refuses a plane of the wrong size, naming it, and an empty grid is empty, before touching the GPU', async () => {
		const pop = { P, n: cfg.n } as GpuPopulation;
		await expect(lossGrid(pop, { ...plane, u: plane.u.subarray(1) }, alphas, betas)).rejects.toThrow(`lossGrid: u has ${P - 1} numbers, expected ${P}`);
		expect(await lossGrid(pop, plane, [], betas)).toEqual(new Float32Array(0));
	});

	it.skipIf(!!skip)('equals the float64 grid, α fastest, on all rows or the first ones', async () => {
		const pop = await GpuPopulation.create(cfg, [{ seed: cfg.seed }], {});
		try {
			for (const rows of [cfg.n, 20]) {
				const got = await lossGrid(pop, plane, alphas, betas, rows);
				const want = reference(rows);
				expect(got.length).toBe(alphas.length * betas.length);
				got.forEach((g, k) => expect(Math.abs(g - want[k]) / want[k], `${rows} rows, point ${k}`).toBeLessThan(1e-5));
			}
		} finally {
			pop.dispose();
		}
	});
});
