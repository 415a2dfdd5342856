/** Run an engine on a parity fixture: the single-batch check, then the explicit-batch Adam trajectory. */
import { compare, type Fixture, type ParityReport } from '../core/fixture';
import type { Engine } from './types';

export async function runParity(engine: Engine, fx: Fixture): Promise<ParityReport> {
	const data = { train: fx.train, test: fx.train, L: fx.config.L, p: fx.config.p };
	await engine.init(fx.config, { params: fx.params, data });
	const g = await engine.gradients(fx.rows);
	const losses = await engine.stepBatches(fx.batches);
	const snap = await engine.snapshot();
	return compare(fx, { ...g, losses, finalParams: snap.params }, engine.name);
}
