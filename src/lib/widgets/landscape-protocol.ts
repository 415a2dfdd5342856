/** Messages between the landscape widget and its worker. */
export interface LandscapeRequest {
	id: number;
	config: import('$lib/core/config').Config;
	/** n × P parameters of the trajectory (oldest first); the last row is the current point. */
	trajectory: Float64Array;
	n: number;
	mode: 'pca' | 'random';
	size: number;
	/** Training rows the loss is averaged over (CPU path; the GPU uses the whole training set). */
	rows: number;
	/** Seed of the random directions. */
	seed: number;
}

export interface LandscapeResult {
	id: number;
	ok: true;
	alphas: Float64Array;
	betas: Float64Array;
	/** losses[j·size + i] at (alphas[i], betas[j]). */
	losses: Float64Array;
	/** Plane: origin (the current point) and two directions, each P numbers. */
	origin: Float64Array;
	u: Float64Array;
	v: Float64Array;
	/** n × 2 plane coordinates of the trajectory. */
	coords: Float64Array;
	explained: [number, number] | null;
	backend: string;
	rowsUsed: number;
	ms: number;
}

export type LandscapeResponse = LandscapeResult | { id: number; ok: false; error: string } | { id: number; progress: number };
