/**
 * The run configuration: every field of SPEC.md, with defaults, ranges and the cross-field rules,
 * validated by one zod schema. Whatever enters a run (CLI flags, URL state, widget attributes,
 * imported files) goes through `parseConfig`, which either returns a full config or throws a
 * `ConfigError` whose message names the field, the value and what is allowed.
 */
import { z } from 'zod';

// No code generation: zod 4 otherwise probes whether code generation (the Function constructor) works on its first parse, which the site's
// Content-Security-Policy (no 'unsafe-eval') reports as a violation. Every schema module imports this one.
z.config({ jitless: true });

const int = (min: number, max: number, what: string) =>
	z
		.number({ error: `must be a number (${what})` })
		.int({ error: `must be an integer (${what})` })
		.min(min, { error: `must be at least ${min} (${what})` })
		.max(max, { error: `must be at most ${max} (${what})` });

const real = (min: number, max: number, what: string, exclusiveMin = false) => {
	// zod's number() refuses ±Infinity as "not a number": name it as what it is.
	const notNumber = (i: { input?: unknown }) => (typeof i.input === 'number' && !Number.isNaN(i.input) ? `must be finite (${what})` : `must be a number (${what})`);
	let s = z.number({ error: notNumber }).refine(Number.isFinite, { error: `must be finite (${what})` });
	s = exclusiveMin
		? s.refine((v) => v > min, { error: `must be greater than ${min} (${what})` })
		: s.refine((v) => v >= min, { error: `must be at least ${min} (${what})` });
	return s.refine((v) => v <= max, { error: `must be at most ${max} (${what})` });
};

/** Field descriptions, used by the CLI's --help and by error messages. */
export const FIELD_HELP = {
	p: 'vocabulary size: tokens are 0..p-1 and labels are sums mod p',
	L: 'sequence length',
	k: 'sparsity: the label is the sum of the first k tokens',
	d: 'embedding dimension (2 draws everything in the plane)',
	h: 'hidden units of the MLP',
	nb_emb: 'token embeddings (≥ p; one spare lets a p=2 model be fine-tuned on p=3)',
	lr: 'Adam learning rate',
	batch: 'mini-batch size',
	n: 'training set size (the test set has the same size)',
	epochs: 'passes over the training set',
	seed: 'seed of data, initialisation and shuffling',
	eps: 'epsilon inside the RMS normalisation',
	beta1: 'Adam beta1',
	beta2: 'Adam beta2',
	adam_eps: 'Adam epsilon',
	norm: "normalisation: 'rms' (RMSNorm) or 'smooth' (RMSNorm times a ramp that vanishes at the origin)",
	rho: "radius below which the 'smooth' normalisation ramps down to zero",
	mlp_lr_discount: 'the MLP trains at lr / mlp_lr_discount',
	init_scale: 'multiplier on every initial weight'
} as const;

export type ConfigField = keyof typeof FIELD_HELP;

/** Per-field schemas, without defaults (for partial updates). */
export const fieldSchemas = {
	p: int(2, 16, 'integer from 2 to 16'),
	L: int(1, 64, 'integer from 1 to 64'),
	k: int(1, 64, 'integer from 1 to L'),
	d: int(1, 64, 'integer from 1 to 64'),
	h: int(1, 10000, 'integer from 1 to 10000'),
	nb_emb: int(2, 32, 'integer from p to 32'),
	lr: real(0, 10, 'number in (0, 10]', true),
	batch: int(1, 65536, 'integer from 1 to n'),
	n: int(1, 65536, 'integer from 1 to 65536'),
	epochs: int(0, 1_000_000, 'integer from 0 to 1000000'),
	seed: int(0, 0xffffffff, 'integer from 0 to 4294967295'),
	eps: real(0, 1, 'number in (0, 1]', true),
	beta1: real(0, 0.999999, 'number in [0, 1)'),
	beta2: real(0, 0.999999999, 'number in [0, 1)'),
	adam_eps: real(0, 1, 'number in (0, 1]', true),
	norm: z.enum(['rms', 'smooth'], { error: "must be 'rms' or 'smooth'" }),
	rho: real(0, 1000, 'number in (0, 1000]', true),
	mlp_lr_discount: real(0, 1e6, 'number in (0, 1e6]', true),
	init_scale: real(0, 100, 'number in (0, 100]', true)
} satisfies Record<ConfigField, z.ZodType>;

export const DEFAULTS = {
	p: 2,
	L: 12,
	k: 5,
	d: 2,
	h: 32,
	nb_emb: 3,
	lr: 3e-3,
	batch: 32,
	n: 2048,
	epochs: 1000,
	seed: 0,
	eps: 1e-5,
	beta1: 0.9,
	beta2: 0.999,
	adam_eps: 1e-8,
	norm: 'rms' as 'rms' | 'smooth',
	rho: 1,
	mlp_lr_discount: 1,
	init_scale: 1
};

export const configSchema = z
	.object(
		Object.fromEntries(
			Object.entries(fieldSchemas).map(([k, s]) => [k, (s as z.ZodType).default(DEFAULTS[k as ConfigField] as never)])
		) as { [K in ConfigField]: z.ZodDefault<(typeof fieldSchemas)[K]> }
	)
	.strict()
	.superRefine((c, ctx) => {
		if (c.nb_emb < c.p)
			ctx.addIssue({ code: 'custom', path: ['nb_emb'], message: `must be at least p = ${c.p} (integer from p to 32)` });
		if (c.k > c.L) ctx.addIssue({ code: 'custom', path: ['k'], message: `must be at most L = ${c.L} (integer from 1 to L)` });
		if (c.batch > c.n) ctx.addIssue({ code: 'custom', path: ['batch'], message: `must be at most n = ${c.n} (integer from 1 to n)` });
	});

export type Config = z.output<typeof configSchema>;

/** One bad field: which, what value, what is allowed. */
export interface FieldProblem {
	field: string;
	value: unknown;
	message: string;
}

export class ConfigError extends Error {
	constructor(readonly problems: FieldProblem[]) {
		super(problems.map((p) => `${p.field} = ${show(p.value)}: ${p.message}`).join('; '));
		this.name = 'ConfigError';
	}
}

/** Longest echo of a given value in a message (URL values of 100 000 characters are cut). */
export const ECHO_MAX = 40;

/** Text cut to ECHO_MAX characters with an ellipsis. */
export const cut = (s: string): string => (s.length > ECHO_MAX ? `${s.slice(0, ECHO_MAX - 1)}…` : s);

/**
 * A given value as a message shows it: strings quoted, numbers as they are (Infinity and NaN by
 * name, never JSON's null), anything longer than ECHO_MAX characters cut with an ellipsis.
 */
export function show(v: unknown): string {
	if (v === undefined) return '(missing)';
	let s: string;
	try {
		s = typeof v === 'string' ? JSON.stringify(v) : typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean' || v === null ? String(v) : (JSON.stringify(v) ?? String(v));
	} catch {
		s = Object.prototype.toString.call(v);
	}
	// A cut string keeps its closing quote: "xxxx…".
	return typeof v === 'string' && s.length > ECHO_MAX ? `${s.slice(0, ECHO_MAX - 2)}…"` : cut(s);
}

function problemsOf(err: z.ZodError, input: Record<string, unknown>): FieldProblem[] {
	return err.issues.map((i) => {
		const field = i.path.length ? String(i.path[0]) : i.code === 'unrecognized_keys' ? (i as { keys: string[] }).keys.join(', ') : '(config)';
		let message = i.message;
		if (i.code === 'unrecognized_keys') message = `unknown field (allowed: ${Object.keys(FIELD_HELP).join(', ')})`;
		const given = input?.[field];
		const value = i.code === 'unrecognized_keys' ? undefined : given === undefined && field in DEFAULTS ? DEFAULTS[field as ConfigField] : given;
		return { field, value, message };
	});
}

/** Validate a (partial) config; missing fields take their defaults. Throws ConfigError. */
export function parseConfig(input: unknown = {}): Config {
	if (typeof input !== 'object' || input === null || Array.isArray(input))
		throw new ConfigError([{ field: '(config)', value: input, message: 'must be an object of config fields' }]);
	const r = configSchema.safeParse(input);
	if (!r.success) throw new ConfigError(problemsOf(r.error, input as Record<string, unknown>));
	return r.data;
}

/** The other field of each cross-field rule. */
const PARTNER: Record<string, ConfigField> = { nb_emb: 'p', k: 'L', batch: 'n' };

/** Like parseConfig, but never throws: bad fields fall back to defaults and are reported. */
export function parseConfigLenient(input: Record<string, unknown>): { config: Config; problems: FieldProblem[] } {
	const problems: FieldProblem[] = [];
	const clean: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(input ?? {})) {
		if (!(k in fieldSchemas)) {
			problems.push({ field: k, value: v, message: 'unknown field' });
			continue;
		}
		const r = (fieldSchemas as Record<string, z.ZodType>)[k].safeParse(v);
		if (r.success) clean[k] = r.data;
		else problems.push({ field: k, value: v, message: r.error.issues[0]?.message ?? 'invalid' });
	}
	// Cross-field rules: drop the offending field back to its default (or the nearest valid value).
	for (;;) {
		const r = configSchema.safeParse(clean);
		if (r.success) return { config: r.data, problems };
		const issue = r.error.issues[0];
		const f = String(issue.path[0]);
		const partner = PARTNER[f];
		if (!(f in clean) && partner && partner in clean) {
			// The clash is with a field left at its default (?p=5 with nb_emb's default 3): the given field goes.
			problems.push({ field: partner, value: clean[partner], message: `clashes with ${f} = ${DEFAULTS[f as ConfigField]} (its default; ${f} ${issue.message}); give ${f} too` });
			delete clean[partner];
			continue;
		}
		problems.push({ field: f, value: clean[f], message: issue.message });
		if (!(f in clean)) return { config: parseConfig({}), problems }; // defaults themselves clash: give up on input
		delete clean[f];
	}
}

/** Parse a string value of one field (CLI flag, URL parameter, HTML attribute) to its type. */
export function coerceField(field: ConfigField, raw: string): unknown {
	if (field === 'norm') return raw;
	const t = raw.trim();
	if (t === '') return raw;
	const v = Number(t);
	return Number.isNaN(v) ? raw : v;
}

export const CONFIG_FIELDS = Object.keys(FIELD_HELP) as ConfigField[];

/** A widget's view parameters beside the config fields (URL parameters, element attributes). */
export const VIEW_HELP = {
	epoch: 'train to epoch N, then show that snapshot (default: play live)',
	hl: 'highlight probe sentence I',
	play: 'autoplay: 1 (default) or 0',
	theme: "colour scheme: 'dark' or 'light' (default: the reader's)"
} as const;
export const VIEW_FIELDS = Object.keys(VIEW_HELP) as (keyof typeof VIEW_HELP)[];
export type Theme = 'dark' | 'light';

/** An integer in [min, max], one message for every way of missing it. */
const intIn = (min: number, max: number, message: string) =>
	z.number({ error: message }).int({ error: message }).min(min, { error: message }).max(max, { error: message });

/** Schemas of the view parameters; the ranges of epoch and hl depend on the config. */
export const viewSchemas = {
	epoch: (epochs: number) => intIn(0, epochs, `must be an integer from 0 to ${epochs}`),
	hl: (probes: number) => intIn(0, probes - 1, `must be a probe sentence index from 0 to ${probes - 1}`),
	play: z.enum(['0', '1', 'true', 'false'], { error: 'must be 0 or 1' }),
	theme: z.enum(['dark', 'light'], { error: "must be 'dark' or 'light'" })
};

/** Steps per epoch: the last batch of an epoch may be smaller (as PyTorch's slicing does). */
export function stepsPerEpoch(c: Pick<Config, 'n' | 'batch'>): number {
	return Math.ceil(c.n / c.batch);
}
