/**
 * Shared by the kernel stage tests (tests/unit/assembly/): one explicit batch through the WebAssembly
 * kernel and through the float64 TypeScript reference, from the same parameters and data.
 */
import { parseConfig, type Config } from '../../../src/lib/core/config';
import { relErr } from '../../../src/lib/core/fixture';
import { initParams } from '../../../src/lib/core/params';
import { TsEngine } from '../../../src/lib/engines/ts';
import type { GradientReport } from '../../../src/lib/engines/types';
import { WasmEngine } from '../../../src/lib/engines/wasm';

export { relErr };

export const FLAVOURS = ['wasm', 'wasm-scalar'] as const;

/** Shapes that take every branch of the kernels: p = 2 (lane masks) or not (gathers), d = 2 (registers) or not, both norms. */
export const SHAPES: Partial<Config>[] = [
	{ p: 2, d: 2, h: 8, n: 64, batch: 8 },
	{ p: 3, nb_emb: 4, d: 3, h: 5, L: 7, k: 3, n: 64, batch: 8 },
	{ p: 2, d: 1, h: 5, L: 5, k: 2, nb_emb: 3, n: 40, batch: 5, norm: 'smooth', rho: 2 },
	{ p: 5, nb_emb: 5, d: 4, h: 16, L: 9, k: 3, n: 64, batch: 4, norm: 'smooth', rho: 0.5 }
];

export const ROWS = [0, 3, 5, 6, 9, 17, 30];

/** The kernel's and the reference's report on ROWS at the config's initial parameters (or `params`). */
export async function both(flavour: (typeof FLAVOURS)[number], shape: Partial<Config>, params?: Float64Array): Promise<{ cfg: Config; wasm: GradientReport; ts: GradientReport }> {
	const cfg = parseConfig({ seed: 2, ...shape });
	const init = { params: params ?? initParams(cfg) };
	const w = new WasmEngine(flavour);
	const t = new TsEngine();
	await w.init(cfg, init);
	await t.init(cfg, init);
	return { cfg, wasm: await w.gradients(ROWS), ts: await t.gradients(ROWS) };
}
