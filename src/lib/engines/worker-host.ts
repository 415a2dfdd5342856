/**
 * The worker side: owns one engine and answers Requests. Kept free of DOM and of `self` so that
 * the same host serves a Web Worker in the page and a worker_thread in node.
 */
import { DivergenceError } from '../core/metrics';
import { createEngine, defaultEngineName } from './index';
import type { Engine, EngineName } from './types';
import type { Request, Response } from './worker-protocol';

export function createHost(post: (msg: Response, transfer?: Transferable[]) => void) {
	let engine: Engine | null = null;

	async function handle(req: Request): Promise<unknown> {
		if (req.method === 'create') {
			engine?.dispose();
			const name = req.args[0] as EngineName | 'auto';
			engine = await createEngine(name === 'auto' ? await defaultEngineName() : name);
			return engine.name;
		}
		if (!engine) throw new Error('no engine: send create first');
		switch (req.method) {
			case 'init':
				return engine.init(...(req.args as Parameters<Engine['init']>));
			case 'step':
				return engine.step(req.args[0] as number);
			case 'snapshot':
				return engine.snapshot(req.args[0] as Parameters<Engine['snapshot']>[0]);
			case 'evaluate':
				return engine.evaluate();
			case 'gradients':
				return engine.gradients(req.args[0] as number[]);
			case 'stepBatches':
				return engine.stepBatches(req.args[0] as number[][]);
			case 'dispose':
				engine.dispose();
				engine = null;
				return null;
		}
	}

	return async (req: Request) => {
		try {
			const result = await handle(req);
			const transfer: Transferable[] = [];
			const r = result as { params?: Float32Array | Float64Array; adam?: { m?: Float32Array | Float64Array; v?: Float32Array | Float64Array } } | null;
			for (const a of [r?.params, r?.adam?.m, r?.adam?.v])
				if (a && ArrayBuffer.isView(a) && !transfer.includes(a.buffer as ArrayBuffer)) transfer.push(a.buffer as ArrayBuffer);
			post({ id: req.id, ok: true, result, engine: engine?.name }, transfer);
		} catch (e) {
			const err = e as Error;
			post({
				id: req.id,
				ok: false,
				error: { name: err.name, message: err.message, step: e instanceof DivergenceError ? e.step : undefined, what: e instanceof DivergenceError ? e.what : undefined }
			});
		}
	};
}
