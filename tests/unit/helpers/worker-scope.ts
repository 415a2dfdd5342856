/**
 * Shared by the worker-entry tests: load a Web Worker's entry module (train.worker.ts,
 * wasm-pool.worker.ts, landscape.worker.ts) in this thread, with `self` standing for one end of a
 * MessageChannel, and give back the other end as its client sees a worker (a WorkerLink).
 */
import type { Endpoint, WorkerLink } from '../../../src/lib/engines/rpc';

export async function loadWorkerEntry(load: () => Promise<unknown>): Promise<WorkerLink> {
	const { port1, port2 } = new MessageChannel();
	const g = globalThis as { self?: unknown };
	const had = 'self' in g;
	const before = g.self;
	g.self = port2;
	try {
		await load();
	} finally {
		if (had) g.self = before;
		else delete g.self;
	}
	return {
		endpoint: port1 as unknown as Endpoint,
		terminate: () => {
			port1.close();
			port2.close();
		},
		onCrash: () => {}
	};
}
