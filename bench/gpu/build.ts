/**
 * `npm run gpu-kit`: builds gpu-kit/, one folder (≤ 60 MiB) that measures the WebGPU engine on a bare
 * x86-64 Linux GPU machine: no node, no npm, no Vulkan loader, no network there. It holds
 *
 *   run.sh, unpack.py        the entry point (unpacks, finds the NVIDIA Vulkan driver, runs) and its python fallbacks
 *   node.xz                  this machine's node binary, xz-compressed (run.sh unpacks it)
 *   app/gpu-bench.mjs        bench/gpu/main.ts with the engines, tfjs and Dawn's loader bundled (esbuild)
 *   app/dist/linux-x64/dawn.node   Dawn for node (npm `webgpu`), where the bundled loader looks for it
 *   debs/libvulkan1_*.deb    the Vulkan loader (Debian), unpacked there by dpkg -x or python
 *   debs/driver-deps/*.deb   libX11, libXext, glvnd…: used only if NVIDIA's Vulkan driver does not load without them
 *   fixtures/*.json          the parity fixtures (tests/fixtures)
 *   reference/               our PyTorch reference (population_bench.py and what it imports), if present
 *   MANIFEST.json            commit, versions, sizes
 *
 *   npm run gpu-kit [-- --out DIR] [--bundle-only] [--reference DIR]
 *
 * --bundle-only writes app/ (bundle + dawn.node), fixtures and the scripts: what `npm test` checks,
 * in seconds; the compressed node (~40 s of xz here) is reused from an earlier build when unchanged.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const KIT_LIMIT_MIB = 60;

export interface BuildOptions {
	out: string;
	bundleOnly: boolean;
	reference: string;
}

export async function buildKit(o: BuildOptions): Promise<{ out: string; mib: number; manifest: Record<string, unknown> }> {
	const out = resolve(o.out);
	mkdirSync(join(out, 'app', 'dist', 'linux-x64'), { recursive: true });
	const require = createRequire(join(ROOT, 'package.json'));
	const log = (s: string) => console.error(`gpu-kit: ${s}`);

	// 1. The bench and everything it imports, one ES module. tfjs ships CommonJS for node, so the
	// bundle gets a `require` of its own; node-fetch (tfjs's unused fetch for old node) stays out.
	const { build } = await import('esbuild');
	await build({
		entryPoints: [join(ROOT, 'bench/gpu/main.ts')],
		outfile: join(out, 'app', 'gpu-bench.mjs'),
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		external: ['node-fetch'],
		banner: { js: "import { createRequire as __kitRequire } from 'node:module'; const require = __kitRequire(import.meta.url);" },
		logLevel: 'warning',
		legalComments: 'none'
	});
	log(`bundle app/gpu-bench.mjs (${mib(statSync(join(out, 'app', 'gpu-bench.mjs')).size)} MiB)`);

	// 2. Dawn, where the bundled `webgpu` loader looks: <bundle dir>/dist/<platform>-<arch>/dawn.node.
	const webgpuDir = dirname(require.resolve('webgpu/package.json'));
	copyIfChanged(join(webgpuDir, 'dist', 'linux-x64', 'dawn.node'), join(out, 'app', 'dist', 'linux-x64', 'dawn.node'));

	// 3. Fixtures, scripts.
	rmSync(join(out, 'fixtures'), { recursive: true, force: true });
	mkdirSync(join(out, 'fixtures'));
	const fixtures = readdirSync(join(ROOT, 'tests', 'fixtures')).filter((f) => f.endsWith('.json')).sort();
	for (const f of fixtures) copyFileSync(join(ROOT, 'tests', 'fixtures', f), join(out, 'fixtures', f));
	for (const f of ['run.sh', 'unpack.py']) copyFileSync(join(ROOT, 'bench', 'gpu', f), join(out, f));
	execFileSync('chmod', ['+x', join(out, 'run.sh')]);

	// 4. The PyTorch reference, as it is at build time (reference/ belongs to the reference's owners).
	rmSync(join(out, 'reference'), { recursive: true, force: true });
	const refDir = resolve(ROOT, o.reference);
	const refFiles = existsSync(refDir) ? readdirSync(refDir).filter((f) => f.endsWith('.py') || f === 'README.md') : [];
	if (refFiles.length) {
		mkdirSync(join(out, 'reference'));
		for (const f of refFiles) copyFileSync(join(refDir, f), join(out, 'reference', f));
	}
	const hasBench = refFiles.includes('population_bench.py');
	if (!hasBench) log(`warning: no ${relative(ROOT, join(refDir, 'population_bench.py'))}: the kit will skip the PyTorch figures`);

	const manifest: Record<string, unknown> = {
		built: new Date().toISOString(),
		commit: git(['rev-parse', 'HEAD']),
		dirty: git(['status', '--porcelain'])?.length ? true : false,
		node: process.version,
		webgpu: JSON.parse(readFileSync(join(webgpuDir, 'package.json'), 'utf8')).version,
		tfjs_backend_webgpu: JSON.parse(readFileSync(require.resolve('@tensorflow/tfjs-backend-webgpu/package.json'), 'utf8')).version,
		fixtures,
		reference: refFiles,
		population_bench: hasBench,
		bundle_only: o.bundleOnly
	};

	if (!o.bundleOnly) {
		// 5. node, compressed. The target has no node; this machine's binary (official linux-x64 build,
		// glibc ≥ 2.28) is what ran the tests. Reused when the same binary was packed before.
		const node = realNode();
		const stamp = `${node} ${statSync(node).size} ${statSync(node).mtimeMs} ${process.version}`;
		const stampFile = join(out, '.node.stamp');
		if (!existsSync(join(out, 'node.xz')) || !existsSync(stampFile) || readFileSync(stampFile, 'utf8') !== stamp) {
			log(`compressing ${node} (${mib(statSync(node).size)} MiB) with xz -6 …`);
			xzCompress(node, join(out, 'node.xz'));
			writeFileSync(stampFile, stamp);
		}
		manifest.node_binary = { from: node, bytes: statSync(node).size, xz_bytes: statSync(join(out, 'node.xz')).size };

		// 6. The Vulkan loader, and the NVIDIA driver's usual dependencies, as Debian packages.
		manifest.debs = debs(join(out, 'debs'), VULKAN_DEBS, log);
		manifest.driver_deps = debs(join(out, 'debs', 'driver-deps'), DRIVER_DEPS_DEBS, log);
	}
	writeFileSync(join(out, 'MANIFEST.json'), JSON.stringify(manifest, null, 2) + '\n');
	const total = duMiB(out);
	manifest.mib = total;
	writeFileSync(join(out, 'MANIFEST.json'), JSON.stringify(manifest, null, 2) + '\n');
	if (total > KIT_LIMIT_MIB) throw new Error(`the kit is ${total} MiB, over the ${KIT_LIMIT_MIB} MiB limit`);
	log(`${relative(process.cwd(), out) || out}: ${total} MiB${o.bundleOnly ? ' (bundle only: no node, no Vulkan loader)' : ''}`);
	return { out, mib: total, manifest };
}

const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

function duMiB(dir: string): number {
	let bytes = 0;
	const walk = (d: string) => {
		for (const e of readdirSync(d, { withFileTypes: true })) {
			const p = join(d, e.name);
			if (e.isDirectory()) walk(p);
			else if (e.isFile()) bytes += Math.ceil(statSync(p).size / 4096) * 4096;
		}
	};
	walk(dir);
	return Math.ceil(bytes / 2 ** 20);
}

function copyIfChanged(from: string, to: string): void {
	if (existsSync(to) && statSync(to).size === statSync(from).size && statSync(to).mtimeMs >= statSync(from).mtimeMs) return;
	copyFileSync(from, to);
}

function git(args: string[]): string | null {
	const r = spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' });
	return r.status === 0 ? r.stdout.trim() : null;
}

/** The node binary itself (not a wrapper script or a version manager's shim). */
function realNode(): string {
	const node = process.execPath;
	const head = readFileSync(node).subarray(0, 20);
	if (head.readUInt32BE(0) !== 0x7f454c46) throw new Error(`${node} is not an ELF binary: the kit needs a linux-x64 node`);
	if (process.platform !== 'linux' || process.arch !== 'x64') throw new Error(`the kit targets linux-x64; this node is ${process.platform}-${process.arch}`);
	return node;
}

function xzCompress(from: string, to: string): void {
	const tmp = `${to}.tmp`;
	const r = spawnSync('sh', ['-c', 'xz -6 -T2 -c "$1" > "$2"', 'xz', from, tmp], { stdio: ['ignore', 'ignore', 'pipe'] });
	if (r.status !== 0) {
		// No xz here: python's lzma writes the same format.
		const py = spawnSync('python3', ['-c', 'import lzma,shutil,sys\nwith open(sys.argv[1],"rb") as i, lzma.open(sys.argv[2],"wb",preset=6) as o: shutil.copyfileobj(i,o)', from, tmp]);
		if (py.status !== 0) throw new Error(`cannot compress node: xz failed (${r.stderr?.toString().trim()}) and python3's lzma too (${py.stderr?.toString().trim()})`);
	}
	execFileSync('mv', [tmp, to]);
}

/** The Vulkan loader: what Dawn opens (libvulkan.so.1). */
export const VULKAN_DEBS = ['libvulkan1'];
/**
 * What NVIDIA's Vulkan driver (libGLX_nvidia.so.0) links against and a slim container may lack:
 * glvnd's dispatcher and libX11/libXext with their dependencies. run.sh uses them only when the
 * driver does not load without them.
 */
export const DRIVER_DEPS_DEBS = ['libglvnd0', 'libx11-6', 'libxext6', 'libxcb1', 'libxau6', 'libxdmcp6', 'libbsd0', 'libmd0'];

/** Debian packages (amd64) into dir: an earlier kit's copy, apt's cache, or `apt-get download` (network); else the build stops and says why. */
function debs(dir: string, names: string[], log: (s: string) => void): string[] {
	mkdirSync(dir, { recursive: true });
	const find = (d: string, name: string) => (existsSync(d) ? readdirSync(d).find((f) => f.startsWith(`${name}_`) && /_(amd64|all)\.deb$/.test(f)) : undefined);
	const missing: string[] = [];
	for (const name of names) {
		if (find(dir, name)) continue;
		const cached = find('/var/cache/apt/archives', name);
		if (cached) copyFileSync(join('/var/cache/apt/archives', cached), join(dir, cached));
		else missing.push(name);
	}
	if (missing.length) {
		log(`apt-get download ${missing.join(' ')} …`);
		const r = spawnSync('apt-get', ['download', ...missing.map((n) => `${n}:amd64`)], { cwd: dir, encoding: 'utf8' });
		if (r.status !== 0) throw new Error(`cannot get the Debian packages ${missing.join(', ')}: apt-get download failed: ${(r.stderr || r.error?.message || '').trim().split('\n').at(-1)}`);
	}
	return names.map((n) => find(dir, n)!);
}

if (resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) {
	const args = process.argv.slice(2);
	const opt = (name: string) => {
		const i = args.indexOf(`--${name}`);
		return i >= 0 ? args[i + 1] : undefined;
	};
	const known = new Set(['--out', '--bundle-only', '--reference']);
	const bad = args.find((a, i) => a.startsWith('--') && !known.has(a) && !(i > 0 && ['--out', '--reference'].includes(args[i - 1])));
	if (bad) {
		console.error(`gpu-kit: unknown option ${bad} (--out DIR, --bundle-only, --reference DIR)`);
		process.exit(2);
	}
	buildKit({ out: opt('out') ?? join(ROOT, 'gpu-kit'), bundleOnly: args.includes('--bundle-only'), reference: opt('reference') ?? 'reference' }).catch((e) => {
		console.error(`gpu-kit: ${(e as Error).message}`);
		process.exit(1);
	});
}
