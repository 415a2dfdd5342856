/**
 * A kernel instance seen from JavaScript: one WebAssembly memory holding the shapes of one config,
 * its scratch, and any number of model contexts (one for a single run, R for a population).
 * Everything here is plumbing: copying data in, reading headers and results out.
 */
import type { Config } from '../core/config';
import { stepsPerEpoch } from '../core/config';
import type { Split } from '../core/data';
import { DivergenceError, type EpochMetrics } from '../core/metrics';
import { MLP_PARAMS, layout } from '../core/params';
import { instantiate, type KernelExports, type WasmFlavor } from './wasm-loader';

/** Epoch metrics one train_steps call can hold; step(n) is cut into calls of at most this many epochs. */
export const MAX_EPOCHS_PER_CALL = 256;

/**
 * The distinct sequences of train ∪ test, with how often each occurs in either set: the evaluation
 * runs the forward pass once per distinct sequence (with p = 2, L = 12 about 2600 of 4096 rows).
 */
export interface EvalList {
	X: Uint8Array;
	Y: Uint8Array;
	countTrain: Float32Array;
	countTest: Float32Array;
	n: number;
}

export function evalList(train: Split, test: Split, L: number, p: number): EvalList {
	const total = train.n + test.n;
	const X = new Uint8Array(total * L);
	const Y = new Uint8Array(total);
	const cTr = new Float32Array(total);
	const cTe = new Float32Array(total);
	// A row's key: its tokens as a base-p number when that is exact in a double, else a string.
	const numeric = L * Math.log2(p) <= 52;
	const seen = new Map<number | string, number>();
	let n = 0;
	const add = (s: Split, r: number, counts: Float32Array) => {
		const o = r * L;
		let key: number | string;
		if (numeric) {
			key = 0;
			for (let t = 0; t < L; t++) key = key * p + s.X[o + t];
		} else key = String.fromCharCode(...s.X.subarray(o, o + L));
		let i = seen.get(key);
		if (i === undefined) {
			i = n++;
			seen.set(key, i);
			for (let t = 0; t < L; t++) X[i * L + t] = s.X[o + t];
			Y[i] = s.Y[r];
		}
		counts[i]++;
	};
	for (let r = 0; r < train.n; r++) add(train, r, cTr);
	for (let r = 0; r < test.n; r++) add(test, r, cTe);
	return { X: X.subarray(0, n * L), Y: Y.subarray(0, n), countTrain: cTr.subarray(0, n), countTest: cTe.subarray(0, n), n };
}

/** What differs between the models of one instance. */
export interface ModelSpec {
	seed: number;
	lr: number;
	mlp_lr_discount: number;
	params: ArrayLike<number>;
	train: Split;
	test: Split;
	/** Evaluate only after epochs that are multiples of this, and after epoch evalLast (default: every epoch). */
	evalEvery?: number;
	evalLast?: number;
}

export class Kernel {
	readonly nParams: number;
	private readonly H: Record<string, number> = {};
	private rowsPtr = 0;
	private rowsCap = 0;
	private tracePtr = 0;
	private traceCap = 0;

	private constructor(
		readonly x: KernelExports,
		readonly cfg: Config,
		readonly flavor: WasmFlavor
	) {
		for (const k of Object.keys(x)) if (k.startsWith('H_')) this.H[k.slice(2)] = (x[k as `H_${string}`] as WebAssembly.Global).value as number;
		x.setup(cfg.p, cfg.L, cfg.d, cfg.h, cfg.nb_emb, cfg.batch, cfg.norm === 'smooth' ? 1 : 0, cfg.eps, cfg.rho, cfg.beta1, cfg.beta2, cfg.adam_eps, MAX_EPOCHS_PER_CALL);
		this.nParams = x.param_count();
		if (this.nParams !== layout(cfg).total) throw new Error(`kernel layout has ${this.nParams} parameters, expected ${layout(cfg).total}`);
		if (!MLP_PARAMS.every((n) => layout(cfg)[n].offset >= layout(cfg).W1.offset)) throw new Error('the MLP tensors must come last in the layout');
	}

	static async create(flavor: WasmFlavor, cfg: Config): Promise<Kernel> {
		return new Kernel(await instantiate(flavor), cfg, flavor);
	}

	// Views are made afresh on every access: growing the memory detaches the old buffer.
	f32(ptr: number, len: number): Float32Array {
		return new Float32Array(this.x.memory.buffer, ptr, len);
	}
	private i32(ptr: number, len: number): Int32Array {
		return new Int32Array(this.x.memory.buffer, ptr, len);
	}
	private u8(ptr: number, len: number): Uint8Array {
		return new Uint8Array(this.x.memory.buffer, ptr, len);
	}
	field(ctx: number, name: string): number {
		return new Int32Array(this.x.memory.buffer, ctx, 32)[this.H[name]];
	}
	fieldF(ctx: number, name: string): number {
		return new Float32Array(this.x.memory.buffer, ctx, 32)[this.H[name]];
	}
	setField(ctx: number, name: string, v: number): void {
		new Int32Array(this.x.memory.buffer, ctx, 32)[this.H[name]] = v;
	}

	/** Steps per epoch of a model (its training set may be other than config.n, e.g. a fixture's). */
	spe(ctx: number): number {
		return stepsPerEpoch({ n: this.field(ctx, 'NTRAIN'), batch: this.cfg.batch });
	}

	/** A new model context holding the spec's parameters and data; returns its pointer. */
	addModel(s: ModelSpec): number {
		const { L, p, nb_emb } = this.cfg;
		// The tables have one row per token 0..p−1; labels index the nb_emb logits.
		for (const split of [s.train, s.test]) {
			for (let i = 0; i < split.n * L; i++) if (!(split.X[i] >= 0 && split.X[i] < p)) throw new RangeError(`token ${split.X[i]} is outside 0..${p - 1}`);
			for (let i = 0; i < split.n; i++) if (!(split.Y[i] >= 0 && split.Y[i] < nb_emb)) throw new RangeError(`label ${split.Y[i]} is outside 0..${nb_emb - 1}`);
		}
		if (s.train.n < 1 || s.test.n < 1) throw new RangeError('empty training or test set');
		const ev = evalList(s.train, s.test, L, p);
		const ctx = this.x.model_new(s.train.n, s.test.n, ev.n, s.seed >>> 0, s.lr, s.lr / s.mlp_lr_discount);
		this.params(ctx).set(s.params);
		this.u8(this.field(ctx, 'X'), s.train.n * L).set(s.train.X.subarray(0, s.train.n * L));
		this.u8(this.field(ctx, 'Y'), s.train.n).set(s.train.Y.subarray(0, s.train.n));
		this.u8(this.field(ctx, 'EX'), ev.n * L).set(ev.X);
		this.u8(this.field(ctx, 'EY'), ev.n).set(ev.Y);
		this.f32(this.field(ctx, 'ECTR'), ev.n).set(ev.countTrain);
		this.f32(this.field(ctx, 'ECTE'), ev.n).set(ev.countTest);
		this.setField(ctx, 'EVALEVERY', Math.max(1, Math.floor(s.evalEvery ?? 1)));
		this.setField(ctx, 'EVALLAST', Math.max(0, Math.floor(s.evalLast ?? 0)));
		this.x.model_ready(ctx);
		return ctx;
	}

	/** The live parameters of a model (a view: valid until the memory grows). */
	params(ctx: number): Float32Array {
		return this.f32(this.field(ctx, 'PARAMS'), this.nParams);
	}
	adamState(ctx: number): { m: Float32Array; v: Float32Array } {
		return { m: this.f32(this.field(ctx, 'M'), this.nParams), v: this.f32(this.field(ctx, 'V'), this.nParams) };
	}
	step(ctx: number): number {
		return this.field(ctx, 'STEP');
	}

	/** The DivergenceError of a model, or null while it is finite. */
	divergence(ctx: number): DivergenceError | null {
		const step = this.field(ctx, 'DIVSTEP');
		if (!step) return null;
		return new DivergenceError(step, this.field(ctx, 'DIVWHAT') === 1 ? 'loss' : 'a parameter');
	}

	/**
	 * n steps in epoch order inside WebAssembly (cut in calls of at most MAX_EPOCHS_PER_CALL epochs);
	 * returns the metrics of every epoch evaluated (every epoch unless the model's evalEvery says
	 * otherwise), and the divergence if one happened.
	 */
	train(ctx: number, n: number): { epochs: EpochMetrics[]; diverged: DivergenceError | null } {
		const epochs: EpochMetrics[] = [];
		while (n > 0) {
			const chunk = Math.min(n, MAX_EPOCHS_PER_CALL * this.spe(ctx));
			const done = this.x.train_steps(ctx, chunk);
			if (done < 0) return { epochs, diverged: this.divergence(ctx) };
			const m = new Float64Array(this.x.memory.buffer, this.x.metrics_ptr(), done * 5);
			for (let e = 0; e < done; e++) epochs.push({ epoch: m[5 * e], loss: m[5 * e + 1], acc: m[5 * e + 2], test_loss: m[5 * e + 3], test_acc: m[5 * e + 4] });
			n -= chunk;
		}
		return { epochs, diverged: null };
	}

	evaluate(ctx: number): EpochMetrics {
		this.x.evaluate_model(ctx);
		const r = new Float64Array(this.x.memory.buffer, this.x.eval_ptr(), 4);
		return { epoch: Math.floor(this.step(ctx) / this.spe(ctx)), loss: r[0], acc: r[1], test_loss: r[2], test_acc: r[3] };
	}

	/** Copy explicit rows into the kernel's rows buffer (grown as needed); returns its pointer. */
	private rows(rows: ArrayLike<number>): number {
		if (rows.length > this.rowsCap) {
			this.rowsCap = Math.max(rows.length, this.cfg.batch);
			this.rowsPtr = this.x.alloc(this.rowsCap * 4);
		}
		this.i32(this.rowsPtr, rows.length).set(rows);
		return this.rowsPtr;
	}

	/** One step on explicit rows: loss, gradient (grad()), optionally Adam and a trace of intermediates. */
	stepRows(ctx: number, rows: ArrayLike<number>, update: boolean, trace = 0): number {
		const n = this.field(ctx, 'NTRAIN');
		if (rows.length === 0) throw new RangeError('a batch needs at least one row');
		for (let i = 0; i < rows.length; i++) if (!(Number.isInteger(rows[i]) && rows[i] >= 0 && rows[i] < n)) throw new RangeError(`row ${rows[i]} is not a training row`);
		return this.x.step_rows(ctx, this.rows(rows), rows.length, update ? 1 : 0, trace);
	}

	grad(): Float32Array {
		return this.f32(this.x.grad_ptr(), this.nParams);
	}

	/** Floats of the intermediates of B rows (layout: z, attn, xi, hidden, zeta, logits). */
	traceSize(B: number): number {
		const { L, d, h, nb_emb } = this.cfg;
		return B * (L * d + L + d + h + d + nb_emb);
	}

	/** A buffer for the trace of B rows (reused; grown as needed). */
	traceBuffer(B: number): number {
		const size = this.traceSize(B);
		if (size > this.traceCap) {
			this.traceCap = size;
			this.tracePtr = this.x.alloc(size * 4);
		}
		return this.tracePtr;
	}
}
