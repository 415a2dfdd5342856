/**
 * The WebGPU engine (float32, fused kernels) against the PyTorch float64 fixtures and the float64
 * TypeScript reference, in node on whatever adapter Dawn finds (SwiftShader without a GPU).
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/lib/core/config';
import { GRAD_TOL, TRAJ_TOL, relErr } from '../../../src/lib/core/fixture';
import { Model } from '../../../src/lib/core/model';
import { makeDataset } from '../../../src/lib/core/data';
import { initParams, layout } from '../../../src/lib/core/params';
import { Trainer } from '../../../src/lib/core/trainer';
import { runParity } from '../../../src/lib/engines/parity';
import type { Dataset } from '../../../src/lib/core/data';
import type { Config } from '../../../src/lib/core/config';
import { WebGPUEngine, WebGPUPopulation } from '../../../src/lib/engines/webgpu';
import { GpuPopulation } from '../../../src/lib/engines/webgpu/population';
import { REQUIRED_FIXTURES, fixtureFiles, fixtureName, readFixture } from '../helpers/fixtures';
import { gpuSkipReason } from '../helpers/webgpu-setup';

const skip = await gpuSkipReason();

/** The loss grid of the WebGPU engine (its lossGrid) over `data` (default: the config's own, drawn on the GPU). */
async function evaluateLossGrid(config: Config, data: Dataset | undefined, origin: ArrayLike<number>, u: ArrayLike<number>, v: ArrayLike<number>, alphas: number[], betas: number[]) {
	const e = new WebGPUEngine();
	try {
		await e.init(config, { data });
		return await e.lossGrid({ origin, u, v }, alphas, betas);
	} finally {
		e.dispose();
	}
}
const files = fixtureFiles();

describe.skipIf(skip)('WebGPU engine vs PyTorch fixtures', () => {
	it('finds the fixtures in tests/fixtures', () => {
		expect(files.map(fixtureName)).toEqual(expect.arrayContaining(REQUIRED_FIXTURES));
	});
	for (const file of files) {
		it(`parity: ${file.split('/').pop()}`, async () => {
			const engine = new WebGPUEngine();
			try {
				const r = await runParity(engine, readFixture(file));
				for (const [name, err] of Object.entries(r.grads)) expect(err, `grad ${name}`).toBeLessThan(GRAD_TOL);
				for (const [name, err] of Object.entries(r.intermediates)) expect(err, `intermediate ${name}`).toBeLessThan(GRAD_TOL);
				expect(Object.keys(r.intermediates).length).toBe(5);
				expect(r.max_grad_err).toBeLessThan(GRAD_TOL);
				expect(r.max_traj_err).toBeLessThan(TRAJ_TOL);
				expect(r.pass).toBe(true);
			} finally {
				engine.dispose();
			}
		});
	}

	it('a population of R copies of a fixture model reproduces its trajectory in every copy', async () => {
		const fx = readFixture(files.find((f) => fixtureName(f) === 'smooth-p2-mlp4')!);
		const R = 5;
		const pop = new WebGPUPopulation();
		try {
			await pop.init(
				fx.config,
				Array.from({ length: R }, () => ({ seed: fx.config.seed })),
				{ params: Array.from({ length: R }, () => fx.params), data: { train: fx.train, test: fx.train, L: fx.config.L, p: fx.config.p } }
			);
			const losses = await pop.stepBatches(fx.batches);
			const params = await pop.params();
			const P = fx.params.length;
			for (let r = 0; r < R; r++) {
				const own = losses.map((l) => l[r]);
				const lossErr = Math.max(...own.map((l, s) => Math.abs(l - fx.losses[s]) / Math.abs(fx.losses[s])));
				expect(lossErr, `member ${r} losses`).toBeLessThan(TRAJ_TOL);
				expect(relErr(params.subarray(r * P, (r + 1) * P), fx.finalParams), `member ${r} params`).toBeLessThan(TRAJ_TOL);
			}
		} finally {
			pop.dispose();
		}
	});
});

describe.skipIf(skip)('WebGPU engine vs the TypeScript trainer (GPU-drawn data and epoch order)', () => {
	const cfg = parseConfig({ n: 200, batch: 32, epochs: 3, seed: 3, lr: 0.01 }); // 7 steps per epoch, the last one short

	it('three epochs of step(): same parameters, same per-epoch metrics', async () => {
		const ref = new Trainer(cfg);
		const refEpochs = ref.run(21);
		const engine = new WebGPUEngine();
		try {
			await engine.init(cfg);
			const first = await engine.step(10); // crosses an epoch boundary mid-call
			const rest = await engine.step(11);
			const epochs = [...first.epochs, ...rest.epochs];
			expect(epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
			epochs.forEach((e, i) => {
				const r = refEpochs[i];
				expect(Math.abs(e.loss - r.loss) / r.loss, `epoch ${i + 1} train loss`).toBeLessThan(1e-4);
				expect(Math.abs(e.test_loss - r.test_loss) / r.test_loss, `epoch ${i + 1} test loss`).toBeLessThan(1e-4);
				expect(Math.abs(e.acc - r.acc)).toBeLessThanOrEqual(1 / cfg.n);
				expect(Math.abs(e.test_acc - r.test_acc)).toBeLessThanOrEqual(1 / cfg.n);
			});
			const snap = await engine.snapshot();
			expect(snap.step).toBe(21);
			expect(snap.epoch).toBe(3);
			expect(relErr(snap.params, ref.w)).toBeLessThan(TRAJ_TOL);
			expect(Math.abs(snap.stepLoss - ref.lastLoss) / ref.lastLoss).toBeLessThan(1e-4);
			const now = await engine.evaluate();
			expect(Math.abs(now.test_loss - refEpochs[2].test_loss) / refEpochs[2].test_loss).toBeLessThan(1e-4);
		} finally {
			engine.dispose();
		}
	});

	it('resume from a snapshot and Adam state continues the same trajectory', async () => {
		const whole = new WebGPUEngine();
		const first = new WebGPUEngine();
		const second = new WebGPUEngine();
		try {
			await whole.init(cfg);
			await whole.step(12);
			await first.init(cfg);
			await first.step(5);
			const snap = await first.snapshot();
			const adam = await first.adamState();
			await second.init(cfg, { params: snap.params, resume: { step: snap.step, adam } });
			await second.step(7);
			const a = (await whole.snapshot()).params;
			const b = (await second.snapshot()).params;
			expect(relErr(b, a)).toBeLessThan(1e-6);
			expect(relErr(b, (await first.snapshot()).params)).toBeGreaterThan(1e-4); // it did move
		} finally {
			for (const e of [whole, first, second]) e.dispose();
		}
	});

	it('a population with its own seed, data seed, lr, MLP discount and init scale per member trains each as a single run', async () => {
		const members = [
			{ seed: 1 },
			{ seed: 2, data_seed: 9, lr: 0.003 },
			{ seed: 5, mlp_lr_discount: 4, init_scale: 0.5 }
		];
		const pop = new WebGPUPopulation();
		GpuPopulation.maxEvalBytes = 16 * members.length; // one epoch per submission: exercises the segmenting
		try {
			await pop.init(cfg, members);
			const rep = await pop.step(14);
			expect(rep.epochs.length).toBe(2);
			expect(rep.step).toBe(14);
			expect(rep.diverged).toEqual([]);
			const params = await pop.params();
			const P = params.length / members.length;
			members.forEach((m, i) => {
				const own = parseConfig({ ...cfg, seed: m.seed, lr: m.lr ?? cfg.lr, mlp_lr_discount: m.mlp_lr_discount ?? 1, init_scale: m.init_scale ?? 1 });
				const ref = new Trainer(own, { data: m.data_seed !== undefined ? new Trainer(parseConfig({ ...cfg, seed: m.data_seed })).data : undefined });
				const refEpochs = ref.run(14);
				expect(relErr(params.subarray(i * P, (i + 1) * P), ref.w), `member ${i} params`).toBeLessThan(TRAJ_TOL);
				refEpochs.forEach((e, k) => expect(Math.abs(rep.epochs[k][i].test_loss - e.test_loss) / e.test_loss, `member ${i} epoch ${k + 1} test loss`).toBeLessThan(1e-4));
			});
		} finally {
			GpuPopulation.maxEvalBytes = 64 << 20;
			pop.dispose();
		}
	});

	it('the loss-grid kernel matches the float64 model on a plane through parameter space', async () => {
		const fx = readFixture(files.find((f) => fixtureName(f) === 'default-p2')!);
		const data = { train: fx.train, test: fx.train, L: fx.config.L, p: fx.config.p };
		const P = fx.params.length;
		const u = Float64Array.from({ length: P }, (_, i) => fx.finalParams[i] - fx.params[i]);
		const v = Float64Array.from({ length: P }, (_, i) => Math.sin(i * 1.7));
		const alphas = [-1, 0, 2.5];
		const betas = [0, 0.3];
		const grid = await evaluateLossGrid(fx.config, data, fx.params, u, v, alphas, betas);
		expect(grid.length).toBe(6);
		const model = new Model(fx.config);
		betas.forEach((b, j) =>
			alphas.forEach((a, i) => {
				const w = Float64Array.from({ length: P }, (_, k) => fx.params[k] + a * u[k] + b * v[k]);
				const ref = model.evaluate(w, fx.train).loss;
				expect(Math.abs(grid[j * alphas.length + i] - ref) / ref, `point (${a}, ${b})`).toBeLessThan(1e-4);
			})
		);
	});

	it('the loss grid of a d = 1 model (a plane small enough that tfjs keeps it on its CPU backend)', async () => {
		const c = parseConfig({ d: 1, h: 3, n: 40, batch: 8, seed: 2 });
		const w0 = initParams(c, 0);
		const u = initParams(c, 1);
		const v = initParams(c, 2);
		const alphas = [-0.5, 0, 1];
		const betas = [0, 0.5];
		// Under tfjs-backend-webgpu's CPU hand-off threshold (1000 elements): the case that threw.
		expect(layout(c).total * alphas.length * betas.length).toBeLessThan(1000);
		const grid = await evaluateLossGrid(c, undefined, w0, u, v, alphas, betas);
		expect(grid.length).toBe(6);
		const model = new Model(c);
		const train = makeDataset(c, c.seed).train;
		betas.forEach((b, j) =>
			alphas.forEach((a, i) => {
				const w = w0.map((x, k) => x + a * u[k] + b * v[k]);
				const ref = model.evaluate(w, train).loss;
				expect(Math.abs(grid[j * alphas.length + i] - ref) / ref, `point (${a}, ${b})`).toBeLessThan(1e-4);
			})
		);
	});

	it('the grid kernel over a 2-D dispatch (several rows of workgroups), data drawn on the GPU', async () => {
		// On a real GPU the second row starts at 32,768 points (G = 256 gives two rows); checked by hand
		// at 256 × 256 on SwiftShader (8 s). Here a short row reaches the same code cheaply.
		const c = parseConfig({ n: 40, batch: 8, h: 4, seed: 0 });
		const w0 = initParams(c, 0);
		const u = initParams(c, 1);
		const v = initParams(c, 2);
		const alphas = Array.from({ length: 16 }, (_, i) => -1 + (2 * i) / 15);
		const betas = alphas.slice(0, 9);
		GpuPopulation.evalRow = 50;
		let grid: Float32Array;
		try {
			grid = await evaluateLossGrid(c, undefined, w0, u, v, alphas, betas);
		} finally {
			GpuPopulation.evalRow = 32768;
		}
		expect(grid.length).toBe(16 * 9);
		const model = new Model(c);
		const train = makeDataset(c, c.seed).train;
		for (const [i, j] of [[0, 0], [15, 8], [1, 3], [2, 3], [9, 6], [3, 4]]) {
			const w = w0.map((x, k) => x + alphas[i] * u[k] + betas[j] * v[k]);
			const ref = model.evaluate(w, train).loss;
			expect(Math.abs(grid[j * 16 + i] - ref) / ref, `point (${i}, ${j})`).toBeLessThan(1e-4);
		}
	});
});
