/** Populations: member i trains exactly like a single run of its own config, in one instance or in a worker pool. */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/lib/core/config';
import { initParams, layout } from '../../../src/lib/core/params';
import { createPopulationEngine } from '../../../src/lib/engines/index';
import { memberConfig, memberData } from '../../../src/lib/engines/members';
import type { PopulationMember } from '../../../src/lib/engines/types';
import { WasmEngine } from '../../../src/lib/engines/wasm';
import { shares } from '../../../src/lib/engines/wasm-pool';

const cfg = parseConfig({ n: 128, batch: 16, h: 12 });

const members: PopulationMember[] = [
	{ seed: 0 },
	{ seed: 1, lr: 0.02 },
	{ seed: 2, data_seed: 7, mlp_lr_discount: 3 },
	{ seed: 3, init_scale: 0.5 },
	{ seed: 4, lr: 0.05, data_seed: 0 }
];

const STEPS = 8 * 3 + 5; // 3 epochs and a bit

async function single(m: PopulationMember) {
	const e = new WasmEngine('wasm');
	await e.init(memberConfig(cfg, m), { data: memberData(cfg, m) });
	const r = await e.step(STEPS);
	return { epochs: r.epochs, params: (await e.snapshot()).params };
}

describe('WebAssembly populations', () => {
	it('splits members into near-equal contiguous shares', () => {
		expect(shares(10, 3)).toEqual([[0, 4], [4, 7], [7, 10]]);
		expect(shares(2, 4)).toEqual([[0, 1], [1, 2]]);
	});

	for (const workers of [0, 2]) {
		it(`member i equals a single run of its config (${workers === 0 ? 'in this thread' : 'a pool of 2 workers'})`, async () => {
			const pop = await createPopulationEngine('wasm', { workers });
			try {
				await pop.init(cfg, members);
				const r = await pop.step(STEPS);
				expect(r.step).toBe(STEPS);
				expect(r.epochs.length).toBe(3);
				expect(r.diverged).toEqual([]);
				const all = await pop.params();
				const P = layout(cfg).total;
				expect(all.length).toBe(members.length * P);
				for (let i = 0; i < members.length; i++) {
					const s = await single(members[i]);
					expect(Array.from(all.subarray(i * P, (i + 1) * P))).toEqual(Array.from(s.params));
					expect(r.epochs.map((e) => e[i])).toEqual(s.epochs);
				}
				// Members differ (own seeds and hyperparameters).
				expect(r.epochs[2][0].loss).not.toBe(r.epochs[2][1].loss);
				const ev = await pop.evaluate();
				expect(ev.length).toBe(members.length);
				expect(ev[0].epoch).toBe(3);
			} finally {
				pop.dispose();
			}
		});
	}

	it('takes explicit initial params and reports a diverged member without stopping the others', async () => {
		const pop = await createPopulationEngine('wasm-scalar', { workers: 2 });
		try {
			const params = members.slice(0, 3).map((m) => initParams(memberConfig(cfg, m)));
			params[1][0] = NaN;
			await pop.init(cfg, members.slice(0, 3), { params });
			const r = await pop.step(10);
			expect(r.diverged).toEqual([{ member: 1, step: 1 }]);
			expect(Number.isNaN(r.epochs[0][1].loss)).toBe(true);
			expect(Number.isFinite(r.epochs[0][0].loss) && Number.isFinite(r.epochs[0][2].loss)).toBe(true);
		} finally {
			pop.dispose();
		}
	});
});
