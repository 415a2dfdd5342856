/**
 * engines/landscape-client.ts: the page's side of the landscape worker (served by landscape.worker.ts):
 * the grid comes back whole, fetched in parts with its progress, and a worker that died is replaced
 * on the next call.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/lib/core/config';
import { initParams, layout } from '../../../src/lib/core/params';
import { LandscapeClient, setLandscapeWorker } from '../../../src/lib/engines/landscape-client';
import { landscapeHost } from '../../../src/lib/engines/landscape-host';
import { RpcClient, serve } from '../../../src/lib/engines/rpc';
import { loadWorkerEntry } from '../helpers/worker-scope';

const cfg = parseConfig({ seed: 3, n: 64, batch: 16, h: 8 });
const P = layout(cfg).total;
const n = 4;
const trajectory = new Float64Array(n * P);
const [w0, u] = [initParams(cfg, 0), initParams(cfg, 1)];
for (let t = 0; t < n; t++) for (let k = 0; k < P; k++) trajectory[t * P + k] = w0[k] + 0.1 * t * u[k];
const req = { config: cfg, trajectory, n, mode: 'random' as const, size: 8, rows: 32, seed: 5 };

/** A Web Worker as LandscapeClient starts one, over a port whose other end `serveOn` answers. */
function fakeWorker(port: MessagePort, started: { errors: ((e: { message: string }) => void)[] }): Worker {
	const w = {
		postMessage: (m: unknown, t?: Transferable[]) => port.postMessage(m, t ?? []),
		addEventListener: (type: string, l: EventListener) => (port.addEventListener(type, l), port.start()),
		removeEventListener: (type: string, l: EventListener) => port.removeEventListener(type, l),
		terminate: () => port.close(),
		set onerror(f: (e: { message: string }) => void) {
			started.errors.push(f);
		}
	};
	return w as unknown as Worker;
}

/** The grid as the host computes it in one piece. */
async function whole(): Promise<number[]> {
	const { port1, port2 } = new MessageChannel();
	serve(landscapeHost(), port2);
	const rpc = new RpcClient<ReturnType<typeof landscapeHost>>({ endpoint: port1, terminate: () => port1.close(), onCrash: () => {} }, 'host', null);
	const plan = await rpc.call('plan', [req]);
	const g = Array.from(await rpc.call('losses', [0, plan.betas.length]));
	rpc.terminate();
	return g;
}

describe('landscape client', () => {
	const started = { errors: [] as ((e: { message: string }) => void)[] };
	const client = new LandscapeClient();
	afterAll(() => client.dispose());

	it('computes the whole grid through landscape.worker.ts, in parts, reporting progress up to 1', async () => {
		const link = await loadWorkerEntry(() => import('../../../src/lib/engines/landscape.worker'));
		setLandscapeWorker(() => fakeWorker(link.endpoint as unknown as MessagePort, started));
		const progress: number[] = [];
		const r = await client.compute(req, (s) => progress.push(s));
		expect(r.alphas.length).toBe(8);
		expect(r.losses.length).toBe(r.alphas.length * r.betas.length);
		expect(Array.from(r.losses)).toEqual(await whole());
		expect(progress.at(-1)).toBe(1);
		for (let i = 1; i < progress.length; i++) expect(progress[i]).toBeGreaterThan(progress[i - 1]);
		// The CPU engines fetch it in parts (about 16 per grid; one row of β each here); the GPU in one.
		expect(progress.length).toBe(r.backend === 'webgpu' ? 1 : r.betas.length);
	});

	it('a worker that failed is replaced by a fresh one on the next call', async () => {
		const starts: MessagePort[] = [];
		setLandscapeWorker(() => {
			const { port1, port2 } = new MessageChannel();
			serve(landscapeHost(), port2);
			starts.push(port1);
			return fakeWorker(port1, started);
		});
		started.errors.at(-1)!({ message: 'out of memory' });
		const r = await client.compute(req);
		expect(starts).toHaveLength(1);
		expect(Array.from(r.losses)).toEqual(await whole());
		await client.compute(req); // alive: the same worker again
		expect(starts).toHaveLength(1);
	});
});
