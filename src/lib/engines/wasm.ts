/**
 * The WebAssembly engine: float32 kernels written in AssemblyScript (assembly/), SIMD where the
 * runtime has it ('wasm'), scalar otherwise or on request ('wasm-scalar'). Whole epochs, with the
 * shuffle and the per-epoch evaluation, run inside one call; the same seed visits the same batches
 * as the TypeScript reference.
 */
import type { Config } from '../core/config';
import { makeDataset, type Dataset } from '../core/data';
import { INTERMEDIATES } from '../core/fixture';
import type { EpochMetrics } from '../core/metrics';
import type { Plane } from '../core/landscape';
import { initParams } from '../core/params';
import type { Engine, GradientReport, InitOptions, Snapshot, SnapshotOptions, StepReport } from './types';
import { Kernel } from './wasm-kernel';
import { hasSimd } from './capabilities';
import { loadModule, type WasmFlavor } from './wasm-loader';

/** The flavour behind an engine name: 'wasm' is SIMD where supported, else scalar. */
export function flavorOf(name: 'wasm' | 'wasm-scalar'): WasmFlavor {
	return name === 'wasm' && hasSimd() ? 'simd' : 'scalar';
}

export class WasmEngine implements Engine {
	readonly flavor: WasmFlavor;
	private k!: Kernel;
	private ctx = 0;
	private last: EpochMetrics | undefined;
	private data!: Dataset;
	/** Model contexts of the loss landscape, by the training rows they hold (memory is never freed: kept). */
	private grids = new Map<number, number>();

	constructor(readonly name: 'wasm' | 'wasm-scalar' = 'wasm') {
		this.flavor = flavorOf(name);
	}

	/** Compile (or fetch from the cache) the module now, so that a missing build fails early. */
	async load(): Promise<this> {
		await loadModule(this.flavor);
		return this;
	}

	async init(config: Config, options: InitOptions = {}): Promise<void> {
		this.k = await Kernel.create(this.flavor, config);
		const data = (this.data = options.data ?? makeDataset(config, config.seed));
		this.grids.clear();
		this.ctx = this.k.addModel({
			seed: config.seed,
			lr: config.lr,
			mlp_lr_discount: config.mlp_lr_discount,
			params: options.params ?? initParams(config),
			train: data.train,
			test: data.test
		});
		this.last = undefined;
		if (options.resume) {
			this.k.setField(this.ctx, 'STEP', options.resume.step);
			const a = options.resume.adam;
			if (a) {
				const { m, v } = this.k.adamState(this.ctx);
				m.set(a.m);
				v.set(a.v);
				this.k.setField(this.ctx, 'ADAMT', a.t);
			}
		}
	}

	private get kernel(): Kernel {
		if (!this.k) throw new Error('engine not initialised: call init first');
		return this.k;
	}

	async step(n: number): Promise<StepReport> {
		const { epochs, diverged } = this.kernel.train(this.ctx, n);
		if (epochs.length) this.last = epochs[epochs.length - 1];
		if (diverged) throw diverged;
		return { step: this.k.step(this.ctx), epochs };
	}

	/** The live parameters, without a copy (valid until the next call into the engine). */
	paramsView(): Float32Array {
		return this.kernel.params(this.ctx);
	}

	/** Adam's state, for saving a run that can be resumed. */
	adamState(): { m: Float32Array; v: Float32Array; t: number } {
		const { m, v } = this.kernel.adamState(this.ctx);
		return { m: m.slice(), v: v.slice(), t: this.k.field(this.ctx, 'ADAMT') };
	}

	async snapshot(options: SnapshotOptions = {}): Promise<Snapshot> {
		const k = this.kernel;
		const step = k.step(this.ctx);
		const s: Snapshot = { step, epoch: Math.floor(step / k.spe(this.ctx)), params: k.params(this.ctx).slice(), stepLoss: k.fieldF(this.ctx, 'LASTLOSS'), metrics: this.last };
		if (options.withAdam) s.adam = this.adamState();
		return s;
	}

	async evaluate(): Promise<EpochMetrics> {
		return this.kernel.evaluate(this.ctx);
	}

	async gradients(rows: number[]): Promise<GradientReport> {
		const k = this.kernel;
		const { L, d, h, nb_emb } = k.cfg;
		const B = rows.length;
		const trace = k.traceBuffer(B);
		const loss = k.stepRows(this.ctx, rows, false, trace);
		const t = k.f32(trace, k.traceSize(B));
		const sizes = { z: B * L * d, attn: B * L, xi: B * d, hidden: B * h, zeta: B * d };
		const intermediates: GradientReport['intermediates'] = {};
		let o = 0;
		for (const name of INTERMEDIATES) {
			intermediates[name] = t.slice(o, o + sizes[name]);
			o += sizes[name];
		}
		return { loss, logits: t.slice(o, o + B * nb_emb), grads: k.grad().slice(), intermediates };
	}

	async stepBatches(batches: number[][]): Promise<number[]> {
		const k = this.kernel;
		const losses: number[] = [];
		for (const rows of batches) {
			losses.push(k.stepRows(this.ctx, rows, true));
			const div = k.divergence(this.ctx);
			if (div) throw div;
		}
		return losses;
	}

	async lossGrid(plane: Plane, alphas: ArrayLike<number>, betas: ArrayLike<number>, rows?: number): Promise<Float32Array> {
		const k = this.kernel;
		const { L } = k.cfg;
		const { train, test } = this.data;
		const n = Math.min(rows ?? train.n, train.n);
		let ctx = this.grids.get(n);
		if (ctx === undefined) {
			// A model of its own holding the first n training rows (and one test row: the kernel wants one).
			const part = (s: typeof train, m: number) => ({ X: s.X.subarray(0, m * L), Y: s.Y.subarray(0, m), n: m });
			ctx = k.addModel({ seed: 0, lr: 0, mlp_lr_discount: 1, params: k.params(this.ctx), train: part(train, n), test: part(test, 1) });
			this.grids.set(n, ctx);
		}
		const { origin, u, v } = plane;
		const out = new Float32Array(alphas.length * betas.length);
		for (let j = 0; j < betas.length; j++)
			for (let i = 0; i < alphas.length; i++) {
				const w = k.params(ctx);
				for (let x = 0; x < w.length; x++) w[x] = origin[x] + alphas[i] * u[x] + betas[j] * v[x];
				out[j * alphas.length + i] = k.evaluate(ctx).loss;
			}
		return out;
	}

	dispose(): void {
		// The instance (and its memory) goes with the last reference.
		this.k = undefined as unknown as Kernel;
	}
}

/** A WebAssembly engine whose module is compiled and ready (rejects where it cannot load). */
export async function createWasmEngine(name: 'wasm' | 'wasm-scalar'): Promise<WasmEngine> {
	return new WasmEngine(name).load();
}
