/**
 * The loss landscape of a trajectory, computed off the page's thread (landscape.worker.ts serves
 * this object): the plane and the grid's axes come from core/landscape.ts, the losses from an
 * engine's lossGrid — WebGPU on a hardware GPU (the whole training set in one dispatch), else
 * WebAssembly or the TypeScript reference on the first `rows` training rows. The client
 * (landscape-client.ts) asks for the grid a few rows of β at a time, which is its progress.
 */
import type { Config } from '../core/config';
import { gridAxes, trajectoryPlane, type TrajectoryPlane } from '../core/landscape';
import { createEngine, defaultEngineName, hasWebGPU } from './index';
import { moving } from './rpc';
import type { Engine, EngineName } from './types';

export interface LandscapeRequest {
	config: Config;
	/** n × P parameters of the trajectory (oldest first); the last row is the current point. */
	trajectory: Float64Array;
	n: number;
	mode: 'pca' | 'random';
	size: number;
	/** Training rows the loss is averaged over on the CPU (the GPU takes the whole training set). */
	rows: number;
	/** Seed of the random directions. */
	seed: number;
}

export interface LandscapePlan extends TrajectoryPlane {
	alphas: Float64Array;
	betas: Float64Array;
	backend: EngineName;
	rowsUsed: number;
}

export function landscapeHost() {
	let engine: Engine | null = null;
	let engineConfig = '';
	let plan: LandscapePlan | null = null;

	/** An engine initialised with `config` (kept while the config stays the same). */
	async function engineFor(config: Config): Promise<Engine> {
		const key = JSON.stringify(config);
		if (engine && key === engineConfig) return engine;
		engine?.dispose();
		engine = null;
		if (await hasWebGPU({ hardware: true })) {
			try {
				const gpu = await createEngine('webgpu');
				await gpu.init(config);
				engine = gpu;
			} catch {
				/* the GPU would not start: the CPU computes it */
			}
		}
		if (!engine) {
			const cpu = await createEngine(await defaultEngineName());
			await cpu.init(config);
			engine = cpu;
		}
		engineConfig = key;
		return engine;
	}

	return {
		/** The plane through the trajectory's last point, the grid's axes, and who computes the losses. */
		async plan(req: LandscapeRequest): Promise<LandscapePlan> {
			const plane = trajectoryPlane(req.config, req.trajectory, req.n, req.mode, req.seed);
			const e = await engineFor(req.config);
			const rowsUsed = e.name === 'webgpu' ? req.config.n : Math.min(req.rows, req.config.n);
			plan = { ...plane, ...gridAxes(plane.coords, req.n, req.size), backend: e.name, rowsUsed };
			return plan;
		},
		/** Losses of grid rows j0 ≤ j < j1 (betas[j]) of the last plan: (j1 − j0) × size, α fastest. */
		async losses(j0: number, j1: number): Promise<Float64Array> {
			if (!plan || !engine) throw new Error('landscape: plan first');
			const g = Float64Array.from(await engine.lossGrid(plan, plan.alphas, plan.betas.subarray(j0, j1), plan.rowsUsed));
			return moving(g, [g]);
		}
	};
}

export type LandscapeHost = ReturnType<typeof landscapeHost>;
