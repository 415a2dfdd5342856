/**
 * `npm run bench [-- --engine webgpu] [options]`: the CPU bench (bench/run.ts: TypeScript, WASM
 * scalar and SIMD, the WASM pool, each against PyTorch) or, with `--engine webgpu`, the GPU kit's
 * bench (bench/gpu/main.ts `run`: adapter, parity, populations vs PyTorch). Options after the engine
 * go to that bench unchanged.
 */
const i = process.argv.indexOf('--engine');
const engine = i >= 0 ? process.argv[i + 1] : 'wasm';
if (i >= 0) process.argv.splice(i, 2);
if (engine === 'webgpu') {
	process.argv.splice(2, 0, 'run'); // the GPU kit's bench, from the sources, on this machine's adapter
	await import('./gpu/main');
} else if (engine === 'wasm' || engine === 'cpu') await import('./run');
else {
	console.error(`bench: --engine must be wasm (the default) or webgpu, not ${JSON.stringify(engine)}`);
	process.exit(2);
}
