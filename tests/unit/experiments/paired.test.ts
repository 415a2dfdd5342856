import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/lib/core/config';
import { pairedAgainst, pairedMarkdown, parseBaseline, signTest } from '../../../src/lib/experiments/paired';
import type { RunRecord } from '../../../src/lib/experiments/record';

function rec(seed: number, norm: 'rms' | 'smooth', acc: number, spikes: number): RunRecord {
	const config = parseConfig({ seed, norm });
	return {
		v: 1,
		id: `${norm}-${seed}`,
		spec: 'ab',
		kind: 'train',
		point: { norm },
		seed,
		config,
		final: { epoch: 1000, loss: 0.1, acc, test_loss: 0.1, test_acc: acc },
		best_test_acc: acc,
		curve: { every: 10, epoch: [1000], test_acc: [acc], loss: [0.1] },
		spikes,
		engine: 'ts',
		seconds: 1
	};
}

describe('paired comparison against a baseline point', () => {
	it('the exact sign test', () => {
		expect(signTest(11, 37)).toBeCloseTo(0.0202, 3); // 26 vs 11 discordant seeds
		expect(signTest(5, 10)).toBe(1);
		expect(signTest(0, 6)).toBeCloseTo(2 / 64, 12);
		expect(signTest(0, 0)).toBe(1);
	});

	it('pairs runs by seed and reports differences, shares and discordant successes', () => {
		const rs = [rec(0, 'rms', 1, 2), rec(1, 'rms', 0.5, 1), rec(2, 'rms', 0.95, 0), rec(0, 'smooth', 1, 0), rec(1, 'smooth', 0.5, 0), rec(2, 'smooth', 0.5, 0), rec(3, 'smooth', 1, 0)];
		const [row, ...rest] = pairedAgainst(rs, parseBaseline('norm=rms'));
		expect(rest).toEqual([]);
		expect(row.pairs).toBe(3); // seed 3 has no baseline run
		expect(row.spikes!.diff.est).toBeCloseTo(-1, 12);
		expect(row.spikes!.baseWithSpike.est).toBeCloseTo(2 / 3, 12);
		expect(row.spikes!.thisWithSpike.est).toBe(0);
		expect(row.success).toMatchObject({ onlyBase: 1, onlyThis: 0 });
		expect(pairedMarkdown([row], { norm: 'rms' })).toContain('| norm = smooth | 3 | 1.00 → 0.00 |');
		// Every synthetic run is below ln 2 at its only curve point: all left, none later.
		expect(row.plateau).toMatchObject({ baseLeft: 3, thisLeft: 3, bothLeft: 3, delayMedian: 0 });
		// A smoothed run that leaves the plateau 200 epochs after its RMS twin, another that never does.
		rs[0].curve = { every: 100, epoch: [100, 200, 1000], test_acc: [0.5, 1, 1], loss: [0.69, 0.1, 0.01] };
		rs[3].curve = { every: 100, epoch: [100, 200, 300, 400, 1000], test_acc: [0.5, 0.5, 0.5, 1, 1], loss: [0.69, 0.69, 0.69, 0.1, 0.01] };
		rs[4].curve = { every: 100, epoch: [100, 1000], test_acc: [0.5, 0.5], loss: [0.69, 0.69] };
		const [again] = pairedAgainst(rs, { norm: 'rms' });
		expect(again.plateau).toMatchObject({ baseLeft: 3, thisLeft: 2, bothLeft: 2 });
		expect(again.plateau!.delay.est).toBe(100);
		expect(() => parseBaseline('norm')).toThrow(/FIELD=VALUE/);
	});
});
