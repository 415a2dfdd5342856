/**
 * The one interface every engine implements (TypeScript reference, WebAssembly, WebGPU, and the
 * worker proxy in front of them). Above this file, nobody knows which engine runs.
 */
import type { Config } from '../core/config';
import type { Dataset } from '../core/data';
import type { EpochMetrics } from '../core/metrics';
import type { IntermediateName } from '../core/fixture';
import type { Plane } from '../core/landscape';

export type EngineName = 'ts' | 'wasm' | 'wasm-scalar' | 'webgpu';

export interface InitOptions {
	/** Initial parameters in the flat layout (default: initParams(config)). */
	params?: ArrayLike<number>;
	/** Data set (default: makeDataset(config, config.seed)). */
	data?: Dataset;
	/** Resume from a snapshot: Adam state and the step counter (params come from `params`). */
	resume?: { step: number; adam?: { m: ArrayLike<number>; v: ArrayLike<number>; t: number } };
}

/** The state of a run at one moment: everything a widget needs to draw it. */
export interface Snapshot {
	step: number;
	/** Completed epochs. */
	epoch: number;
	/** Flat parameters (see core/params.ts for the layout); a copy the caller owns. */
	params: Float32Array | Float64Array;
	/** Loss of the last training step (NaN before the first). */
	stepLoss: number;
	/** Metrics of the last completed epoch, if any. */
	metrics?: EpochMetrics;
	/** Adam's state (only when asked for with `snapshot({ withAdam: true })`): with params and step, enough to resume exactly. */
	adam?: AdamState;
}

/** Adam's moments and step count, in the flat parameter layout. */
export interface AdamState {
	m: Float32Array | Float64Array;
	v: Float32Array | Float64Array;
	t: number;
}

export interface SnapshotOptions {
	/** Also copy Adam's state (a resumable checkpoint: InitOptions { params, resume: { step, adam } }). */
	withAdam?: boolean;
}

export interface StepReport {
	step: number;
	/** Metrics of every epoch completed during this call, in order. */
	epochs: EpochMetrics[];
	/** Loss of each step of this call (only when asked for: explicit-batch parity runs). */
	losses?: number[];
}

export interface GradientReport {
	loss: number;
	logits: ArrayLike<number>;
	grads: ArrayLike<number>;
	intermediates?: Partial<Record<IntermediateName, ArrayLike<number>>>;
}

export interface Engine {
	readonly name: EngineName;
	init(config: Config, options?: InitOptions): Promise<void>;
	/** n optimizer steps in epoch order (shuffled per epoch), evaluating after every epoch. */
	step(n: number): Promise<StepReport>;
	snapshot(options?: SnapshotOptions): Promise<Snapshot>;
	/** Loss and accuracy on the full train and test sets, now. */
	evaluate(): Promise<EpochMetrics>;
	/** Loss, logits, gradients (and intermediates where the engine has them) on explicit rows. */
	gradients(rows: number[]): Promise<GradientReport>;
	/** One Adam step per explicit batch of training rows; returns each step's loss. */
	stepBatches(batches: number[][]): Promise<number[]>;
	/**
	 * The loss landscape: mean training loss at plane.origin + α·plane.u + β·plane.v for every α of
	 * alphas and β of betas, out[j·alphas.length + i] at (alphas[i], betas[j]), over the engine's
	 * training set or its first `rows` rows. Parameters and training are left as they are.
	 */
	lossGrid(plane: Plane, alphas: ArrayLike<number>, betas: ArrayLike<number>, rows?: number): Promise<Float32Array | Float64Array>;
	dispose(): void;
}

/**
 * Populations: R independent models of the same shapes trained at once (seeds, hyperparameter
 * grids). Each member has its own seed (initialisation and shuffling), its own data seed (default:
 * its seed) and may override lr, mlp_lr_discount and init_scale; every other field comes from the
 * shared config. Member i with seed s trains exactly like a single run of
 * {...config, ...overrides, seed: s} whose data is makeDataset(config, data_seed).
 */
export interface PopulationMember {
	seed: number;
	data_seed?: number;
	lr?: number;
	mlp_lr_discount?: number;
	init_scale?: number;
}

export interface PopulationStepReport {
	step: number;
	/** epochs[e][i]: metrics of member i at the e-th epoch evaluated during this call (every epoch, unless init's evalEvery lets the engine skip some). */
	epochs: EpochMetrics[][];
	/** Members that diverged (NaN/Inf) so far, with the step where it happened; they stop updating. */
	diverged: { member: number; step: number }[];
}

export interface PopulationInitOptions {
	/** Initial flat params per member (default initParams of each member). */
	params?: ArrayLike<number>[];
	/**
	 * Metrics are wanted only after epochs that are multiples of this, and after config.epochs (the
	 * last). An engine may skip evaluating the other epochs (the WASM engines do: evaluation costs
	 * about as much as training) or report them anyway; default 1, every epoch.
	 */
	evalEvery?: number;
}

export interface PopulationEngine {
	readonly name: EngineName;
	init(config: Config, members: PopulationMember[], options?: PopulationInitOptions): Promise<void>;
	step(n: number): Promise<PopulationStepReport>;
	/** Flat params of every member, R × layout(config).total, a copy. */
	params(): Promise<Float32Array>;
	evaluate(): Promise<EpochMetrics[]>;
	dispose(): void;
}
