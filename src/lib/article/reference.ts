/**
 * Reference layers: the project's own full sweeps, shipped as compact summaries written by
 * `flatland report --json` (experiments/reference.ts) into docs/figures/*.summary.json, shown beside a
 * figure's small live population and always labelled with the sweep's size and the command that made
 * it. The live population stays the figure; the reference says what many more seeds settle on.
 */
import type { Summary, SummaryRow } from '$lib/experiments/reference';
import type { TransferPoint } from '$lib/experiments/transfer';
import fig7 from '../../../docs/figures/fig7.summary.json';
import fig9p3 from '../../../docs/figures/fig9-p3.summary.json';
import fig9 from '../../../docs/figures/fig9.summary.json';
import smooth from '../../../docs/figures/smooth-rho.summary.json';
import fig20 from '../../../docs/figures/fig20.summary.json';
import fig17 from '../../../docs/figures/fig17.summary.json';
import fullbatch from '../../../docs/figures/fullbatch.summary.json';

export interface Reference {
	summary: Summary;
	/** The spec file that made the sweep (experiments/NAME.json). */
	spec: string;
	/** "our 250-seed sweep, `flatland sweep experiments/fig9-p3.json`" */
	label: string;
}

function ref(summary: unknown, spec: string, seeds: number): Reference {
	const s = summary as Summary;
	return { summary: s, spec, label: `our ${seeds}-seed sweep, flatland sweep experiments/${spec}.json${s.derived_from ? ` (numbers from ${s.derived_from})` : ''}` };
}

export const REFERENCES = {
	fig7: ref(fig7, 'fig7', 100),
	fig9p3: ref(fig9p3, 'fig9-p3', (fig9p3 as unknown as Summary).transfer?.[0]?.seeds.length ?? 0),
	fig9: ref(fig9, 'fig9-wide', Math.min(...((fig9 as unknown as Summary).transfer ?? []).filter((t) => t.p > 3).map((t) => t.seeds.length))),
	smooth: ref(smooth, 'smooth-rho', 100),
	fig20: ref(fig20, 'fig20', 20),
	fig17: ref(fig17, 'fig17', 20),
	fullbatch: ref(fullbatch, 'fullbatch', 10)
} satisfies Record<string, Reference>;

/** The row of a reference at a grid point (every given field equal), in a series kind ('train', 'scratch', 'finetune fresh', …). */
export function referenceRow(r: Reference, kind: string, point: Record<string, number | string>): SummaryRow | undefined {
	for (const axis of r.summary.axes)
		for (const s of axis.series) {
			if (s.kind !== kind) continue;
			const row = s.rows.find((x) => Object.entries(point).every(([k, v]) => x.point[k] === v));
			if (row) return row;
		}
	return undefined;
}

/** Fig 9's paired analysis of a reference at target p. */
export function referenceTransfer(r: Reference, p: number): TransferPoint | undefined {
	return r.summary.transfer?.find((t) => t.p === p);
}

/** Every row of a reference along one axis (the rows whose grid point sets `field`), in grid order. */
export function referenceAxis(r: Reference, kind: string, field: string): SummaryRow[] {
	return r.summary.axes
		.flatMap((a) => a.series)
		.filter((s) => s.kind === kind)
		.flatMap((s) => s.rows)
		.filter((x) => field in x.point);
}
