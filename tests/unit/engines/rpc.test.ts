/**
 * The worker RPC (engines/rpc.ts) over a MessageChannel: typed calls, one error shape, calls served
 * in order, buffers moved; and the watchdog around it (engines/watchdog.ts PendingCalls).
 */
import { describe, expect, it } from 'vitest';
import { DivergenceError } from '../../../src/lib/core/metrics';
import { errorInfo, moving, reviveError, RpcClient } from '../../../src/lib/engines/rpc';
import { PendingCalls, StepClock, WorkerCrashedError } from '../../../src/lib/engines/watchdog';
import { channelWorker } from '../helpers/channel-worker';

function api() {
	const log: string[] = [];
	return {
		async slow(tag: string, ms: number) {
			log.push(`start ${tag}`);
			await new Promise((r) => setTimeout(r, ms));
			log.push(`end ${tag}`);
			return tag;
		},
		diverge(): never {
			throw new DivergenceError(17, 'a parameter');
		},
		async fail() {
			const e = new Error('no such row');
			e.name = 'RangeError';
			throw e;
		},
		last: null as Float32Array | null,
		array(n: number) {
			const a = Float32Array.from({ length: n }, (_, i) => i);
			this.last = a;
			return moving({ a, n }, [a]);
		},
		log: () => log
	};
}
type Api = ReturnType<typeof api>;

describe('worker RPC', () => {
	it('calls the served methods, one at a time in the order they were sent', async () => {
		const rpc = new RpcClient<Api>(channelWorker(api()), 'the test worker', null);
		const [a, b] = await Promise.all([rpc.call('slow', ['a', 30]), rpc.call('slow', ['b', 0])]);
		expect([a, b]).toEqual(['a', 'b']);
		expect(await rpc.call('log', [])).toEqual(['start a', 'end a', 'start b', 'end b']);
		const r = await rpc.call('array', [4]);
		expect(r.n).toBe(4);
		expect(Array.from(r.a)).toEqual([0, 1, 2, 3]);
		rpc.terminate();
	});

	it('errors cross with one shape: a DivergenceError stays one, with its step; others keep their name', async () => {
		const rpc = new RpcClient<Api>(channelWorker(api()), 'the test worker', null);
		const d = await rpc.call('diverge', []).catch((e) => e);
		expect(d).toBeInstanceOf(DivergenceError);
		expect([d.step, d.what, d.message]).toEqual([17, 'a parameter', 'training diverged at step 17: a parameter is not finite']);
		const f = await rpc.call('fail', []).catch((e) => e);
		expect([f.name, f.message]).toEqual(['RangeError', 'no such row']);
		expect(reviveError(errorInfo(new WorkerCrashedError('gone')))).toBeInstanceOf(WorkerCrashedError);
		rpc.terminate();
	});

	it('moves the buffers it is told to move (the sender keeps no copy)', async () => {
		const host = api();
		const rpc = new RpcClient<Api>(channelWorker(host), 'the test worker', null);
		const r = await rpc.call('array', [5]);
		expect(r.a.length).toBe(5);
		expect(host.last!.length).toBe(0); // the worker's array was moved: detached there
		rpc.terminate();
	});

	it('a worker that stops answering fails the call and every later one; a crash fails what is in flight', async () => {
		let answer = true;
		const link = channelWorker(api(), () => answer);
		const rpc = new RpcClient<Api>(link, 'the test worker', { minMs: 50, factor: 10, otherMs: 80 });
		expect(await rpc.call('slow', ['a', 0])).toBe('a');
		answer = false;
		const t0 = performance.now();
		const e = await rpc.call('slow', ['b', 0]).catch((x) => x);
		expect(e).toBeInstanceOf(WorkerCrashedError);
		expect(e.message).toBe('the test worker stopped answering (no reply to slow in 0 s)');
		expect(performance.now() - t0).toBeGreaterThanOrEqual(75);
		expect(rpc.alive).toBe(false);
		await expect(rpc.call('log', [])).rejects.toBe(e);

		const other = channelWorker(api());
		const rpc2 = new RpcClient<Api>(other, 'the test worker', null);
		const inFlight = rpc2.call('slow', ['c', 200]);
		other.crash(new WorkerCrashedError('the test worker exited with code 1'));
		await expect(inFlight).rejects.toThrow('exited with code 1');
		rpc2.terminate();
	});

	it('learns its patience from the steps answered so far', async () => {
		const clock = new StepClock({ minMs: 100, factor: 10, otherMs: 1000 });
		expect(clock.patience(0)).toBe(1000);
		expect(clock.patience(50)).toBe(1000); // nothing measured yet
		clock.record(10, 50); // 5 ms a step
		expect(clock.patience(50)).toBe(2500);
		expect(clock.patience(1)).toBe(100);
		const calls = new PendingCalls(clock, 'w', () => {});
		// An answer that comes after the failure is dropped.
		let late!: (v: number) => void;
		const p = calls.guard('step', 1, () => new Promise<number>((r) => (late = r)));
		calls.fail(new WorkerCrashedError('w died'));
		late(3);
		await expect(p).rejects.toThrow('w died');
	});
});
