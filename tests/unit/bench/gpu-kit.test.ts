/**
 * The GPU kit (bench/gpu/): its bundle is built and its parity step runs from the bundle alone
 * (no node_modules beside it) on whatever adapter Dawn finds here (SwiftShader without a GPU); the
 * python fallbacks that unpack node and the Vulkan loader where xz and dpkg are missing; the table.
 *
 * The whole kit (node compressed with xz, ~1 min and more here, and the Vulkan loader from apt) is
 * not rebuilt by this test: those steps only copy files. `npm run gpu-kit && bash gpu-kit/run.sh
 * --rehearsal` is the end-to-end check (bench/README.md).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildKit } from '../../../bench/gpu/build';
import { summarizeDispatches, workgroupSizes } from '../../../bench/gpu/instrument';
import { parseRecords } from '../../../bench/gpu/records';
import { summaryTable } from '../../../bench/gpu/table';
import { gpuSkipReason } from '../helpers/webgpu-setup';

const ROOT = join(__dirname, '..', '..', '..');
const FIXTURES = readdirSync(join(ROOT, 'tests', 'fixtures')).filter((f) => f.endsWith('.json'));
const SWIFTSHADER = '/usr/lib/chromium/vk_swiftshader_icd.json';
const tmp = mkdtempSync(join(tmpdir(), 'flatland-gpu-kit-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const skip = await gpuSkipReason();

describe.skipIf(skip)('the GPU kit bundle', () => {
	const kit = join(tmp, 'kit');
	const env = { ...process.env, ...(process.env.VK_ICD_FILENAMES || !existsSync(SWIFTSHADER) ? {} : { VK_ICD_FILENAMES: SWIFTSHADER }), NODE_PATH: '' };
	const bench = (args: string[]) => spawnSync(process.execPath, [join(kit, 'app', 'gpu-bench.mjs'), ...args], { cwd: tmp, env, encoding: 'utf8', timeout: 120_000 });

	it('builds, and its parity step passes on every fixture from the bundle alone, with dispatches recorded', async () => {
		const { manifest } = await buildKit({ out: kit, bundleOnly: true, reference: 'reference' });
		expect(manifest.fixtures).toEqual([...FIXTURES].sort());
		expect(existsSync(join(kit, 'app', 'dist', 'linux-x64', 'dawn.node'))).toBe(true);
		expect(existsSync(join(kit, 'run.sh')) && existsSync(join(kit, 'unpack.py'))).toBe(true);

		// Run where no node_modules can be found: the bundle must carry everything but dawn.node.
		const r = bench(['parity', '--fixtures', join(kit, 'fixtures')]);
		const records = parseRecords(r.stdout);
		expect(r.status, `${r.stdout.split('\n').filter((l) => l.includes('"error"')).join('\n')}\n${r.stderr.slice(-2000)}`).toBe(0);
		const parity = records.filter((x) => x.kind === 'parity');
		expect(parity.map((x) => `${x.fixture}.json`).sort()).toEqual([...FIXTURES].sort());
		for (const p of parity) {
			expect(p.pass, String(p.fixture)).toBe(true);
			expect(Number(p.max_grad_err)).toBeLessThan(1e-4);
			expect(Number(p.max_traj_err)).toBeLessThan(1e-3);
			const d = p.dispatches as ReturnType<typeof summarizeDispatches>;
			// runParity: one gradient dispatch, then one training dispatch for the 50-step trajectory.
			expect(d.grad?.count, `${p.fixture} grad dispatches`).toBe(1);
			expect(d.train?.count, `${p.fixture} train dispatches`).toBeGreaterThanOrEqual(1);
			for (const e of [d.grad, d.train]) {
				expect(e.workgroupSize).toHaveLength(3);
				expect(e.workgroupSize!.every((n) => Number.isInteger(n) && n >= 1)).toBe(true);
			}
		}
	}, 180_000);

	it('measures a small population from the bundle: a figure checked against the float64 engine, and its dispatches', () => {
		const r = bench(['population', '--R', '3', '--max-epochs', '1', '--target-s', '0']);
		expect(r.status, r.stdout + r.stderr.slice(-2000)).toBe(0);
		const records = parseRecords(r.stdout);
		const fig = records.find((x) => x.kind === 'figure')!;
		expect(fig).toMatchObject({ engine: 'webgpu', R: 3, epochs: 1, steps: 64, metrics_finite: true, diverged: 0 });
		expect(fig.check).toMatchObject({ pass: true });
		expect((fig.check as { members: { member: number }[] }).members.map((m) => m.member)).toEqual([0, 2]);
		expect(Number(fig.model_steps_per_s)).toBeGreaterThan(0);
		expect(records.map((x) => x.kind)).toEqual(['progress', 'progress', 'progress', 'figure', 'dispatches']);
		const d = records.find((x) => x.kind === 'dispatches')!.dispatches as { entry: string }[];
		expect(d.map((x) => x.entry)).toEqual(['train', 'evaluate']);
	}, 120_000);
});

describe('run.sh', () => {
	it('parses, and refuses a bad budget with a one-line message (exit 2) before unpacking anything', () => {
		const sh = join(ROOT, 'bench', 'gpu', 'run.sh');
		expect(spawnSync('bash', ['-n', sh]).status).toBe(0);
		const r = spawnSync('bash', [sh, '--budget-s', 'soon'], { encoding: 'utf8', env: { ...process.env, KIT_WORK: join(tmp, 'work') } });
		expect(r.status).toBe(2);
		expect(r.stderr.trim()).toBe("# run.sh: --budget-s must be a whole number of seconds, not 'soon'");
		expect(existsSync(join(tmp, 'work'))).toBe(false);
	});
});

describe('instrumentation helpers', () => {
	it('reads @workgroup_size of each compute entry point from WGSL', () => {
		const code = '@compute @workgroup_size(64) fn train() {}\n@compute @workgroup_size(8, 4) fn evaluate() {}\nfn helper() {}';
		expect([...workgroupSizes(code)]).toEqual([
			['train', [64, 1, 1]],
			['evaluate', [8, 4, 1]]
		]);
	});

	it('summarises dispatches per entry point (GPU ms only from timed ones)', () => {
		const s = summarizeDispatches([
			{ entry: 'train', workgroupSize: [64, 1, 1], workgroups: [2, 1, 1], submit: 0, gpuMs: 3 },
			{ entry: 'train', workgroupSize: [64, 1, 1], workgroups: [2, 1, 1], submit: 0, gpuMs: 5 },
			{ entry: 'evaluate', workgroupSize: [64, 1, 1], workgroups: [128, 1, 1], submit: 0, gpuMs: null }
		]);
		expect(s.train).toMatchObject({ count: 2, gpuMsTotal: 8, gpuMsMean: 4, gpuMsMax: 5, workgroups: ['2×1×1'] });
		expect(s.evaluate).toMatchObject({ count: 1, gpuMsTotal: null, gpuMsMean: null });
	});
});

describe('the kit on a machine without xz or dpkg (python fallbacks)', () => {
	const unpack = join(ROOT, 'bench', 'gpu', 'unpack.py');
	const py = (args: string[]) => spawnSync('python3', [unpack, ...args], { encoding: 'utf8' });
	const hasPython = spawnSync('python3', ['-c', 'import lzma, tarfile'], { encoding: 'utf8' }).status === 0;

	it.skipIf(!hasPython)('unpacks an xz file as xz -d does', () => {
		const data = Buffer.from(Array.from({ length: 50_000 }, (_, i) => (i * 7919) % 251));
		writeFileSync(join(tmp, 'blob'), data);
		spawnSync('python3', ['-c', 'import lzma,sys; open(sys.argv[2],"wb").write(lzma.compress(open(sys.argv[1],"rb").read()))', join(tmp, 'blob'), join(tmp, 'blob.xz')]);
		const r = py(['xz', join(tmp, 'blob.xz'), join(tmp, 'blob.out')]);
		expect(r.status, r.stderr).toBe(0);
		expect(readFileSync(join(tmp, 'blob.out')).equals(data)).toBe(true);
	});

	const hasDpkgDeb = spawnSync('dpkg-deb', ['--version']).status === 0;
	it.skipIf(!hasPython || !hasDpkgDeb)('extracts a Debian package (files and symlinks) as dpkg -x does', () => {
		const pkg = join(tmp, 'pkg');
		mkdirSync(join(pkg, 'DEBIAN'), { recursive: true });
		mkdirSync(join(pkg, 'usr', 'lib', 'x86_64-linux-gnu'), { recursive: true });
		writeFileSync(join(pkg, 'DEBIAN', 'control'), 'Package: kit-test\nVersion: 1.0\nArchitecture: amd64\nMaintainer: t <t@example.org>\nDescription: test\n');
		writeFileSync(join(pkg, 'usr', 'lib', 'x86_64-linux-gnu', 'libkit.so.1.2.3'), 'ELF-ish');
		symlinkSync('libkit.so.1.2.3', join(pkg, 'usr', 'lib', 'x86_64-linux-gnu', 'libkit.so.1'));
		const b = spawnSync('dpkg-deb', ['-Zxz', '--root-owner-group', '--build', pkg, join(tmp, 'kit-test.deb')], { encoding: 'utf8' });
		expect(b.status, b.stderr).toBe(0);
		const r = py(['deb', join(tmp, 'kit-test.deb'), join(tmp, 'x')]);
		expect(r.status, r.stderr).toBe(0);
		expect(readFileSync(join(tmp, 'x', 'usr', 'lib', 'x86_64-linux-gnu', 'libkit.so.1'), 'utf8')).toBe('ELF-ish');
		expect(py(['deb', join(tmp, 'blob'), join(tmp, 'y')]).stderr).toMatch(/not a Debian package/);
	});
});

describe('the summary table', () => {
	it('marks software figures, counts parity, pairs WebGPU with PyTorch per R and lists what stopped', () => {
		const t = summaryTable([
			{ kind: 'adapter', vendor: 'google', architecture: 'swiftshader', device: 'd', description: 'SwiftShader', software: true },
			{ kind: 'torch', device: 'cpu' },
			{ kind: 'parity', fixture: 'a', pass: true, max_grad_err: 1e-6, max_traj_err: 2e-6 },
			{ kind: 'parity', fixture: 'b', pass: false, max_grad_err: 3e-4, max_traj_err: 2e-6 },
			{ kind: 'figure', engine: 'webgpu', R: 64, software: true, model_steps_per_s: 2000, train_only_model_steps_per_s: 3000, epochs: 1, check: { pass: true }, metrics_finite: true },
			{ kind: 'figure', engine: 'torch', R: 64, model_steps_per_s: 1000 },
			{ kind: 'skip', phase: 'torch', R: 256, reason: 'out of memory', limit: true },
			{ kind: 'skip', phase: 'torch', above_R: 256, reason: 'larger sizes not tried after R = 256' },
			{ kind: 'summary', wall_s: 12, budget_s: 240, exit_code: 1 }
		]);
		expect(t).toMatch(/SOFTWARE/);
		expect(t).toMatch(/parity: 1\/2 fixtures pass/);
		expect(t).toMatch(/FAIL {2}b/);
		expect(t).toMatch(/^64 +2\.0 k +3\.0 k +1 +ok +software +1\.0 k +2\.00×$/m);
		expect(t).toMatch(/skipped: torch R = 256: out of memory/);
		expect(t).toMatch(/skipped: torch R > 256: larger sizes not tried/);
		expect(t).toMatch(/PyTorch ran on the CPU/);
	});
});
