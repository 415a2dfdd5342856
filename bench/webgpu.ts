/**
 * WebGPU population throughput: model-steps/s (Adam steps of one model, batch 32, default config)
 * for R = 1, 64, 1024, 16384, 65536, with the per-epoch evaluation included, next to PyTorch eager
 * (reference/population_bench.py) on CUDA when torch sees a GPU.
 *
 *   npx tsx bench/webgpu.ts [--max-R 1024] [--epochs 1] [--json]
 *
 * On a software adapter (SwiftShader) the figures are correctness evidence only; --max-R defaults
 * to 1024 there, and to 65536 on hardware.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseConfig } from '../src/lib/core/config';
import { installNodeGpu } from '../src/lib/engines/webgpu/node-gpu';

const args = process.argv.slice(2);
const opt = (name: string) => {
	const i = args.indexOf(`--${name}`);
	return i >= 0 ? args[i + 1] : undefined;
};
const json = args.includes('--json');
const epochs = Number(opt('epochs') ?? 1);
const SIZES = [1, 64, 1024, 16384, 65536];

async function main() {
	await installNodeGpu();
	const { webgpuUnavailableReason, createPopulationEngine } = await import('../src/lib/engines/index');
	const reason = await webgpuUnavailableReason();
	if (reason) {
		console.error(`webgpu bench skipped: ${reason}`);
		process.exit(0);
	}
	const adapterInfo = (await (globalThis as unknown as { navigator: { gpu: GPU } }).navigator.gpu.requestAdapter())?.info;
	const software = /swiftshader|llvmpipe|lavapipe/i.test(`${adapterInfo?.description} ${adapterInfo?.vendor} ${adapterInfo?.architecture}`);
	const maxR = Number(opt('max-R') ?? (software ? 1024 : 65536));
	const cfg = parseConfig({});
	const steps = epochs * Math.ceil(cfg.n / cfg.batch);
	const adapter = `${adapterInfo?.vendor ?? '?'} ${adapterInfo?.architecture ?? ''} ${adapterInfo?.description ?? ''}`.trim();
	if (!json) console.log(`adapter: ${adapter}${software ? ' (software: figures are correctness evidence only)' : ''}; ${steps} steps (${epochs} epoch(s) + evaluation) per size`);
	const rows: Record<string, unknown>[] = [];
	for (const R of SIZES.filter((r) => r <= maxR)) {
		const pop = await createPopulationEngine('webgpu');
		const members = Array.from({ length: R }, (_, i) => ({ seed: i }));
		await pop.init(cfg, members);
		await pop.step(1); // compile and warm up outside the timing
		const t0 = performance.now();
		const rep = await pop.step(steps);
		const secs = (performance.now() - t0) / 1000;
		const finite = rep.epochs.at(-1)!.every((m) => Number.isFinite(m.loss));
		pop.dispose();
		const row: Record<string, unknown> = { engine: 'webgpu', R, steps, seconds: secs, model_steps_per_s: (R * steps) / secs, metrics_finite: finite };
		const torch = torchCuda(R, steps);
		if (torch) Object.assign(row, { torch_cuda_model_steps_per_s: torch, ratio_vs_torch: (R * steps) / secs / torch });
		rows.push(row);
		if (json) console.log(JSON.stringify(row));
		else
			console.log(
				`R=${String(R).padStart(6)}  ${fmt((R * steps) / secs)} model-steps/s  (${secs.toFixed(2)} s)` +
					(torch ? `   torch CUDA eager ${fmt(torch)}  ratio ${((R * steps) / secs / torch).toFixed(2)}×` : '')
			);
	}
	if (!json && torchCuda.note) console.log(torchCuda.note);
	process.exit(0);
}

const fmt = (x: number) => (x >= 1e6 ? `${(x / 1e6).toFixed(2)} M` : x >= 1e3 ? `${(x / 1e3).toFixed(1)} k` : x.toFixed(1));

/** PyTorch eager population on CUDA, same R and steps; undefined (with a note) where there is none. */
function torchCuda(R: number, steps: number): number | undefined {
	const script = join(dirname(fileURLToPath(import.meta.url)), '..', 'reference', 'population_bench.py');
	if (torchCuda.note !== undefined && torchCuda.note !== '') return undefined;
	try {
		if (!existsSync(script)) throw new Error(`${script} not found`);
		let cuda = '';
		try {
			cuda = execFileSync('python3', ['-c', 'import torch; print(torch.cuda.is_available())'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
		} catch {
			throw new Error('python3 cannot import torch');
		}
		if (cuda !== 'True') throw new Error('torch sees no CUDA device');
		const out = execFileSync('python3', [script, '--R', String(R), '--steps', String(steps), '--device', 'cuda'], { encoding: 'utf8' });
		torchCuda.note = '';
		return JSON.parse(out.trim().split('\n').at(-1)!).model_steps_per_s;
	} catch (e) {
		torchCuda.note = `PyTorch CUDA comparison skipped: ${(e as Error).message.split('\n')[0]}`;
		return undefined;
	}
}
torchCuda.note = undefined as string | undefined;

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
