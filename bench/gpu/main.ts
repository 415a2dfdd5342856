/**
 * The GPU bench: the entry point of the kit's one JavaScript file (bench/gpu/build.ts bundles it),
 * also runnable from the sources (`npx tsx bench/gpu/main.ts …`, or `npm run bench -- --engine webgpu`).
 *
 *   run [--rehearsal] [--budget-s 240] [--out DIR] [--fixtures DIR] [--reference FILE] [--sizes 1,64,…] [--max-R N]
 *       everything, in child processes (a crash or a hang costs one figure, not the run)
 *   adapter                 the adapter and the device the engine gets
 *   parity --fixtures DIR   the WebGPU engine on every fixture
 *   population --R N        model-steps/s at one R
 *   summary FILE            the table of a results file (JSON lines)
 *
 * Environment: KIT_REHEARSAL=1 (same as --rehearsal), KIT_BUDGET_S, KIT_SIZES, KIT_MAX_R,
 * KIT_DAWN_FLAGS (space-separated flags for Dawn's create(), e.g. "backend=vulkan"), KIT_TIMESTAMPS=0
 * (no timestamp queries: per-submit wall times around onSubmittedWorkDone instead).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { GpuRecorder } from './instrument';
import { measurePopulation, oneLine, parityAll, probeAdapter, setupGpu } from './measure';
import { emit, parseRecords } from './records';
import { runAll, type RunOptions } from './orchestrate';
import { summaryTable } from './table';

const [command = 'run', ...args] = process.argv.slice(2).filter((a, i) => i > 0 || a !== '--');
const opt = (name: string, env?: string): string | undefined => {
	const i = args.indexOf(`--${name}`);
	return i >= 0 ? args[i + 1] : env ? process.env[env] || undefined : undefined;
};
const flag = (name: string, env?: string) => args.includes(`--${name}`) || (!!env && /^(1|true|yes)$/i.test(process.env[env] ?? ''));
const num = (name: string, fallback: number, env?: string, zeroOk = false): number => {
	const v = opt(name, env);
	if (v === undefined) return fallback;
	const x = Number(v);
	if (!Number.isFinite(x) || x < 0 || (x === 0 && !zeroOk)) fail(`--${name} must be a ${zeroOk ? 'number ≥ 0' : 'positive number'}, not ${JSON.stringify(v)}`);
	return x;
};
const dawnFlags = (process.env.KIT_DAWN_FLAGS ?? '').split(/\s+/).filter(Boolean);

function fail(message: string): never {
	console.error(`gpu-bench: ${message}`);
	process.exit(2);
}

/**
 * Set up Dawn (watched), run one measurement; any failure becomes an error record that carries the
 * device-lost reason and the uncaptured WebGPU errors seen, if any.
 */
async function withGpu(phase: string, extra: Record<string, unknown>, body: (rec: GpuRecorder) => Promise<number>): Promise<number> {
	let rec: GpuRecorder | undefined;
	try {
		rec = await setupGpu(dawnFlags);
		const code = await body(rec);
		if (rec.errors.length || rec.deviceLost) emit({ kind: 'gpu-errors', phase, ...extra, uncaptured: rec.errors.slice(0, 50), device_lost: rec.deviceLost ?? null });
		return code;
	} catch (e) {
		emit({ kind: 'error', phase, ...extra, message: oneLine(e), device_lost: rec?.deviceLost ?? null, uncaptured: rec?.errors.slice(0, 50) ?? [] });
		return 1;
	}
}

async function main(): Promise<number> {
	switch (command) {
		case 'adapter':
			return withGpu('adapter', {}, async (rec) => (await probeAdapter(rec), 0));
		case 'parity': {
			const dir = opt('fixtures') ?? fail('parity needs --fixtures DIR');
			return withGpu('parity', {}, async (rec) => ((await parityAll(rec, dir)) ? 1 : 0));
		}
		case 'population': {
			const R = num('R', 0);
			if (!Number.isInteger(R) || R < 1) fail('population needs --R N (a positive integer)');
			const maxEpochs = num('max-epochs', 100);
			const targetSeconds = num('target-s', 2, undefined, true);
			return withGpu('webgpu', { R }, async (rec) => (await measurePopulation(rec, { R, maxEpochs, targetSeconds, software: rec.adapter!.software }), 0));
		}
		case 'summary': {
			const file = args[0] ?? fail('summary needs a results file (JSON lines)');
			console.log(summaryTable(parseRecords(readFileSync(file, 'utf8'))));
			return 0;
		}
		case 'run': {
			const sizes = opt('sizes', 'KIT_SIZES');
			const o: RunOptions = {
				rehearsal: flag('rehearsal', 'KIT_REHEARSAL'),
				budgetS: num('budget-s', 240, 'KIT_BUDGET_S'),
				maxR: opt('max-R', 'KIT_MAX_R') === undefined ? undefined : num('max-R', 1, 'KIT_MAX_R'),
				sizes: sizes?.split(',').map((s) => {
					const r = Number(s);
					if (!Number.isInteger(r) || r < 1) fail(`--sizes: ${JSON.stringify(s)} is not a positive integer`);
					return r;
				}),
				fixtures: opt('fixtures'),
				reference: opt('reference'),
				python: opt('python', 'KIT_PYTHON') ?? 'python3',
				outDir: opt('out', 'OUT'),
				kitDir: opt('kit'),
				script: fileURLToPath(import.meta.url)
			};
			return runAll(o);
		}
		default:
			fail(`unknown command ${JSON.stringify(command)} (run, adapter, parity, population, summary)`);
	}
}

main().then(
	(code) => process.exit(code),
	(e) => {
		emit({ kind: 'error', phase: command, message: oneLine(e) });
		process.exit(1);
	}
);
