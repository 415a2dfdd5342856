/// <reference lib="webworker" />
/**
 * Evaluates the loss landscape off the main thread: the plane (core), then the loss over a
 * size × size grid — on the GPU with the WebGPU engine's kernel where a hardware adapter exists,
 * else with core's CPU loss grid.
 */
import { makeDataset } from '$lib/core/data';
import { hasWebGPU } from '$lib/engines/index';
import { lossGrid, trajectoryPlane } from './landscape-core';
import type { LandscapeRequest, LandscapeResponse } from './landscape-protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (m: LandscapeResponse, t: Transferable[] = []) => scope.postMessage(m, t);

scope.onmessage = async (e: MessageEvent<LandscapeRequest>) => {
	const req = e.data;
	const t0 = performance.now();
	try {
		const plane = trajectoryPlane(req.config, req.trajectory, req.n, req.mode, req.seed);
		const span = (k: 0 | 1) => {
			let lo = 0;
			let hi = 0;
			for (let i = 0; i < req.n; i++) {
				lo = Math.min(lo, plane.coords[2 * i + k]);
				hi = Math.max(hi, plane.coords[2 * i + k]);
			}
			const r = Math.max(hi - lo, 1e-3);
			return [lo - 0.25 * r, hi + 0.25 * r];
		};
		const [a0, a1] = span(0);
		const [b0, b1] = span(1);
		const S = req.size;
		const alphas = Float64Array.from({ length: S }, (_, i) => a0 + ((a1 - a0) * i) / (S - 1));
		const betas = Float64Array.from({ length: S }, (_, j) => b0 + ((b1 - b0) * j) / (S - 1));
		let losses: Float64Array;
		let backend = 'cpu';
		let rowsUsed = req.rows;
		const data = makeDataset(req.config, req.config.seed);
		if (await hasWebGPU({ hardware: true })) {
			try {
				const { evaluateLossGrid } = await import('$lib/engines/webgpu/grid');
				losses = Float64Array.from(await evaluateLossGrid(req.config, data, plane.origin, plane.u, plane.v, alphas, betas));
				backend = 'webgpu';
				rowsUsed = data.train.n;
			} catch {
				losses = lossGrid(req.config, data, plane.origin, plane.u, plane.v, alphas, betas, { rows: req.rows, onProgress: (p) => post({ id: req.id, progress: p }) });
			}
		} else losses = lossGrid(req.config, data, plane.origin, plane.u, plane.v, alphas, betas, { rows: req.rows, onProgress: (p) => post({ id: req.id, progress: p }) });
		const res = { id: req.id, ok: true as const, alphas, betas, losses, origin: plane.origin, u: plane.u, v: plane.v, coords: plane.coords, explained: plane.explained, backend, rowsUsed, ms: performance.now() - t0 };
		post(res, [alphas.buffer, betas.buffer, losses.buffer, plane.coords.buffer]);
	} catch (err) {
		post({ id: req.id, ok: false, error: (err as Error).message ?? String(err) });
	}
};
