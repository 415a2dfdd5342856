/**
 * engines/wasm-pool-host.ts: the object each population-pool worker serves (one WasmPopulation), and
 * its entries — wasm-pool.worker.ts (a Web Worker) and wasm-pool-node.worker.ts (a worker_thread).
 */
import { describe, expect, it } from 'vitest';
import { parseConfig, stepsPerEpoch } from '../../../src/lib/core/config';
import { startTsWorker } from '../../../src/lib/engines/node-ts-worker';
import { nodeWorkerLink, RpcClient, type WorkerLink } from '../../../src/lib/engines/rpc';
import type { PopulationMember } from '../../../src/lib/engines/types';
import { poolHost, type PoolHost } from '../../../src/lib/engines/wasm-pool-host';
import { WasmPopulation } from '../../../src/lib/engines/wasm-population';
import { loadWorkerEntry } from '../helpers/worker-scope';

const cfg = parseConfig({ n: 64, batch: 16, h: 6, epochs: 3 });
const members: PopulationMember[] = [{ seed: 1 }, { seed: 2, lr: 0.003 }, { seed: 3, data_seed: 7 }];
const STEPS = 2 * stepsPerEpoch(cfg);

/** The same population in this thread: its last epoch's metrics and its parameters. */
async function direct() {
	const pop = new WasmPopulation('wasm');
	await pop.init(cfg, members);
	const r = await pop.step(STEPS);
	const out = { last: r.epochs.at(-1), params: Array.from(await pop.params()), evaluated: await pop.evaluate() };
	pop.dispose();
	return out;
}

async function throughWorker(link: WorkerLink) {
	const rpc = new RpcClient<PoolHost>(link, 'a population worker', null);
	try {
		await rpc.call('init', ['wasm', cfg, members]);
		const r = await rpc.call('step', [STEPS]);
		return { last: r.epochs.at(-1), params: Array.from(await rpc.call('params', [])), evaluated: await rpc.call('evaluate', []) };
	} finally {
		rpc.terminate();
	}
}

describe('the population pool worker', () => {
	it('pool host: no call before init; then the population it holds, member for member', async () => {
		const host = poolHost();
		expect(() => host.step(1)).toThrow(/init first/);
		await host.init('wasm', cfg, members);
		const r = await host.step(STEPS);
		const want = await direct();
		expect(r.epochs.at(-1)).toEqual(want.last);
		expect(r.epochs.at(-1)).toHaveLength(members.length);
		expect(Array.from(await host.params())).toEqual(want.params);
		expect(await host.evaluate()).toEqual(want.evaluated);
	});

	it("wasm-pool.worker.ts serves the host on the worker's global scope", async () => {
		const link = await loadWorkerEntry(() => import('../../../src/lib/engines/wasm-pool.worker'));
		expect(await throughWorker(link)).toEqual(await direct());
	});

	it('wasm-pool-node.worker.ts serves it on a worker_thread', async () => {
		const thread = await startTsWorker(new URL('../../../src/lib/engines/wasm-pool-node.worker.ts', import.meta.url).href);
		expect(await throughWorker(nodeWorkerLink(thread, 'a population worker'))).toEqual(await direct());
	}, 60_000);
});
