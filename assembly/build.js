// Compiles the AssemblyScript kernels (assembly/*.ts) to WebAssembly, twice: with SIMD and without;
// and the same twice again from test-hooks.ts (the test build: the production exports plus the
// tests' hooks, {simd,scalar}-test.wasm, never loaded by the engines).
// Runs from `npm install` (the `prepare` script) and `npm run build:wasm`; outputs are not committed.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'assembly', 'index.ts');
const testEntry = join(root, 'assembly', 'test-hooks.ts');
const outDir = join(root, 'src', 'lib', 'wasm', 'generated');
if (!existsSync(entry)) {
	console.log('assembly/index.ts not present yet: no kernels to build');
	process.exit(0);
}
mkdirSync(outDir, { recursive: true });
const asc = join(root, 'node_modules', 'assemblyscript', 'bin', 'asc.js');
// No runtime to speak of (the kernels never allocate objects) and no imports: `abort=` turns
// assertions into traps, so the modules instantiate with an empty import object.
const common = ['-O3', '--runtime', 'stub', '--noAssert', '--initialMemory', '2', '--use', 'abort='];
for (const [file, suffix] of [
	[entry, ''],
	[testEntry, '-test']
])
	for (const [name, flags] of [
		['simd', ['--enable', 'simd']],
		['scalar', ['--disable', 'simd']]
	]) {
		// The kernels pick their lane type from the compile-time constant ASC_FEATURE_SIMD.
		execFileSync(process.execPath, [asc, file, ...common, ...flags, '-o', join(outDir, `${name}${suffix}.wasm`)], { stdio: 'inherit' });
	}
console.log(`kernels built in ${outDir}`);
