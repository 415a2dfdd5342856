/**
 * stores/run-session.ts: a session's state and the engine work that changes it — reset to the
 * config's first snapshot, restore of a saved run (refused, changing nothing, when it cannot be
 * used), dispose. The controls that drive it are the Run's (stores/run.test.ts).
 */
import { get } from 'svelte/store';
import { describe, expect, it } from 'vitest';
import { TsEngine } from '../../../src/lib/engines/ts';
import { RunSession, type RestorableRun } from '../../../src/lib/stores/run-session';

const small = { seed: 2, n: 64, batch: 16, h: 6, epochs: 4 };
const session = () => new RunSession(small, async () => new TsEngine());

describe('a run session', () => {
	it("reset: the config's first snapshot, evaluated, as the checkpoint; paused; a bad config changes nothing", async () => {
		const s = session();
		await s.reset({ seed: 5 });
		expect(get(s.status)).toBe('paused');
		expect(get(s.engineName)).toBe('ts');
		expect(get(s.config).seed).toBe(5);
		const [first] = get(s.snapshots);
		expect(get(s.snapshots)).toHaveLength(1);
		expect(get(s.metrics)).toEqual([first.metrics]);
		expect(s.lastCheckpoint()).toMatchObject({ step: 0, epoch: 0 });
		expect(s.lastCheckpoint()!.adam?.t).toBe(0);
		await s.reset({ h: -1 });
		expect(get(s.message)).toMatch(/^Not reset: h/);
		expect(get(s.config).h).toBe(6);
		expect(get(s.status)).toBe('paused');
		s.dispose();
		expect(get(s.status)).toBe('idle');
	});

	it('restore: config, metrics up to the last snapshot and the snapshots come back; the engine resumes there', async () => {
		const e = new TsEngine();
		const cfg = { ...small, seed: 9 };
		const s = session();
		await s.reset(cfg);
		await e.init(get(s.config));
		const r = await e.step(2 * 4);
		const { adam, ...snap } = await e.snapshot({ withAdam: true });
		const saved: RestorableRun = { config: cfg, metrics: [...r.epochs, { ...r.epochs[1], epoch: 3 }], snapshots: [{ ...snap, adam }] };
		await s.restore(saved);
		expect(get(s.status)).toBe('paused');
		expect(get(s.metrics).map((m) => m.epoch)).toEqual([1, 2]); // epoch 3 is past the last snapshot
		expect(get(s.snapshots)[0].metrics).toEqual(r.epochs[1]);
		expect(s.lastCheckpoint()).toMatchObject({ step: 8, epoch: 2 });
		expect(get(s.message)).toBe('');

		await s.restore({ ...saved, snapshots: [{ ...snap }] });
		expect(get(s.message)).toBe('This saved run has no optimizer state; training continues from epoch 2 with fresh Adam moments.');
		s.dispose();
	});

	it('a saved run it cannot use is refused with the reason, and the session is as it was', async () => {
		const s = session();
		await s.reset();
		const before = get(s.snapshots);
		await s.restore({ config: small, metrics: [], snapshots: [] });
		expect(get(s.message)).toBe('Not loaded: the saved run has no snapshot');
		await s.restore({ config: small, metrics: [], snapshots: [{ step: 40, epoch: 10, params: [] }] });
		expect(get(s.message)).toBe('Not loaded: its last snapshot (epoch 10) is past its 4 epochs');
		await s.restore({ config: { p: 1 }, metrics: [], snapshots: [{ step: 0, epoch: 0, params: [] }] });
		expect(get(s.message)).toMatch(/^Not loaded: p/);
		expect(get(s.snapshots)).toBe(before);
		expect(get(s.status)).toBe('paused');
		s.dispose();
	});
});
