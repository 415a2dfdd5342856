/** Helpers of the CPU bench: timing, the PyTorch reference scripts, formatting. */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const REFERENCE = join(ROOT, 'reference');
export const PYTHON = '/usr/bin/python3';

export function seconds<T>(f: () => T): [T, number] {
	const t0 = performance.now();
	const r = f();
	return [r, (performance.now() - t0) / 1000];
}

/** User + system CPU seconds of this process so far (worker threads included). */
export function cpuSeconds(): number {
	const u = process.cpuUsage();
	return (u.user + u.system) / 1e6;
}

export async function secondsAsync<T>(f: () => Promise<T>): Promise<[T, number]> {
	const t0 = performance.now();
	const r = await f();
	return [r, (performance.now() - t0) / 1000];
}

/** Why the PyTorch reference cannot run here, or null when it can. */
export function torchMissing(): string | null {
	if (!existsSync(PYTHON)) return `${PYTHON} not found`;
	if (!existsSync(join(REFERENCE, 'train.py'))) return `${REFERENCE}/train.py not found`;
	try {
		execFileSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' });
		return null;
	} catch {
		return 'torch is not installed for /usr/bin/python3 (apt-get install python3-torch)';
	}
}

/** Run a reference script and parse the JSON object on its last line of output. */
export function runReference(script: string, args: string[], env: Record<string, string> = {}): Record<string, number> {
	const out = execFileSync(PYTHON, [join(REFERENCE, script), ...args], { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 1 << 24 });
	const last = out.trim().split('\n').at(-1)!;
	return JSON.parse(last);
}

export const fmt = (x: number, digits = 3) => (x >= 1e6 ? `${(x / 1e6).toPrecision(digits)} M` : x >= 1e3 ? `${(x / 1e3).toPrecision(digits)} k` : x.toPrecision(digits));

/** A plain-text table: the first row is the header. */
export function table(rows: string[][]): string {
	const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
	const line = (r: string[]) => r.map((s, c) => (c === 0 ? s.padEnd(widths[c]) : s.padStart(widths[c]))).join('  ');
	return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}
