/** Text alternatives: short numeric summaries of what a panel shows. */
import type { Cell, Frame, Pt } from '$lib/stores/frame-types';
import { fmt } from '../plot';

const mean = (pts: Pt[]): Pt => {
	const n = Math.max(1, pts.length);
	return [pts.reduce((a, p) => a + p[0], 0) / n, pts.reduce((a, p) => a + p[1], 0) / n];
};
const spread = (pts: Pt[]) => {
	const m = mean(pts);
	return Math.sqrt(pts.reduce((a, p) => a + (p[0] - m[0]) ** 2 + (p[1] - m[1]) ** 2, 0) / Math.max(1, pts.length));
};

/** Per token: centre and spread of its prefix and spurious cells. */
export function cellsSummary(f: Frame, at: (c: Cell) => Pt): string {
	const parts: string[] = [];
	for (let x = 0; x < f.p; x++) {
		const pre = f.cells.filter((c) => c.x === x && c.prefix).map(at);
		const spu = f.cells.filter((c) => c.x === x && !c.prefix).map(at);
		parts.push(`token ${x}: prefix cells spread ${fmt(spread(pre), 3)}${spu.length ? `, spurious cells spread ${fmt(spread(spu), 3)}` : ''}`);
	}
	return `${f.cells.length} (token, position) cells; ${parts.join('; ')}.`;
}

/** How many distinct clusters the probe points form (points closer than tol merge). */
export function clusters(pts: Pt[], tol: number): number {
	const reps: Pt[] = [];
	for (const p of pts) if (!reps.some((r) => Math.hypot(r[0] - p[0], r[1] - p[1]) < tol)) reps.push(p);
	return reps.length;
}

export function probesSummary(f: Frame, at: (p: Frame['probes'][number]) => Pt, r: number): string {
	const pts = f.probes.map(at);
	const correct = f.probes.filter((p) => p.pred === p.label).length;
	return `${f.probes.length} probe sentences form about ${clusters(pts, r * 0.04)} clusters; ${correct} of ${f.probes.length} are classified correctly.`;
}
