/**
 * Shared by the kernel tests: the test build of the WebAssembly kernels ({simd,scalar}-test.wasm,
 * from assembly/test-hooks.ts by `npm run build:wasm`), which the engines never load: the
 * production exports plus the hooks that let a test call the shuffle, the hashes and the lane-wise
 * math on their own.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { KernelExports, WasmFlavor } from '../../../src/lib/engines/wasm-loader';

export interface TestKernelExports extends KernelExports {
	epoch_order(n: number, seed: number, epoch: number, out: number): void;
	/** Lane-wise math on an array in place: 0 exp, 1 log, 2 gelu, 3 gelu'. */
	math_test(kind: number, ptr: number, n: number): void;
	mix32(x: number): number;
	epoch_key(seed: number, epoch: number): number;
}

export const GENERATED = join(__dirname, '..', '..', '..', 'src', 'lib', 'wasm', 'generated');

/** A fresh instance of the test build of this flavour. */
export async function instantiateTestBuild(flavor: WasmFlavor): Promise<TestKernelExports> {
	const file = join(GENERATED, `${flavor}-test.wasm`);
	const bytes = await readFile(file).catch((e: Error) => {
		throw new Error(`the kernels' test build is missing (${file}): run \`npm run build:wasm\` (${e.message})`);
	});
	const { instance } = await WebAssembly.instantiate(bytes, {});
	return instance.exports as unknown as TestKernelExports;
}
