/**
 * The landscape as an engine capability: every engine's lossGrid is core/landscape.ts's lossGrid
 * (within float32 rounding), on its first `rows` training rows; the landscape worker's host plans a
 * trajectory's plane and returns the grid in parts that add up to the whole.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/lib/core/config';
import { makeDataset } from '../../../src/lib/core/data';
import { gridAxes, lossGrid, trajectoryPlane } from '../../../src/lib/core/landscape';
import { Model } from '../../../src/lib/core/model';
import { initParams, layout } from '../../../src/lib/core/params';
import { createEngine, type EngineName } from '../../../src/lib/engines/index';
import { landscapeHost, type LandscapeHost } from '../../../src/lib/engines/landscape-host';
import { RpcClient } from '../../../src/lib/engines/rpc';
import { nodeWorkerEngine } from '../../../src/lib/engines/worker-node';
import { channelWorker } from '../helpers/channel-worker';
import { gpuSkipReason } from '../helpers/webgpu-setup';

const cfg = parseConfig({ seed: 3, n: 64, batch: 16, h: 8 });
const P = layout(cfg).total;
const plane = { origin: initParams(cfg, 0), u: initParams(cfg, 1), v: initParams(cfg, 2) };
const alphas = [-0.5, 0, 0.75];
const betas = [0, 0.5];
const gpuSkip = await gpuSkipReason();

function reference(rows: number): Float64Array {
	const train = makeDataset(cfg, cfg.seed).train;
	const split = { X: train.X.subarray(0, rows * cfg.L), Y: train.Y.subarray(0, rows), n: rows };
	return lossGrid(new Model(cfg), split, plane.origin, plane.u, plane.v, alphas, betas);
}

describe('lossGrid, an engine capability', () => {
	for (const name of ['ts', 'wasm', 'wasm-scalar', 'webgpu', 'worker'] as const) {
		it.skipIf(name === 'webgpu' && !!gpuSkip)(`${name}: the reference's grid, on the first rows`, async () => {
			const e = name === 'worker' ? await nodeWorkerEngine() : await createEngine(name as EngineName);
			if (name === 'worker') await (e as Awaited<ReturnType<typeof nodeWorkerEngine>>).create('wasm');
			try {
				await e.init(cfg);
				for (const rows of [cfg.n, 20]) {
					const want = reference(rows);
					const got = await e.lossGrid(plane, alphas, betas, rows);
					expect(got.length).toBe(6);
					got.forEach((g, k) => expect(Math.abs(g - want[k]) / want[k], `${name}, ${rows} rows, point ${k}`).toBeLessThan(name === 'ts' ? 1e-12 : 1e-5));
				}
				// The run itself is untouched.
				const init = initParams(cfg);
				const now = (await e.snapshot()).params;
				expect(Array.from(now).every((x, i) => Math.abs(x - init[i]) <= 1e-7 * Math.max(1, Math.abs(init[i])))).toBe(true);
			} finally {
				e.dispose();
			}
		});
	}
});

describe('landscape host', () => {
	it('plans the plane and axes of a trajectory, then returns its grid in parts', async () => {
		const n = 4;
		const traj = new Float64Array(n * P);
		for (let t = 0; t < n; t++) for (let k = 0; k < P; k++) traj[t * P + k] = plane.origin[k] + 0.2 * t * plane.u[k] - 0.1 * t * t * plane.v[k];
		const req = { config: cfg, trajectory: traj, n, mode: 'pca' as const, size: 6, rows: 32, seed: 1 };
		const rpc = new RpcClient<LandscapeHost>(channelWorker(landscapeHost()), 'the landscape worker', null);
		try {
			const plan = await rpc.call('plan', [req]);
			const want = trajectoryPlane(cfg, traj, n, 'pca', 1);
			expect(Array.from(plan.coords)).toEqual(Array.from(want.coords));
			expect(Array.from(plan.alphas)).toEqual(Array.from(gridAxes(want.coords, n, 6).alphas));
			expect(['wasm', 'ts', 'webgpu']).toContain(plan.backend);
			if (plan.backend !== 'webgpu') expect(plan.rowsUsed).toBe(32);
			const whole = await rpc.call('losses', [0, 6]);
			const parts = [...(await rpc.call('losses', [0, 2])), ...(await rpc.call('losses', [2, 6]))];
			expect(parts).toEqual(Array.from(whole));
			expect(whole.length).toBe(36);
			expect(whole.every((x) => x > 0 && Number.isFinite(x))).toBe(true);
		} finally {
			rpc.terminate();
		}
	});
});
