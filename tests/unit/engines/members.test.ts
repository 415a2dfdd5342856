/**
 * The member rule (engines/members.ts): what a member's seed, data seed and overrides become, and
 * that every population backend follows it — member i trains exactly like a single run of
 * memberConfig(config, member) on memberData(config, member), on the same kind of engine.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/lib/core/config';
import { nanMetrics } from '../../../src/lib/core/metrics';
import { createEngine, createPopulationEngine, type EngineName } from '../../../src/lib/engines/index';
import { byEpoch, MEMBER_FIELDS, memberConfig, memberData, memberDataSeed, memberOf, reportedEpochs } from '../../../src/lib/engines/members';
import type { PopulationMember } from '../../../src/lib/engines/types';
import { gpuSkipReason } from '../helpers/webgpu-setup';

const cfg = parseConfig({ n: 64, batch: 16, h: 8, epochs: 3 });
const members: PopulationMember[] = [{ seed: 0 }, { seed: 1, lr: 0.02, data_seed: 5 }, { seed: 2, mlp_lr_discount: 3, init_scale: 0.5 }];

describe('the member rule', () => {
	it('takes the seed and the overrides from the member, every other field from the population', () => {
		const c = memberConfig(cfg, { seed: 9, lr: 0.5, init_scale: 2 });
		expect(c).toEqual({ ...cfg, seed: 9, lr: 0.5, init_scale: 2 });
		expect(memberConfig(cfg, { seed: cfg.seed })).toEqual(cfg);
		expect(memberDataSeed({ seed: 3 })).toBe(3);
		expect(memberDataSeed({ seed: 3, data_seed: 8 })).toBe(8);
		// The data set comes from the shared config with the member's data seed, whatever its own seed.
		expect(memberData(cfg, { seed: 1, data_seed: 5 })).toEqual(memberData(cfg, { seed: 4, data_seed: 5 }));
		expect(memberData(cfg, { seed: 1 }).train.X).not.toEqual(memberData(cfg, { seed: 2 }).train.X);
	});

	it('memberOf is the inverse: a single run becomes the member that trains like it', () => {
		const run = { ...cfg, seed: 4, lr: 0.07, mlp_lr_discount: 2, init_scale: 0.8 };
		expect(memberConfig(cfg, memberOf(run))).toEqual(run);
		expect(Object.keys(memberOf(run)).sort()).toEqual([...MEMBER_FIELDS].sort());
	});

	it('reports the epochs a call completes: every evalEvery-th and the last', () => {
		expect(reportedEpochs(0, 10, 4)).toEqual([1, 2]);
		expect(reportedEpochs(3, 1, 4)).toEqual([1]);
		expect(reportedEpochs(0, 3, 4)).toEqual([]);
		expect(reportedEpochs(0, 28, 4, 3, 7)).toEqual([3, 6, 7]);
		// Members without an epoch (diverged before it) get the NaN placeholder.
		const m = { epoch: 2, loss: 1, acc: 0.5, test_loss: 1, test_acc: 0.5 };
		expect(byEpoch([1, 2], [[], [m]])).toEqual([[nanMetrics(1), nanMetrics(1)], [nanMetrics(2), m]]);
	});
});

const gpuSkip = await gpuSkipReason();
const backends: { name: EngineName; workers?: number; skip?: string | null }[] = [
	{ name: 'ts' },
	{ name: 'wasm', workers: 0 },
	{ name: 'wasm', workers: 2 },
	{ name: 'webgpu', skip: gpuSkip }
];

describe('every population backend follows the member rule', () => {
	for (const b of backends) {
		it.skipIf(!!b.skip)(`${b.name}${b.workers !== undefined ? ` (${b.workers} workers)` : ''}: member i equals a single run of memberConfig on memberData`, async () => {
			const pop = await createPopulationEngine(b.name, { workers: b.workers });
			try {
				await pop.init(cfg, members);
				const steps = 2 * 4 + 1;
				const r = await pop.step(steps);
				const all = await pop.params();
				const P = all.length / members.length;
				for (const [i, m] of members.entries()) {
					const single = await createEngine(b.name);
					await single.init(memberConfig(cfg, m), { data: memberData(cfg, m) });
					const s = await single.step(steps);
					const own = Float32Array.from((await single.snapshot()).params);
					single.dispose();
					const close = (a: number, x: number) => Math.abs(a - x) <= 1e-6 * Math.max(1, Math.abs(x));
					expect(r.epochs.map((e) => e[i].epoch)).toEqual(s.epochs.map((e) => e.epoch));
					r.epochs.forEach((e, k) => expect(close(e[i].loss, s.epochs[k].loss), `member ${i} epoch ${k + 1} loss`).toBe(true));
					expect(Array.from(all.subarray(i * P, (i + 1) * P)).every((x, j) => close(x, own[j])), `member ${i} params`).toBe(true);
				}
			} finally {
				pop.dispose();
			}
		});
	}
});
