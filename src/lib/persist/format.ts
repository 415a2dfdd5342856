/**
 * The saved-run file: a versioned JSON document with the config, the metrics of every epoch and a
 * bounded set of snapshots. Imports are checked before anything is touched: a file that is too
 * large, not JSON, of another format or version, inconsistent with its config, or carrying
 * non-finite numbers is rejected with a message that says which.
 */
import { z } from 'zod';
import { ConfigError, parseConfig, stepsPerEpoch, type Config } from '../core/config';
import type { EpochMetrics } from '../core/metrics';
import { layout } from '../core/params';

export const FORMAT = 'flatland-run';
export const VERSION = 1;
/** Largest accepted file (characters): a 1000-epoch run with 600 snapshots is about 3 MB. */
export const MAX_BYTES = 32 * 1024 * 1024;
export const MAX_SNAPSHOTS = 5000;
export const MAX_EPOCHS = 1_000_000;

export interface SavedSnapshot {
	step: number;
	epoch: number;
	params: number[];
	/** Adam's state (optional; the last snapshot carries it so that a reload resumes exactly). */
	adam?: { m: number[]; v: number[]; t: number };
}

export interface SavedRun {
	format: typeof FORMAT;
	version: typeof VERSION;
	name: string;
	created: string;
	engine: string;
	config: Config;
	metrics: EpochMetrics[];
	snapshots: SavedSnapshot[];
}

export class ImportError extends Error {
	name = 'ImportError';
}

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

const metricSchema = z.object({
	epoch: count.max(MAX_EPOCHS),
	loss: finite,
	acc: finite.refine((v) => v >= 0 && v <= 1, 'must be in [0, 1]'),
	test_loss: finite,
	test_acc: finite.refine((v) => v >= 0 && v <= 1, 'must be in [0, 1]')
});

const fileSchema = z.object({
	format: z.literal(FORMAT, { error: `is not a Flatland run (format must be "${FORMAT}")` }),
	version: z.number(),
	name: z.string().max(200).default('imported run'),
	created: z.string().max(64).default(''),
	engine: z.string().max(32).default(''),
	config: z.record(z.string(), z.unknown()),
	metrics: z.array(metricSchema).max(MAX_EPOCHS + 1),
	snapshots: z
		.array(
			z.object({
				step: count,
				epoch: count.max(MAX_EPOCHS),
				params: z.array(finite),
				adam: z.object({ m: z.array(finite), v: z.array(finite.refine((x) => x >= 0, 'must be ≥ 0')), t: count }).optional()
			})
		)
		.min(1, 'must hold at least one snapshot')
		.max(MAX_SNAPSHOTS)
});

/** Serialise a run (params rounded to float32 precision, which is what engines hold). */
export function exportRun(run: Omit<SavedRun, 'format' | 'version'>): string {
	const f32 = (a: ArrayLike<number>) => Array.from(a, Math.fround);
	const snapshots = run.snapshots.map((s) => ({ ...s, params: f32(s.params), ...(s.adam ? { adam: { m: f32(s.adam.m), v: f32(s.adam.v), t: s.adam.t } } : {}) }));
	const doc: SavedRun = { format: FORMAT, version: VERSION, ...run, snapshots };
	return JSON.stringify(doc);
}

/** Parse and check an imported file. Throws ImportError; never returns a partial run. */
export function importRun(text: string): SavedRun {
	if (typeof text !== 'string') throw new ImportError('the file is not text');
	if (text.length > MAX_BYTES) throw new ImportError(`the file is too large (${(text.length / 1e6).toFixed(1)} MB; at most ${MAX_BYTES / 1e6} MB)`);
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch (e) {
		throw new ImportError(`the file is not valid JSON (${(e as Error).message})`);
	}
	if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new ImportError('the file is not a Flatland run (expected a JSON object)');
	const version = (json as { version?: unknown }).version;
	if ((json as { format?: unknown }).format === FORMAT && version !== VERSION)
		throw new ImportError(`the file is version ${JSON.stringify(version)} of the run format; this Flatland reads version ${VERSION}`);
	const r = fileSchema.safeParse(json);
	if (!r.success) {
		const i = r.error.issues[0];
		const where = i.path.join('.');
		throw new ImportError(`the file is not a valid Flatland run: ${where ? `${where} ` : ''}${i.message}`);
	}
	let config: Config;
	try {
		config = parseConfig(r.data.config);
	} catch (e) {
		throw new ImportError(`the run's config is invalid: ${e instanceof ConfigError ? e.message : (e as Error).message}`);
	}
	const total = layout(config).total;
	const spe = stepsPerEpoch(config);
	r.data.snapshots.forEach((s, i) => {
		if (s.params.length !== total) throw new ImportError(`snapshots.${i}.params has ${s.params.length} numbers; the config needs ${total}`);
		if (s.epoch > config.epochs) throw new ImportError(`snapshots.${i}.epoch = ${s.epoch} is past the run's ${config.epochs} epochs`);
		if (Math.floor(s.step / spe) !== s.epoch) throw new ImportError(`snapshots.${i}: step ${s.step} is not in epoch ${s.epoch} (${spe} steps per epoch)`);
		if (i > 0 && s.step < r.data.snapshots[i - 1].step) throw new ImportError(`snapshots.${i}: snapshots must be in step order`);
		if (s.adam && (s.adam.m.length !== total || s.adam.v.length !== total))
			throw new ImportError(`snapshots.${i}.adam has ${s.adam.m.length} and ${s.adam.v.length} numbers; the config needs ${total} each`);
	});
	return { ...r.data, format: FORMAT, version: VERSION, config };
}
