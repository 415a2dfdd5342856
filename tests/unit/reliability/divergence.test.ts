/**
 * Diverging runs: NaN/Inf is caught in every engine in the very step it appears, the Run store
 * stops with status 'diverged' and keeps its last good snapshot, and `flatland train` exits 3
 * naming the step (and, with --save, keeps the last good checkpoint in a file).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { get } from 'svelte/store';
import { parseConfig, stepsPerEpoch } from '../../../src/lib/core/config';
import { DivergenceError } from '../../../src/lib/core/metrics';
import { initParams } from '../../../src/lib/core/params';
import { createEngine } from '../../../src/lib/engines/index';
import type { Engine, EngineName } from '../../../src/lib/engines/types';
import { importRun } from '../../../src/lib/persist/format';
import { Run } from '../../../src/lib/stores/run';
import { train } from '../../../src/cli/train';
import { gpuSkipReason } from '../helpers/webgpu-setup';

const config = parseConfig({ seed: 2, n: 128, batch: 16, epochs: 40 });
const spe = stepsPerEpoch(config); // 8
/** Overflows the forward pass in float32 (1e30² > 3.4e38) and Adam's v in float64 (1e160² > 1.8e308). */
const HUGE: Record<string, number> = { ts: 1e160, wasm: 1e30, 'wasm-scalar': 1e30, webgpu: 1e30 };

const gpuSkip = await gpuSkipReason();
const engines: EngineName[] = ['ts', 'wasm', 'wasm-scalar', ...(gpuSkip ? [] : (['webgpu'] as const))];

async function make(name: EngineName): Promise<Engine> {
	if (name === 'webgpu') return new (await import('../../../src/lib/engines/webgpu')).WebGPUEngine();
	return createEngine(name);
}

describe.each(engines)('engine %s', (name) => {
	it('reports the exact step, mid-epoch and mid-call, where a huge parameter makes the run non-finite', async () => {
		for (const at of [0, 37, 3 * spe]) {
			const e = await make(name);
			const good = await make(name);
			const params = initParams(config).map((v) => v * HUGE[name]);
			// Resume at step `at`: the first update is step at + 1, wherever that falls in an epoch.
			await e.init(config, { params, resume: { step: at } });
			const err = await e.step(4 * spe).then(
				() => null,
				(x) => x
			);
			expect(err).toBeInstanceOf(DivergenceError);
			expect((err as DivergenceError).step).toBe(at + 1);
			expect((err as DivergenceError).message).toMatch(new RegExp(`diverged at step ${at + 1}: .* not finite`));
			// The same start with ordinary weights trains through those steps.
			await good.init(config, { params: initParams(config), resume: { step: at } });
			const r = await good.step(4 * spe);
			expect(r.step).toBe(at + 4 * spe);
			e.dispose();
			good.dispose();
		}
	}, 60_000);
});

/** The last snapshot of a run, made to overflow with huge (finite) weights. */
function poisoned(name: string, ck: { step: number; epoch: number; params: ArrayLike<number> }) {
	return {
		step: ck.step,
		epoch: ck.epoch,
		params: Array.from(ck.params, (v) => v * HUGE[name])
	};
}

describe('the Run store on a diverging run', () => {
	it('stops with status diverged, says where, and keeps the last good snapshot and checkpoint', async () => {
		for (const name of ['ts', 'wasm'] as const) {
			const run = new Run(config, () => createEngine(name));
			await run.reset();
			await run.trainTo(5, 5);
			const goodSnaps = get(run.snapshots);
			const goodCk = run.lastCheckpoint()!;
			// A saved run whose last snapshot holds huge weights (finite, so the file is valid): loading it and playing diverges.
			// (Written as JSON directly: exportRun rounds to float32, and 1e160 is a float64-only value.)
			const saved = importRun(
				JSON.stringify({
					format: 'flatland-run',
					version: 1,
					name: 'poisoned',
					config,
					metrics: get(run.metrics),
					snapshots: [...goodSnaps.map((s) => ({ step: s.step, epoch: s.epoch, params: Array.from(s.params) })).slice(0, -1), poisoned(name, goodCk)]
				})
			);
			await run.restore(saved);
			expect(get(run.status)).toBe('paused');
			const before = get(run.snapshots);
			await run.trainTo(20, 5);
			expect(get(run.status)).toBe('diverged');
			const m = /diverged at step (\d+): .*not finite\. Training stopped; the last good snapshot is kept\./.exec(get(run.message));
			expect(m, get(run.message)).not.toBeNull();
			expect(Number(m![1])).toBe(5 * spe + 1);
			expect(get(run.snapshots)).toEqual(before); // nothing appended, nothing lost
			expect(get(run.metrics).at(-1)!.epoch).toBe(5);
			expect(run.lastCheckpoint()!.step).toBe(5 * spe);
			// Play does nothing on a diverged run; reset starts again cleanly.
			run.play();
			expect(get(run.status)).toBe('diverged');
			await run.reset();
			expect(get(run.status)).toBe('paused');
			expect(get(run.message)).toBe('');
			run.dispose();
		}
	});
});

describe('flatland train on a diverging run', () => {
	const dir = mkdtempSync(join(tmpdir(), 'flatland-div-'));
	async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
		let stdout = '';
		let stderr = '';
		const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
		const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
		const l = vi.spyOn(console, 'log').mockImplementation((s) => void (stdout += String(s) + '\n'));
		try {
			return { code: await train(argv), stdout, stderr };
		} finally {
			o.mockRestore();
			e.mockRestore();
			l.mockRestore();
		}
	}

	it('--save then --init continues a run exactly; a poisoned --init exits 3 naming the step and keeps the last good checkpoint', async () => {
		const flags = ['--seed', '2', '--n', '128', '--batch', '16', '--quiet', '--engine', 'wasm'];
		const full = await cli([...flags, '--epochs', '30']);
		expect(full.code).toBe(0);
		const a = join(dir, 'a.json');
		const first = await cli([...flags, '--epochs', '12', '--save', a]);
		expect(first.code).toBe(0);
		const savedA = importRun(readFileSync(a, 'utf8'));
		expect(savedA.snapshots.at(-1)).toMatchObject({ step: 12 * spe, epoch: 12 });
		expect(savedA.snapshots.at(-1)!.adam!.t).toBe(12 * spe);
		const rest = await cli(['--init', a, '--epochs', '30', '--quiet']);
		expect(rest.code).toBe(0);
		// Epochs 13..30 of the continued run are those of the uninterrupted run, bit for bit.
		expect(first.stdout + rest.stdout).toBe(full.stdout);

		// Poison the last snapshot: the next step overflows.
		const doc = JSON.parse(readFileSync(a, 'utf8'));
		const last = doc.snapshots.at(-1);
		last.params = last.params.map((v: number) => v * 1e30);
		const bad = join(dir, 'bad.json');
		writeFileSync(bad, JSON.stringify(doc));
		const kept = join(dir, 'kept.json');
		const div = await cli(['--init', bad, '--epochs', '30', '--quiet', '--save', kept]);
		expect(div.code).toBe(3);
		expect(div.stderr).toMatch(new RegExp(`diverged at step ${12 * spe + 1}: .*not finite \\(epoch 13\\); the last good epoch was 12; the last good checkpoint \\(epoch 12, step ${12 * spe}\\) is saved`));
		const k = importRun(readFileSync(kept, 'utf8'));
		expect(k.snapshots.at(-1)!.step).toBe(12 * spe);
		expect(k.name).toMatch(/diverged at step 97/);

		// A mid-run divergence after a clean stretch: the saved checkpoint is the last good chunk boundary.
		const c = await cli(['--init', a, '--epochs', '30', '--quiet', '--lr', '10', '--save', kept]);
		expect([0, 3]).toContain(c.code); // lr = 10 may or may not diverge; either way the file is valid
		importRun(readFileSync(kept, 'utf8'));

		// Bad --init files exit 2 with the reason.
		writeFileSync(bad, '{"format":"flatland-run","version":7}');
		await expect(train(['--init', bad])).rejects.toThrow(/version 7/);
		await expect(train(['--init', a, '--d', '4'])).rejects.toThrow(/change the parameter shapes/);
		await expect(train(['--init', join(dir, 'missing.json')])).rejects.toThrow(/--init .*missing\.json: does not exist/);
	}, 60_000);
});
