/**
 * Start-up of whole processes, side by side: the `flatland` command (compiled at install, and from its
 * TypeScript sources through tsx) against PyTorch's own start-up (`import torch`, and a one-epoch run
 * of reference/train.py). Each command runs `runs` times in a row; the table gives the median wall
 * time and the median CPU time (user + system of the command's processes, from bash's `times`), which
 * moves much less than the wall time when the machine is busy.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
// @ts-ignore: plain JavaScript module (bin/), typed through allowJs
import { cliEntry } from '../bin/cli-entry.js';
import { REFERENCE, ROOT, PYTHON } from './lib';

export interface StartupRow {
	command: string;
	runs: number;
	wall_s: number;
	cpu_s: number;
	/** The fastest run's wall time. */
	min_wall_s: number;
}

const median = (xs: number[]) => {
	const s = [...xs].sort((a, b) => a - b);
	return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Seconds from bash's `times` output (its second line: the children's user and system time). */
function childCpu(times: string): number {
	const line = times.trim().split('\n').at(-1) ?? '';
	return [...line.matchAll(/(\d+)m([\d.]+)s/g)].reduce((s, m) => s + 60 * Number(m[1]) + Number(m[2]), 0);
}

function time(label: string, argv: string[], env: Record<string, string>, runs: number): StartupRow {
	const cmd = argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
	const walls: number[] = [];
	const cpus: number[] = [];
	for (let i = 0; i < runs; i++) {
		const t0 = performance.now();
		const r = spawnSync('bash', ['-c', `${cmd} >/dev/null 2>&1; s=$?; times; exit $s`], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env } });
		walls.push((performance.now() - t0) / 1000);
		if (r.status !== 0) throw new Error(`start-up bench: ${label} failed (exit ${r.status})`);
		cpus.push(childCpu(r.stdout));
	}
	return { command: label, runs, wall_s: median(walls), cpu_s: median(cpus), min_wall_s: Math.min(...walls) };
}

/** The start-up rows; PyTorch's only when `torch` is true. */
export function startup(runs: number, torch: boolean): StartupRow[] {
	const cli = [process.execPath, join(ROOT, 'bin', 'flatland.js'), 'train', '--epochs', '1', '--quiet'];
	const entry = cliEntry() as { kind: string; why: string };
	const rows = [
		time(`flatland train --epochs 1 --quiet (${entry.kind === 'compiled' ? 'compiled, dist/cli/' : `NOT compiled: ${entry.why}`})`, cli, {}, runs),
		time('flatland train --epochs 1 --quiet (TypeScript sources via tsx)', cli, { FLATLAND_FROM_SOURCE: '1' }, runs),
		time('node -e 0 (node alone)', [process.execPath, '-e', '0'], {}, runs)
	];
	if (torch) {
		rows.push(time("python3 -c 'import torch'", [PYTHON, '-c', 'import torch'], {}, runs));
		rows.push(time('python3 reference/train.py --epochs 1', [PYTHON, join(REFERENCE, 'train.py'), '--epochs', '1'], {}, runs));
	}
	return rows;
}
