/** `flatland train`: one run, a JSON line per epoch to stdout or --out, a progress bar on stderr. */
import { createNodeEngine } from './engine';
import { FIELD_HELP, CONFIG_FIELDS, DEFAULTS, ConfigError, coerceField, parseConfig, show, stepsPerEpoch, type Config } from '../lib/core/config';
import { layout } from '../lib/core/params';
import { ImportError, exportRun, importRun, type SavedRun } from '../lib/persist/format';
import type { InitOptions, Snapshot } from '../lib/engines/types';
import { DivergenceError, type EpochMetrics } from '../lib/core/metrics';
import { defaultEngineName, ENGINE_NAMES } from '../lib/engines/index';
import type { EngineName } from '../lib/engines/types';
import { UsageError, configFromFlags, parse } from './args';
import { FileError, LineFile, checkWritable, readText, sameFile, writeAtomic } from './files';
import { Progress } from './progress';

export const trainHelp = `Usage: flatland train [--FIELD VALUE ...] [--init RUN.json] [--save RUN.json] [--engine NAME] [--out FILE] [--quiet]

Trains one model and writes one JSON line per epoch
  {"epoch", "loss", "acc", "test_loss", "test_acc"}
to stdout (or --out FILE); a progress bar goes to stderr.

Config fields (default in brackets):
${CONFIG_FIELDS.map((f) => `  --${f.padEnd(16)} ${FIELD_HELP[f]} [${DEFAULTS[f]}]`).join('\n')}

Options:
  --engine NAME      ${ENGINE_NAMES.join(' | ')} (default: wasm where it loads, else ts)
  --out FILE         write the JSON lines to FILE instead of stdout
  --init RUN.json    continue a saved run (a file exported from the page or written by --save): its
                     config (flags given here override fields that keep the parameter shapes, e.g.
                     --epochs, --lr), from its last snapshot, with Adam's state when the file has it
  --save RUN.json    write the run as a saved-run file at the end; after a divergence, the last
                     good checkpoint (at most 10 epochs before it)
  --quiet            no progress bar

Exit codes: 0 done, 2 bad flag, value or --init file, 3 the run diverged (NaN/Inf; the step is printed).`;

/** Why an existing --out file must not be replaced: anything but the epoch lines of an earlier run (or nothing). */
function epochLinesOnly(text: string): string | null {
	const lines = text.split('\n').filter((l) => l.trim());
	const bad = lines.findIndex((l) => {
		try {
			const x = JSON.parse(l);
			return !(typeof x === 'object' && x !== null && typeof x.epoch === 'number' && 'test_acc' in x);
		} catch {
			return true;
		}
	});
	return bad < 0 ? null : `exists and is not the output of flatland train (line ${bad + 1} is not an epoch line); refusing to replace it — give a new file name`;
}

/** Why an existing --save file must not be replaced: anything but a saved run (or nothing). */
function savedRunOnly(text: string): string | null {
	if (!text.trim()) return null;
	try {
		const x = JSON.parse(text);
		if (x && typeof x === 'object' && x.format === 'flatland-run') return null;
	} catch {
		/* not JSON */
	}
	return 'exists and is not a Flatland saved run; refusing to replace it — give a new file name';
}

/** Snapshots kept in a --save file (the last one always, with Adam's state). */
const SAVE_SNAPSHOTS = 100;

function readInit(file: string, values: Record<string, unknown>): { config: Config; saved: SavedRun } {
	let saved: SavedRun;
	const text = readText(file, '--init');
	try {
		saved = importRun(text, (p) => process.stderr.write(`flatland train: --init ${file}: ${p}\n`));
	} catch (e) {
		throw new FileError(`--init ${file}: ${e instanceof ImportError ? e.message : (e as Error).message}`);
	}
	const given: Record<string, unknown> = {};
	for (const f of CONFIG_FIELDS) if (typeof values[f] === 'string') given[f] = coerceField(f, values[f] as string);
	let config: Config;
	try {
		config = parseConfig({ ...saved.config, ...given });
	} catch (e) {
		if (e instanceof ConfigError) throw new UsageError(`invalid config: ${e.message}`);
		throw e;
	}
	if (layout(config).total !== layout(saved.config).total)
		throw new UsageError(`--init ${file}: the flags change the parameter shapes (${layout(saved.config).total} → ${layout(config).total} numbers); only fields such as --epochs, --lr, --seed may change`);
	return { config, saved };
}

export async function train(argv: string[]): Promise<number> {
	const { values, positionals } = parse(argv, { engine: { type: 'string' }, out: { type: 'string' }, quiet: { type: 'boolean' }, init: { type: 'string' }, save: { type: 'string' } });
	if (values.help) {
		console.log(trainHelp);
		return 0;
	}
	if (positionals.length) throw new UsageError(`train takes only flags (got ${show(positionals[0])}${positionals.length > 1 ? ` and ${positionals.length - 1} more` : ''}); e.g. --init RUN.json`);
	const init = typeof values.init === 'string' ? readInit(values.init, values) : null;
	const config = init?.config ?? configFromFlags(values);
	const engineName = (values.engine as string | undefined) ?? (await defaultEngineName());
	if (!ENGINE_NAMES.includes(engineName as EngineName)) throw new UsageError(`--engine = ${show(engineName)}: must be one of ${ENGINE_NAMES.join(', ')}`);
	// Every output path is checked before the first step: a run is never trained to be lost.
	const outPath = values.out as string | undefined;
	const savePath = values.save as string | undefined;
	if (outPath !== undefined) {
		if (typeof values.init === 'string' && sameFile(outPath, values.init)) throw new FileError(`--out ${outPath}: is the --init file; give another file for the epoch lines`);
		if (savePath !== undefined && sameFile(outPath, savePath)) throw new FileError(`--out ${outPath}: is also the --save file; give two different files`);
		checkWritable(outPath, '--out', epochLinesOnly, { devices: true });
	}
	if (savePath !== undefined) checkWritable(savePath, '--save', savedRunOnly);
	const engine = await createNodeEngine(engineName as EngineName);
	const file = outPath !== undefined ? new LineFile(outPath, '--out', 'w') : null;
	const out = file ?? { write: (line: string) => void process.stdout.write(line), close() {} };
	const progress = values.quiet ? null : new Progress(config.epochs);
	const spe = stepsPerEpoch(config);
	const t0 = performance.now();
	let last: EpochMetrics | undefined;
	const from = init?.saved.snapshots.at(-1);
	const metrics: EpochMetrics[] = init ? init.saved.metrics.filter((m) => m.epoch <= from!.epoch) : [];
	const kept: Snapshot[] = [];
	let good: Snapshot | undefined;
	const save = (note: string) => {
		if (!values.save || !good) return;
		const snaps = [...kept.filter((s) => s.step < good!.step), good];
		const every = Math.ceil(snaps.length / SAVE_SNAPSHOTS);
		const chosen = snaps.filter((s, i) => i % every === 0 || s === good);
		writeAtomic(
			values.save as string,
			exportRun({
				name: `seed ${config.seed}${note}`,
				created: new Date().toISOString(),
				engine: engine.name,
				config,
				metrics: metrics.filter((m) => m.epoch <= good!.epoch),
				snapshots: chosen.map((s) => ({ step: s.step, epoch: s.epoch, params: Array.from(s.params), ...(s.adam && s === good ? { adam: { m: Array.from(s.adam.m), v: Array.from(s.adam.v), t: s.adam.t } } : {}) }))
			}),
			'--save'
		);
	};
	try {
		const options: InitOptions = from ? { params: from.params, resume: { step: from.step, adam: from.adam } } : {};
		await engine.init(config, options);
		good = await engine.snapshot({ withAdam: true });
		if (!from) metrics.push({ ...(await engine.evaluate()), epoch: 0 });
		kept.push(good);
		// Chunks of about 10 epochs keep the progress bar live without a call per step.
		const chunk = Math.max(1, Math.min(10, config.epochs)) * spe;
		let remaining = Math.max(0, config.epochs * spe - good.step);
		while (remaining > 0) {
			const n = Math.min(chunk, remaining);
			const r = await engine.step(n);
			remaining -= n;
			for (const m of r.epochs) {
				out.write(JSON.stringify(m) + '\n');
				metrics.push(m);
				last = m;
			}
			if (values.save) {
				good = await engine.snapshot({ withAdam: true });
				if (kept.length >= 4 * SAVE_SNAPSHOTS) kept.splice(1, kept.length, ...kept.slice(1).filter((_, i) => i % 2 === 1));
				kept.push({ ...good, adam: undefined });
			}
			if (last) progress?.update(last.epoch, { loss: last.loss.toFixed(4), test_acc: last.test_acc.toFixed(3) });
		}
		if (!values.save) good = undefined;
		else good = await engine.snapshot({ withAdam: true });
		save('');
	} catch (e) {
		if (e instanceof DivergenceError) {
			progress?.done('');
			const goodNote = values.save && good ? `; the last good checkpoint (epoch ${good.epoch}, step ${good.step}) is saved in ${values.save}` : '';
			save(` (diverged at step ${e.step})`);
			process.stderr.write(`flatland train: ${e.message} (epoch ${Math.floor((e.step - 1) / spe) + 1}); the last good epoch was ${last?.epoch ?? from?.epoch ?? 0}${goodNote}\n`);
			return 3;
		}
		throw e;
	} finally {
		engine.dispose();
		out.close();
	}
	const secs = (performance.now() - t0) / 1000;
	progress?.done(`done: ${config.epochs} epochs in ${secs.toFixed(1)} s with engine ${engine.name}` + (last ? `; test accuracy ${last.test_acc.toFixed(3)}` : ''));
	return 0;
}
