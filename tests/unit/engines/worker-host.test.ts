/**
 * engines/worker-host.ts: the object a training worker serves, and the two entries that serve it —
 * train.worker.ts (a page's Web Worker) and train-node.worker.ts (a worker_thread, started from its
 * TypeScript source by node-ts-worker.ts). Each answers as the engine it hosts does.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig, stepsPerEpoch } from '../../../src/lib/core/config';
import { createEngine } from '../../../src/lib/engines/index';
import { startTsWorker } from '../../../src/lib/engines/node-ts-worker';
import { nodeWorkerLink, RpcClient, type WorkerLink } from '../../../src/lib/engines/rpc';
import { engineHost, type EngineHost } from '../../../src/lib/engines/worker-host';
import { loadWorkerEntry } from '../helpers/worker-scope';

const cfg = parseConfig({ seed: 2, n: 64, batch: 16, h: 6, epochs: 4 });

/** Two epochs on the TypeScript engine, then its metrics and parameters. */
async function direct() {
	const e = await createEngine('ts');
	await e.init(cfg);
	const r = await e.step(2 * stepsPerEpoch(cfg));
	const s = await e.snapshot();
	e.dispose();
	return { epochs: r.epochs, params: Array.from(s.params) };
}

async function throughWorker(link: WorkerLink) {
	const rpc = new RpcClient<EngineHost>(link, 'the training worker', null);
	try {
		expect(await rpc.call('create', ['ts'])).toBe('ts');
		await rpc.call('init', [cfg]);
		const r = await rpc.call('step', [2 * stepsPerEpoch(cfg)]);
		const s = await rpc.call('snapshot', [{ withAdam: true }]);
		expect(s.adam?.t).toBe(2 * stepsPerEpoch(cfg));
		return { epochs: r.epochs, params: Array.from(s.params) };
	} finally {
		rpc.terminate();
	}
}

describe('the training worker', () => {
	it('engine host: no call before create; then the engine it created, answering as that engine does', async () => {
		const host = engineHost();
		expect(() => host.step(1)).toThrow(/no engine: call create first/);
		expect(await host.create('ts')).toBe('ts');
		await host.init(cfg);
		const r = await host.step(2 * stepsPerEpoch(cfg));
		const s = await host.snapshot();
		expect({ epochs: r.epochs, params: Array.from(s.params) }).toEqual(await direct());
		host.dispose();
		expect(() => host.evaluate()).toThrow(/no engine/);
	});

	it("train.worker.ts serves the host on the worker's global scope", async () => {
		const link = await loadWorkerEntry(() => import('../../../src/lib/engines/train.worker'));
		expect(await throughWorker(link)).toEqual(await direct());
	});

	it('train-node.worker.ts serves it on a worker_thread started from the TypeScript entry', async () => {
		const thread = await startTsWorker(new URL('../../../src/lib/engines/train-node.worker.ts', import.meta.url).href);
		expect(await throughWorker(nodeWorkerLink(thread, 'the training worker'))).toEqual(await direct());
	}, 60_000);
});
