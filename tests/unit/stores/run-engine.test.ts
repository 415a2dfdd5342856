/**
 * stores/run-engine.ts: a run's engine and its faults — replaced once when it dies (or its GPU is
 * missing) while starting, a chunk trained again on a fresh engine resumed from the checkpoint after
 * a crash, a give-up after too many recoveries in a row, and nothing kept once the run moved on.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig, stepsPerEpoch } from '../../../src/lib/core/config';
import { TsEngine } from '../../../src/lib/engines/ts';
import type { Engine } from '../../../src/lib/engines/types';
import { WorkerCrashedError } from '../../../src/lib/engines/watchdog';
import { faultKind, RunEngine, type Checkpoint, type Recovery } from '../../../src/lib/stores/run-engine';

const cfg = parseConfig({ n: 64, batch: 16, h: 6, seed: 4, epochs: 5 });
const spe = stepsPerEpoch(cfg);
const named = (name: string) => Object.assign(new Error(name), { name });

/** TS engines whose step or init fails as told; `made` counts them. */
function factory(plan: { initFails?: Error[]; stepFails?: Error[] } = {}) {
	const log = { made: 0, disposed: 0 };
	const make = async (): Promise<Engine> => {
		log.made++;
		const e = new TsEngine();
		const init = e.init.bind(e);
		const step = e.step.bind(e);
		const dispose = e.dispose.bind(e);
		e.init = async (...a) => {
			const f = plan.initFails?.shift();
			if (f) throw f;
			return init(...a);
		};
		e.step = async (n) => {
			const f = plan.stepFails?.shift();
			if (f) throw f;
			return step(n);
		};
		e.dispose = () => (log.disposed++, dispose());
		return e;
	};
	return { make, log };
}

async function checkpointAfter(epochs: number): Promise<Checkpoint> {
	const e = new TsEngine();
	await e.init(cfg);
	await e.step(epochs * spe);
	const { adam, ...s } = await e.snapshot({ withAdam: true });
	return { step: s.step, epoch: s.epoch, params: s.params, adam };
}

describe("a run's engine", () => {
	it('faultKind: a lost GPU and a crashed worker are faults; anything else is not', () => {
		expect(faultKind(named('WebGPULostError'))).toBe('gpu-lost');
		expect(faultKind(new WorkerCrashedError('gone'))).toBe('worker-crashed');
		expect(faultKind(new Error('bad config'))).toBeNull();
		expect(faultKind(null)).toBeNull();
	});

	it('start: an engine that crashes while starting is replaced once; a missing GPU goes to the fallback; other errors pass', async () => {
		const { make, log } = factory({ initFails: [new WorkerCrashedError('died')] });
		const re = new RunEngine(make, {}, () => {});
		const e = await re.start((x) => x.init(cfg), () => false);
		expect([log.made, log.disposed, re.current]).toEqual([2, 1, e]);

		const fb = factory();
		const gpu = new RunEngine(factory({ initFails: [named('WebGPUUnavailableError')] }).make, { fallback: fb.make }, () => {});
		await gpu.start((x) => x.init(cfg), () => false);
		expect(fb.log.made).toBe(1);

		const twice = new RunEngine(factory({ initFails: [new WorkerCrashedError('1'), new WorkerCrashedError('2')] }).make, {}, () => {});
		await expect(twice.start((x) => x.init(cfg), () => false)).rejects.toThrow('2');
		await expect(new RunEngine(factory({ initFails: [new Error('no')] }).make, {}, () => {}).start((x) => x.init(cfg), () => false)).rejects.toThrow('no');
	});

	it('train: after a crash, the same steps on a fresh engine resumed from the checkpoint — the run a crash-free engine trains', async () => {
		const ck = await checkpointAfter(2);
		const recovered: Recovery[] = [];
		const { make, log } = factory({ stepFails: [new WorkerCrashedError('the worker died')] });
		const re = new RunEngine(make, {}, (r) => recovered.push(r));
		await re.start((x) => x.init(cfg, { params: ck.params, resume: { step: ck.step, adam: ck.adam } }), () => false);
		const got = await re.train(2 * spe, ck, cfg, () => false);
		expect(log.made).toBe(2);
		expect(recovered).toEqual([{ kind: 'worker-crashed', epoch: 2, engine: 'ts', error: 'the worker died' }]);

		const plain = new TsEngine();
		await plain.init(cfg);
		const want = await plain.step(4 * spe);
		expect(got!.r.epochs).toEqual(want.epochs.slice(2));
		expect(Array.from(got!.snap.params)).toEqual(Array.from((await plain.snapshot()).params));
		expect(got!.adam?.t).toBe(4 * spe);
	});

	it('train gives up after maxRecoveries in a row, and passes on what is no fault', async () => {
		const ck = await checkpointAfter(0);
		const crash = () => new WorkerCrashedError('again');
		const re = new RunEngine(factory({ stepFails: [crash(), crash(), crash()] }).make, { maxRecoveries: 2 }, () => {});
		await re.start((x) => x.init(cfg), () => false);
		await expect(re.train(spe, ck, cfg, () => false)).rejects.toThrow('again');

		const bad = new RunEngine(factory({ stepFails: [new Error('diverged')] }).make, {}, () => {});
		await bad.start((x) => x.init(cfg), () => false);
		await expect(bad.train(spe, ck, cfg, () => false)).rejects.toThrow('diverged');
	});

	it('once the run has moved on, a chunk comes back as null and an engine made for it is disposed', async () => {
		const ck = await checkpointAfter(0);
		let stale = false;
		const { make, log } = factory({ stepFails: [new WorkerCrashedError('died')] });
		const re = new RunEngine(make, {}, () => {});
		await re.start((x) => x.init(cfg), () => false);
		const p = re.train(spe, ck, cfg, () => stale);
		stale = true;
		expect(await p).toBeNull();
		re.drop();
		expect(re.current).toBeNull();
		expect(await re.train(spe, ck, cfg, () => false)).toBeNull(); // no engine
		expect(log.disposed).toBeGreaterThanOrEqual(1);
	});
});
