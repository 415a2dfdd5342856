/**
 * Loads the compiled kernels (src/lib/wasm/generated/{simd,scalar}.wasm, built by assembly/build.js).
 * The same code runs in node (vitest, the CLI, the bench: the bytes come from the file system) and in
 * a Vite-built page or Web Worker (Vite turns `new URL('…', import.meta.url)` into the hashed asset's
 * URL, which is fetched). Compiled modules are cached per flavour.
 */

import { hasSimd } from './capabilities';

export type WasmFlavor = 'simd' | 'scalar';

function assetUrl(flavor: WasmFlavor): URL {
	// Two literal expressions, so that Vite sees (and emits) both assets.
	return flavor === 'simd' ? new URL('../wasm/generated/simd.wasm', import.meta.url) : new URL('../wasm/generated/scalar.wasm', import.meta.url);
}

async function readBytes(flavor: WasmFlavor): Promise<BufferSource> {
	const url = assetUrl(flavor);
	if (url.protocol === 'file:') {
		// node: read the file. The module name is a variable so that bundlers leave it alone.
		const fsName = 'node:fs/promises';
		const fs = (await import(/* @vite-ignore */ fsName)) as typeof import('node:fs/promises');
		try {
			return await fs.readFile(url);
		} catch (e) {
			throw new Error(`WebAssembly kernels not built (${url.pathname}): run \`npm run build:wasm\` (${(e as Error).message})`);
		}
	}
	if (url.protocol === 'data:') {
		// A bundler that inlined the module (library builds do): decode it here rather than fetch a
		// data: URL, which a strict Content-Security-Policy (connect-src 'self') refuses.
		const b64 = url.href.slice(url.href.indexOf(',') + 1);
		return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
	}
	const res = await fetch(url);
	if (!res.ok) throw new Error(`could not load ${url}: HTTP ${res.status}`);
	return res.arrayBuffer();
}

const cache = new Map<WasmFlavor, Promise<WebAssembly.Module>>();

export function loadModule(flavor: WasmFlavor): Promise<WebAssembly.Module> {
	let m = cache.get(flavor);
	if (!m) {
		if (flavor === 'simd' && !hasSimd()) return Promise.reject(new Error('this WebAssembly engine has no SIMD support'));
		m = readBytes(flavor).then((b) => WebAssembly.compile(b));
		m.catch(() => cache.delete(flavor));
		cache.set(flavor, m);
	}
	return m;
}

/** The exports of a kernel instance (see assembly/index.ts). Pointers are byte offsets. */
export interface KernelExports {
	memory: WebAssembly.Memory;
	alloc(bytes: number): number;
	setup(p: number, L: number, d: number, h: number, nbEmb: number, batch: number, smooth: boolean | number, eps: number, rho: number, beta1: number, beta2: number, adamEps: number, maxEpochs: number): void;
	param_count(): number;
	grad_ptr(): number;
	metrics_ptr(): number;
	eval_ptr(): number;
	model_new(nTrain: number, nTest: number, nEval: number, seed: number, lr: number, lrMlp: number): number;
	model_ready(ctx: number): void;
	train_steps(ctx: number, n: number): number;
	step_rows(ctx: number, rows: number, nRows: number, update: boolean | number, trace: number): number;
	evaluate_model(ctx: number): void;
	[field: `H_${string}`]: WebAssembly.Global;
}

/** A fresh instance (its own memory) of the given flavour. */
export async function instantiate(flavor: WasmFlavor): Promise<KernelExports> {
	const mod = await loadModule(flavor);
	const inst = await WebAssembly.instantiate(mod, {});
	return inst.exports as unknown as KernelExports;
}
