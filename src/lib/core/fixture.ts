/**
 * Parity fixtures (tests/fixtures/*.json, written by reference/make_fixture.py in float64):
 * their schema, and the comparison of an engine's numbers with them.
 * Any config values are allowed; the shapes are checked against the config.
 */
import { z } from 'zod';
import { CONFIG_FIELDS, parseConfig, type Config } from './config';
import { splitFromRows, type Split } from './data';
import { PARAM_NAMES, flatten, layout, type ParamName } from './params';

const nested = z.array(z.any());
const num = z.number().refine(Number.isFinite, 'must be finite');

export const fixtureSchema = z.object({
	config: z.object({ steps: z.number().int().positive() }).passthrough(),
	params: z.record(z.string(), nested),
	data: z.object({ X: z.array(z.array(z.number().int().nonnegative())).min(1), Y: z.array(z.number().int()) }),
	batch: z.object({
		logits: z.array(z.array(num)),
		loss: num,
		intermediates: z.record(z.string(), nested),
		grads: z.record(z.string(), nested)
	}),
	adam: z.object({ batches: z.array(z.array(z.number().int().nonnegative())), losses: z.array(num), final_params: z.record(z.string(), nested) })
});

export const INTERMEDIATES = ['z', 'attn', 'xi', 'hidden', 'zeta'] as const;
export type IntermediateName = (typeof INTERMEDIATES)[number];

export interface Fixture {
	name: string;
	config: Config;
	steps: number;
	params: Float64Array;
	train: Split;
	/** The rows of the single-batch check (the first `batch` rows of the data). */
	rows: number[];
	logits: Float64Array;
	loss: number;
	intermediates: Record<IntermediateName, Float64Array>;
	grads: Float64Array;
	batches: number[][];
	losses: number[];
	finalParams: Float64Array;
}

export class FixtureError extends Error {
	name = 'FixtureError';
}

const flat = (a: unknown[]) => Float64Array.from(a.flat(Infinity) as number[]);

/** Validate and convert a parsed fixture JSON. Throws FixtureError with a readable message. */
export function loadFixture(json: unknown, name = 'fixture'): Fixture {
	const r = fixtureSchema.safeParse(json);
	if (!r.success) {
		const i = r.error.issues[0];
		throw new FixtureError(`${name}: malformed fixture at ${i.path.join('.') || '(root)'}: ${i.message}`);
	}
	const fx = r.data;
	const steps = fx.config.steps;
	const known = Object.fromEntries(Object.entries(fx.config).filter(([k]) => (CONFIG_FIELDS as string[]).includes(k) && k !== 'n' && k !== 'epochs'));
	let config: Config;
	try {
		config = parseConfig({ ...known, n: fx.data.X.length, epochs: 1 });
	} catch (e) {
		throw new FixtureError(`${name}: bad config: ${(e as Error).message}`);
	}
	try {
		const { L, p, batch, nb_emb } = config;
		if (fx.data.X.some((row) => row.length !== L || row.some((x) => x >= p)))
			throw new Error(`data.X rows must have L = ${L} tokens in 0..${p - 1}`);
		const train = splitFromRows(fx.data.X, config.k, p);
		if (fx.data.Y.length !== train.n || fx.data.Y.some((y, i) => y !== train.Y[i])) throw new Error('data.Y does not match the labels of data.X');
		const B = Math.min(batch, train.n);
		const lay = layout(config);
		const expectLen = (what: string, a: Float64Array, len: number) => {
			if (a.length !== len) throw new Error(`${what} has ${a.length} numbers, expected ${len}`);
			return a;
		};
		const inter = fx.batch.intermediates;
		const sizes: Record<IntermediateName, number> = { z: B * L * config.d, attn: B * L, xi: B * config.d, hidden: B * config.h, zeta: B * config.d };
		const intermediates = {} as Record<IntermediateName, Float64Array>;
		for (const k of INTERMEDIATES) {
			if (!inter[k]) throw new Error(`batch.intermediates.${k} is missing`);
			intermediates[k] = expectLen(`batch.intermediates.${k}`, flat(inter[k]), sizes[k]);
		}
		if (fx.adam.batches.length !== steps || fx.adam.losses.length !== steps) throw new Error(`adam.batches and adam.losses must have config.steps = ${steps} entries`);
		if (fx.adam.batches.some((b) => b.some((i) => i >= train.n))) throw new Error('adam.batches index past the end of data.X');
		return {
			name,
			config,
			steps,
			params: flatten(fx.params, config),
			train,
			rows: Array.from({ length: B }, (_, i) => i),
			logits: expectLen('batch.logits', flat(fx.batch.logits), B * nb_emb),
			loss: fx.batch.loss,
			intermediates,
			grads: flatten(fx.batch.grads, config),
			batches: fx.adam.batches,
			losses: fx.adam.losses,
			finalParams: expectLen('adam.final_params', flatten(fx.adam.final_params, config), lay.total)
		};
	} catch (e) {
		throw new FixtureError(`${name}: ${(e as Error).message}`);
	}
}

/** ‖a − b‖ / ‖b‖ (absolute ‖a − b‖ where b = 0). */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>, from = 0, to = b.length): number {
	let num = 0;
	let den = 0;
	for (let i = from; i < to; i++) {
		const diff = a[i] - b[i];
		num += diff * diff;
		den += b[i] * b[i];
	}
	if (!Number.isFinite(num)) return Infinity;
	return den > 0 ? Math.sqrt(num / den) : Math.sqrt(num);
}

/** What an engine computed on a fixture. */
export interface ParityRun {
	loss: number;
	logits: ArrayLike<number>;
	grads: ArrayLike<number>;
	intermediates?: Partial<Record<IntermediateName, ArrayLike<number>>>;
	losses: number[];
	finalParams: ArrayLike<number>;
}

export const GRAD_TOL = 1e-4;
export const TRAJ_TOL = 1e-3;

export interface ParityReport {
	fixture: string;
	engine: string;
	config: Partial<Config>;
	loss: number;
	logits: number;
	intermediates: Record<string, number>;
	grads: Record<ParamName, number>;
	trajectory: { losses: number; params: Record<ParamName, number> };
	max_grad_err: number;
	max_traj_err: number;
	pass: boolean;
}

/** Compare an engine's run with the fixture: per-tensor relative errors and the verdict. */
export function compare(fx: Fixture, run: ParityRun, engine: string): ParityReport {
	const lay = layout(fx.config);
	const grads = {} as Record<ParamName, number>;
	const params = {} as Record<ParamName, number>;
	for (const n of PARAM_NAMES) {
		const { offset, size } = lay[n];
		grads[n] = relErr(run.grads, fx.grads, offset, offset + size);
		params[n] = relErr(run.finalParams, fx.finalParams, offset, offset + size);
	}
	const intermediates: Record<string, number> = {};
	for (const k of INTERMEDIATES) {
		const v = run.intermediates?.[k];
		if (v) intermediates[k] = relErr(v, fx.intermediates[k]);
	}
	const lossTraj = Math.max(0, ...run.losses.map((l, i) => Math.abs(l - fx.losses[i]) / Math.max(Math.abs(fx.losses[i]), 1e-12)));
	const lossErr = Math.abs(run.loss - fx.loss) / Math.abs(fx.loss);
	const max_grad_err = Math.max(lossErr, relErr(run.logits, fx.logits), ...Object.values(grads), ...Object.values(intermediates));
	const max_traj_err = run.losses.length === fx.losses.length ? Math.max(lossTraj, ...Object.values(params)) : Infinity;
	const { p, L, k, d, h, nb_emb, batch, lr, norm, rho, mlp_lr_discount } = fx.config;
	return {
		fixture: fx.name,
		engine,
		config: { p, L, k, d, h, nb_emb, batch, lr, norm, rho, mlp_lr_discount },
		loss: lossErr,
		logits: relErr(run.logits, fx.logits),
		intermediates,
		grads,
		trajectory: { losses: lossTraj, params },
		max_grad_err,
		max_traj_err,
		pass: max_grad_err < GRAD_TOL && max_traj_err < TRAJ_TOL
	};
}
