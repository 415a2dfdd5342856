/**
 * Soak, command line: `flatland train` for 1,000,000 steps (15,625 epochs of the default config,
 * 64 steps each) in this process, with process.memoryUsage() sampled along the way. Memory must stay
 * flat: after the first tenth, the heap after a GC may not grow by more than 8 MB, nor RSS by 32 MB.
 * Run with `npm run soak` (not part of `npm test`). Writes tests/output/soak-cli.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { train } from '../../src/cli/train';

const STEPS = 1_000_000;
const epochs = Math.ceil(STEPS / 64);
const gc = (globalThis as { gc?: () => void }).gc;
const samples: { t: number; heapUsed: number; rss: number; external: number; arrayBuffers: number }[] = [];
const t0 = performance.now();
const sample = () => {
	gc?.();
	const m = process.memoryUsage();
	samples.push({ t: (performance.now() - t0) / 1000, heapUsed: m.heapUsed, rss: m.rss, external: m.external, arrayBuffers: m.arrayBuffers });
};
sample();
// The training loop never yields to timers (WebAssembly runs synchronously), so samples are taken
// from the JSON lines it writes: stdout is swallowed, and every 125th epoch line takes a sample.
const write = process.stdout.write.bind(process.stdout);
let lines = 0;
process.stdout.write = ((chunk: string | Uint8Array) => {
	if (++lines % 125 === 0) sample();
	return true;
}) as typeof process.stdout.write;
const code = await train(['--epochs', String(epochs), '--quiet', '--engine', process.env.SOAK_ENGINE ?? 'wasm']);
process.stdout.write = write;
sample();
if (lines !== epochs) throw new Error(`expected ${epochs} epoch lines, got ${lines}`);
const secs = (performance.now() - t0) / 1000;
const MB = (b: number) => +(b / 2 ** 20).toFixed(2);
const settled = samples.filter((s) => s.t >= samples.at(-1)!.t / 10);
const span = (k: 'heapUsed' | 'rss') => MB(Math.max(...settled.map((s) => s[k])) - Math.min(...settled.map((s) => s[k])));
const report = {
	steps: epochs * 64,
	epochs,
	seconds: +secs.toFixed(1),
	stepsPerSecond: Math.round((epochs * 64) / secs),
	gcExposed: !!gc,
	samples: samples.length,
	heapUsedMB: { first: MB(samples[0].heapUsed), afterTenth: MB(settled[0].heapUsed), last: MB(samples.at(-1)!.heapUsed), max: MB(Math.max(...samples.map((s) => s.heapUsed))), spanAfterTenth: span('heapUsed') },
	rssMB: { first: MB(samples[0].rss), afterTenth: MB(settled[0].rss), last: MB(samples.at(-1)!.rss), max: MB(Math.max(...samples.map((s) => s.rss))), spanAfterTenth: span('rss') }
};
mkdirSync('tests/output', { recursive: true });
writeFileSync('tests/output/soak-cli.json', JSON.stringify({ report, samples }, null, 1));
console.log(JSON.stringify(report, null, 1));
const ok = code === 0 && report.heapUsedMB.spanAfterTenth <= 8 && report.rssMB.spanAfterTenth <= 32;
if (!ok) console.error(`soak (CLI) FAILED: exit code ${code}, heap span ${report.heapUsedMB.spanAfterTenth} MB, rss span ${report.rssMB.spanAfterTenth} MB`);
process.exit(ok ? 0 : 1);
