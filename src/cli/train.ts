/** `flatland train`: one run, a JSON line per epoch to stdout or --out, a progress bar on stderr. */
import { createNodeEngine } from './engine';
import { createWriteStream } from 'node:fs';
import { FIELD_HELP, CONFIG_FIELDS, DEFAULTS, stepsPerEpoch } from '../lib/core/config';
import { DivergenceError, type EpochMetrics } from '../lib/core/metrics';
import { defaultEngineName, ENGINE_NAMES } from '../lib/engines/index';
import type { EngineName } from '../lib/engines/types';
import { UsageError, configFromFlags, parse } from './args';
import { Progress } from './progress';

export const trainHelp = `Usage: flatland train [--FIELD VALUE ...] [--engine NAME] [--out FILE] [--quiet]

Trains one model and writes one JSON line per epoch
  {"epoch", "loss", "acc", "test_loss", "test_acc"}
to stdout (or --out FILE); a progress bar goes to stderr.

Config fields (default in brackets):
${CONFIG_FIELDS.map((f) => `  --${f.padEnd(16)} ${FIELD_HELP[f]} [${DEFAULTS[f]}]`).join('\n')}

Options:
  --engine NAME      ${ENGINE_NAMES.join(' | ')} (default: wasm where it loads, else ts)
  --out FILE         write the JSON lines to FILE instead of stdout
  --quiet            no progress bar

Exit codes: 0 done, 2 bad flag or value, 3 the run diverged (NaN/Inf; the step is printed).`;

export async function train(argv: string[]): Promise<number> {
	const { values } = parse(argv, { engine: { type: 'string' }, out: { type: 'string' }, quiet: { type: 'boolean' } });
	if (values.help) {
		console.log(trainHelp);
		return 0;
	}
	const config = configFromFlags(values);
	const engineName = (values.engine as string | undefined) ?? (await defaultEngineName());
	if (!ENGINE_NAMES.includes(engineName as EngineName)) throw new UsageError(`--engine = ${JSON.stringify(engineName)}: must be one of ${ENGINE_NAMES.join(', ')}`);
	const engine = await createNodeEngine(engineName as EngineName);
	const out = values.out ? createWriteStream(values.out as string) : process.stdout;
	const progress = values.quiet ? null : new Progress(config.epochs);
	const spe = stepsPerEpoch(config);
	const t0 = performance.now();
	let last: EpochMetrics | undefined;
	try {
		await engine.init(config);
		// Chunks of about 10 epochs keep the progress bar live without a call per step.
		const chunk = Math.max(1, Math.min(10, config.epochs)) * spe;
		let remaining = config.epochs * spe;
		while (remaining > 0) {
			const n = Math.min(chunk, remaining);
			const r = await engine.step(n);
			remaining -= n;
			for (const m of r.epochs) {
				out.write(JSON.stringify(m) + '\n');
				last = m;
			}
			if (last) progress?.update(last.epoch, { loss: last.loss.toFixed(4), test_acc: last.test_acc.toFixed(3) });
		}
	} catch (e) {
		if (e instanceof DivergenceError) {
			progress?.done('');
			process.stderr.write(`flatland train: ${e.message} (epoch ${Math.floor((e.step - 1) / spe) + 1}); the last good epoch was ${last?.epoch ?? 0}\n`);
			return 3;
		}
		throw e;
	} finally {
		engine.dispose();
		if (out !== process.stdout) await new Promise((r) => (out as NodeJS.WritableStream).end(r));
	}
	const secs = (performance.now() - t0) / 1000;
	progress?.done(`done: ${config.epochs} epochs in ${secs.toFixed(1)} s with engine ${engine.name}` + (last ? `; test accuracy ${last.test_acc.toFixed(3)}` : ''));
	return 0;
}
