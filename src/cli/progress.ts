/** A one-line progress bar on stderr: redrawn in place on a terminal, a line every few seconds otherwise. */
export class Progress {
	private readonly t0 = performance.now();
	private lastLine = 0;
	private readonly tty = Boolean(process.stderr.isTTY);

	constructor(
		private readonly total: number,
		private readonly label = 'epoch'
	) {}

	/** `fraction`: share of the work done when it is not done/total (e.g. runs of unequal cost). */
	update(done: number, fields: Record<string, string>, fraction?: number): void {
		const now = performance.now();
		const elapsed = (now - this.t0) / 1000;
		const frac = fraction ?? (this.total > 0 ? done / this.total : 1);
		const eta = frac > 0 ? elapsed * (1 / frac - 1) : NaN;
		const width = 24;
		const fill = Math.round(frac * width);
		const bar = '█'.repeat(fill) + '░'.repeat(width - fill);
		const info = Object.entries(fields).map(([k, v]) => `${k} ${v}`).join('  ');
		const line = `${bar} ${this.label} ${done}/${this.total}  ${info}  ETA ${formatSeconds(eta)}`;
		if (this.tty) process.stderr.write(`\r\x1b[2K${line}`);
		else if (now - this.lastLine > 5000 || done === this.total) {
			process.stderr.write(line + '\n');
			this.lastLine = now;
		}
	}

	done(message: string): void {
		if (this.tty) process.stderr.write('\r\x1b[2K');
		process.stderr.write(message + '\n');
	}
}

export function formatSeconds(s: number): string {
	if (!Number.isFinite(s)) return '--';
	if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)}s`;
	const m = Math.floor(s / 60);
	return `${m}m${String(Math.round(s - 60 * m)).padStart(2, '0')}s`;
}
