/**
 * The PyTorch reference in reference/ (Debian's python3-torch): its self-checks, a run of it against
 * the TypeScript trainer, and the population benchmark's output. Skips, saying why, where
 * /usr/bin/python3 cannot import torch.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/lib/core/config';
import { Trainer } from '../../../src/lib/core/trainer';
import { fixtureFiles } from '../helpers/fixtures';

const PYTHON = '/usr/bin/python3';
const REF = join(__dirname, '..', '..', '..', 'reference');

function torchMissing(): string | null {
	const r = spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' });
	if (r.error) return `${PYTHON} not found`;
	return r.status === 0 ? null : `${PYTHON} cannot import torch (apt-get install python3-torch)`;
}
const missing = torchMissing();
if (missing) console.warn(`PyTorch reference tests skipped: ${missing}`);

const py = (script: string, args: string[]) => execFileSync(PYTHON, [join(REF, script), ...args], { encoding: 'utf8', timeout: 120_000 });

describe.skipIf(missing !== null)('PyTorch reference (reference/)', () => {
	it('check.py: a population is independent models, evaluation in chunks is exact, and every fixture is reproduced by its recorded command', () => {
		const files = fixtureFiles();
		const r = spawnSync(PYTHON, [join(REF, 'check.py'), ...files], { encoding: 'utf8', timeout: 120_000 });
		const lines = r.stdout.trim().split('\n');
		expect(lines.length, r.stdout + r.stderr).toBe(2 + files.length);
		for (const line of lines) expect(line).toMatch(/^ok /);
		expect(r.status).toBe(0);
	}, 120_000);

	it('train.py in float64 trains the run (config, seed) that the TypeScript trainer trains', () => {
		const cfg = parseConfig({ seed: 3, epochs: 3, n: 200, lr: 0.01, norm: 'smooth', h: 9 }); // 7 steps per epoch, the last one short
		const lines = py('train.py', ['--seed', '3', '--epochs', '3', '--n', '200', '--lr', '0.01', '--norm', 'smooth', '--h', '9', '--dtype', 'float64', '--log'])
			.trim()
			.split('\n')
			.map((l) => JSON.parse(l));
		const epochs = lines.slice(0, -1);
		const ref = new Trainer(cfg).run(3 * 7);
		expect(epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
		epochs.forEach((e, i) => {
			for (const k of ['loss', 'test_loss'] as const) expect(Math.abs(e[k] - ref[i][k]) / ref[i][k], `epoch ${i + 1} ${k}`).toBeLessThan(1e-9);
			expect(e.acc).toBe(ref[i].acc);
			expect(e.test_acc).toBe(ref[i].test_acc);
		});
		const summary = lines.at(-1);
		expect(summary).toMatchObject({ bench: 'single', dtype: 'float64', epochs: 3, steps: 21 });
		expect(summary.steps_per_s).toBeGreaterThan(0);
	}, 120_000);

	it('population_bench.py prints one JSON line of model-steps/s', () => {
		const out = py('population_bench.py', ['--R', '3', '--steps', '4', '--warmup', '1', '--n', '40', '--batch', '8', '--eval', '--threads', '1']).trim().split('\n');
		expect(out.length).toBe(1);
		const r = JSON.parse(out[0]);
		expect(r).toMatchObject({ bench: 'population', device: 'cpu', R: 3, steps: 4, eval: true, steps_per_epoch: 5 });
		expect(r.evaluations).toBe(1); // steps 2..5: the epoch ends after step 5
		expect(r.model_steps_per_s).toBeCloseTo((3 * 4) / r.seconds, 6);
		expect(Number.isFinite(r.mean_test_loss)).toBe(true);
	}, 120_000);
});
