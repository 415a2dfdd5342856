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

const snapshotSchema = z.object({
	step: count,
	epoch: count.max(MAX_EPOCHS),
	params: z.array(finite),
	adam: z.object({ m: z.array(finite), v: z.array(finite.refine((x) => x >= 0, 'must be ≥ 0')), t: count }).optional()
});

const fileSchema = z.object({
	format: z.literal(FORMAT, { error: `is not a Flatland run (format must be "${FORMAT}")` }),
	version: z.number(),
	name: z.string().max(200).default('imported run'),
	created: z.string().max(64).default(''),
	engine: z.string().max(32).default(''),
	config: z.record(z.string(), z.unknown()),
	metrics: z.array(metricSchema).max(MAX_EPOCHS + 1),
	// Each snapshot is checked on its own (checkSnapshot): one bad snapshot is skipped, not the file.
	snapshots: z.array(z.unknown()).min(1, 'must hold at least one snapshot').max(MAX_SNAPSHOTS)
});

/** A zod problem as "path message" (path joined with dots, under `prefix`). */
function issueText(i: z.core.$ZodIssue, prefix = ''): string {
	const where = [prefix, ...i.path.map(String)].filter(Boolean).join('.');
	return `${where ? `${where} ` : ''}${i.message}`;
}

/** One snapshot checked against the config: the snapshot, or what is wrong with it. */
function checkSnapshot(raw: unknown, i: number, total: number, spe: number, epochs: number): SavedSnapshot | string {
	const r = snapshotSchema.safeParse(raw);
	if (!r.success) return issueText(r.error.issues[0], `snapshots.${i}`);
	const s = r.data;
	if (s.params.length !== total) return `snapshots.${i}.params has ${s.params.length} numbers; the config needs ${total}`;
	if (s.epoch > epochs) return `snapshots.${i}.epoch = ${s.epoch} is past the run's ${epochs} epochs`;
	if (Math.floor(s.step / spe) !== s.epoch) return `snapshots.${i}: step ${s.step} is not in epoch ${s.epoch} (${spe} steps per epoch)`;
	if (s.adam && (s.adam.m.length !== total || s.adam.v.length !== total)) return `snapshots.${i}.adam has ${s.adam.m.length} and ${s.adam.v.length} numbers; the config needs ${total} each`;
	return s;
}

/** Serialise a run (params rounded to float32 precision, which is what engines hold). */
export function exportRun(run: Omit<SavedRun, 'format' | 'version'>): string {
	const f32 = (a: ArrayLike<number>) => Array.from(a, Math.fround);
	const snapshots = run.snapshots.map((s) => ({ ...s, params: f32(s.params), ...(s.adam ? { adam: { m: f32(s.adam.m), v: f32(s.adam.v), t: s.adam.t } } : {}) }));
	const doc: SavedRun = { format: FORMAT, version: VERSION, ...run, snapshots };
	return JSON.stringify(doc);
}

/**
 * Parse and check an imported (or stored) file. Throws ImportError; never returns a partial run
 * silently: a snapshot that is bad on its own (not finite, wrong length, past the epochs, step not in
 * its epoch) is left out and reported through `skipped`, and the rest of the run is kept; the file is
 * refused when no snapshot is usable or when anything else is wrong.
 */
export function importRun(text: string, skipped?: (problem: string) => void): SavedRun {
	if (typeof text !== 'string') throw new ImportError('the file is not text');
	if (text.length > MAX_BYTES) throw new ImportError(`the file is too large (${mib(text.length)}; at most ${mib(MAX_BYTES)})`);
	let json: unknown;
	try {
		json = JSON.parse(stripBom(text));
	} catch (e) {
		throw new ImportError(`the file is not valid JSON (${(e as Error).message})`);
	}
	if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new ImportError('the file is not a Flatland run (expected a JSON object)');
	const doc = json as { format?: unknown; version?: unknown };
	if (doc.format === FORMAT && doc.version === undefined) throw new ImportError(`the file has no version field; this Flatland reads version ${VERSION} of the run format`);
	if (doc.format === FORMAT && doc.version !== VERSION)
		throw new ImportError(`the file is version ${shorten(doc.version)} of the run format; this Flatland reads version ${VERSION}`);
	const r = fileSchema.safeParse(json);
	if (!r.success) throw new ImportError(`the file is not a valid Flatland run: ${issueText(r.error.issues[0])}`);
	let config: Config;
	try {
		config = parseConfig(r.data.config);
	} catch (e) {
		throw new ImportError(`the run's config is invalid: ${e instanceof ConfigError ? e.message : (e as Error).message}`);
	}
	r.data.metrics.forEach((m, i) => {
		if (i > 0 && m.epoch <= r.data.metrics[i - 1].epoch) throw new ImportError(`metrics.${i}: epoch ${m.epoch} after epoch ${r.data.metrics[i - 1].epoch}; metrics must be in epoch order`);
	});
	const total = layout(config).total;
	const spe = stepsPerEpoch(config);
	const snapshots: SavedSnapshot[] = [];
	const problems: string[] = [];
	r.data.snapshots.forEach((raw, i) => {
		const s = checkSnapshot(raw, i, total, spe, config.epochs);
		if (typeof s === 'string') return void problems.push(s);
		const prev = snapshots.at(-1);
		if (prev && s.step < prev.step) throw new ImportError(`snapshots.${i}: snapshots must be in step order`);
		snapshots.push(s);
	});
	if (!snapshots.length) throw new ImportError(problems.length === 1 ? problems[0] : `no usable snapshot (${problems.length} bad; the first: ${problems[0]})`);
	for (const p of problems) skipped?.(`${p} (this snapshot is left out)`);
	return { ...r.data, format: FORMAT, version: VERSION, config, snapshots };
}

/** A size in MiB, as the limit is defined (32 MiB, not "33.554432 MB"). */
export function mib(chars: number): string {
	const v = chars / (1024 * 1024);
	return `${Number.isInteger(v) ? v : v.toFixed(1)} MiB`;
}

/** Text without a leading UTF-8 byte-order mark (editors on Windows write one): read everywhere, the page and the CLI alike. */
export function stripBom(text: string): string {
	return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** A value for a message, at most 40 characters. */
function shorten(v: unknown): string {
	let t: string;
	try {
		t = JSON.stringify(v) ?? String(v);
	} catch {
		t = String(v);
	}
	return t.length > 40 ? `${t.slice(0, 39)}…` : t;
}
