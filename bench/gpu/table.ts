/** The summary of a GPU bench run, from its records: adapter, parity, and one row per R. */
import type { GpuRecord } from './records';

export const fmtRate = (x: unknown): string => {
	if (typeof x !== 'number' || !Number.isFinite(x)) return '—';
	return x >= 1e9 ? `${(x / 1e9).toFixed(2)} G` : x >= 1e6 ? `${(x / 1e6).toFixed(2)} M` : x >= 1e3 ? `${(x / 1e3).toFixed(1)} k` : x.toFixed(1);
};

const sci = (x: unknown) => (typeof x === 'number' ? x.toExponential(1) : '—');

export function summaryTable(records: GpuRecord[]): string {
	const lines: string[] = [];
	const adapter = records.find((r) => r.kind === 'adapter');
	const torch = records.find((r) => r.kind === 'torch');
	const summary = records.find((r) => r.kind === 'summary');
	const software = adapter?.software === true;
	lines.push('');
	lines.push(`== Flatland GPU kit: summary`);
	if (adapter)
		lines.push(
			`adapter: ${adapter.vendor} / ${adapter.architecture} / ${adapter.device} / ${adapter.description}` +
				(software ? '  — SOFTWARE (SwiftShader): rehearsal, no GPU figures' : '  — hardware')
		);
	else lines.push('adapter: none (see the error and diagnostic records above)');
	const lim = adapter?.device_limits as Record<string, number> | undefined;
	if (lim) lines.push(`device limits: maxStorageBufferBindingSize ${lim.maxStorageBufferBindingSize}, maxBufferSize ${lim.maxBufferSize}, maxComputeWorkgroupsPerDimension ${lim.maxComputeWorkgroupsPerDimension}; timestamps ${adapter!.timestamps ? 'on' : 'off'}`);
	const parity = records.filter((r) => r.kind === 'parity');
	const parityErrors = records.filter((r) => r.kind === 'error' && r.phase === 'parity');
	if (parity.length || parityErrors.length) {
		const ok = parity.filter((r) => r.pass).length;
		const worst = (k: string) => Math.max(...parity.map((r) => Number(r[k])));
		const files = records.find((r) => r.kind === 'kit')?.fixture_files;
		const expected = Array.isArray(files) ? files.length : parity.length + parityErrors.filter((e) => e.fixture).length;
		lines.push(
			`parity: ${ok}/${expected} fixtures pass` +
				(parity.length ? ` (worst gradient error ${sci(worst('max_grad_err'))} ≤ 1e-4, worst 50-step trajectory error ${sci(worst('max_traj_err'))} ≤ 1e-3)` : '')
		);
		for (const r of parity) lines.push(`  ${r.pass ? 'pass' : 'FAIL'}  ${r.fixture}  grad ${sci(r.max_grad_err)}  trajectory ${sci(r.max_traj_err)}`);
		for (const e of parityErrors) lines.push(`  ERROR ${e.fixture ?? ''} ${e.message}`);
		if (Array.isArray(files))
			for (const f of files as string[]) {
				const name = f.replace(/\.json$/, '');
				if (!parity.some((r) => r.fixture === name) && !parityErrors.some((e) => e.fixture === name)) lines.push(`  not checked  ${name}`);
			}
	}
	const refused = records.find((r) => r.kind === 'refused');
	if (refused) lines.push(`WebGPU figures refused: ${refused.reason}`);

	const figs = records.filter((r) => r.kind === 'figure');
	const Rs = [...new Set(figs.map((r) => Number(r.R)))].sort((a, b) => a - b);
	const torchDev = torch?.device ? `PyTorch ${torch.device}${torch.device === 'cpu' ? ' (rehearsal)' : ''}` : 'PyTorch';
	const head = ['R', 'WebGPU model-steps/s', 'train only (GPU time)', 'epochs', 'check', 'marked', `${torchDev} model-steps/s`, '× PyTorch'];
	const rows = Rs.map((R) => {
		const w = figs.find((r) => r.engine === 'webgpu' && r.R === R);
		const t = figs.find((r) => r.engine === 'torch' && r.R === R);
		const ratio = w && t ? Number(w.model_steps_per_s) / Number(t.model_steps_per_s) : undefined;
		const check = w ? ((w.check as { pass?: boolean })?.pass && w.metrics_finite ? 'ok' : 'FAIL') : '—';
		return [
			String(R),
			w ? fmtRate(w.model_steps_per_s) : '—',
			w ? fmtRate(w.train_only_model_steps_per_s) : '—',
			w ? String(w.epochs) : '—',
			check,
			w ? (w.software ? 'software' : 'GPU') : '—',
			t ? fmtRate(t.model_steps_per_s) : '—',
			ratio ? `${ratio.toFixed(2)}×` : '—'
		];
	});
	if (rows.length) {
		const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
		const fmt = (r: string[]) => r.map((c, i) => (i === 0 || i === 4 || i === 5 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
		lines.push('');
		lines.push(fmt(head));
		lines.push(widths.map((w) => '-'.repeat(w)).join('  '));
		for (const r of rows) lines.push(fmt(r));
		lines.push('');
		lines.push('WebGPU: wall time of step() — training, evaluation of every member after every epoch, read-back; "train only" divides by the');
		lines.push('GPU time of the training dispatches (timestamp queries). PyTorch: training steps only, no evaluation (favours PyTorch).');
		if (software) lines.push('"software": SwiftShader on the CPU — these figures check that the kit runs end to end; they are not GPU figures.');
		if (torch?.device === 'cpu') lines.push('PyTorch ran on the CPU (this machine has no CUDA): the × column is not the GPU comparison.');
	} else lines.push('no figures');
	for (const r of records.filter((r) => (r.kind === 'error' && r.phase !== 'parity') || r.kind === 'skip'))
		lines.push(`${r.kind === 'error' ? 'error' : 'skipped'}: ${r.phase}${r.R !== undefined ? ` R = ${r.R}` : r.above_R !== undefined ? ` R > ${r.above_R}` : ''}: ${r.message ?? r.reason}${r.progress ? ` (${r.progress})` : ''}`);
	if (torch && !torch.device) lines.push(`PyTorch reference not run: ${torch.reason}`);
	if (summary) lines.push(`wall ${Number(summary.wall_s).toFixed(0)} s of a ${summary.budget_s} s budget; exit code ${summary.exit_code}`);
	return lines.join('\n');
}
