/**
 * What our Fig 7 sweep (100 seeds per value of batch, lr, hidden units and MLP discount,
 * docs/figures/fig7.summary.json) says, in the shape the prose of §4 and §6 quotes it: read from the
 * summary, so that rerunning the sweep and rewriting the summary changes the sentences with it.
 */
import { DEFAULTS } from '../core/config';
import type { SummaryRow } from '../experiments/reference';
import { REFERENCES, referenceAxis, referenceRow } from './reference';

const F7 = REFERENCES.fig7;
/** Runs of a row that passed 90 % test accuracy. */
export const learnedIn = (r: SummaryRow) => Math.round(r.success * r.n);
const axis = (field: string) => referenceAxis(F7, 'train', field).sort((a, b) => Number(a.point[field]) - Number(b.point[field]));
const best = (rows: SummaryRow[], key: (r: SummaryRow) => number) => rows.reduce((a, b) => (key(b) > key(a) ? b : a));
/** The rows at one end of an axis where no run learned, and what they add up to. */
function deadEnd(rows: SummaryRow[], end: 'low' | 'high') {
	const ordered = end === 'high' ? [...rows].reverse() : rows;
	const dead: SummaryRow[] = [];
	for (const r of ordered) {
		if (learnedIn(r) > 0) break;
		dead.push(r);
	}
	return { rows: dead, runs: dead.reduce((a, r) => a + r.n, 0), bestAcc: Math.max(...dead.map((r) => r.max)) };
}
const at = (r: SummaryRow, field: string) => Number(r.point[field]);

const lr = axis('lr');
const discount = axis('mlp_lr_discount');
const hidden = axis('h');
const batch = axis('batch');
const nearest = (rows: SummaryRow[], field: string, v: number) =>
	rows.reduce((a, b) => (Math.abs(Math.log(at(b, field) / v)) < Math.abs(Math.log(at(a, field) / v)) ? b : a));
const highLr = deadEnd(lr, 'high');
const lowDiscount = deadEnd(discount, 'low');

export const FIG7 = {
	runs: F7.summary.runs,
	source: 'docs/figures/fig7.md',
	/** The default config (the batch axis at batch 32 is exactly the defaults). */
	defaults: referenceRow(F7, 'train', { batch: DEFAULTS.batch })!,
	lr: {
		peak: { lr: at(best(lr, (r) => r.mean), 'lr'), mean: best(lr, (r) => r.mean).mean },
		nearDefault: { lr: at(nearest(lr, 'lr', DEFAULTS.lr), 'lr'), row: nearest(lr, 'lr', DEFAULTS.lr) },
		/** The large learning rates at which no run learned: from `from` up, `runs` runs, the best ending at `bestAcc`. */
		dead: { from: highLr.rows.length ? at(highLr.rows.at(-1)!, 'lr') : NaN, runs: highLr.runs, bestAcc: highLr.bestAcc }
	},
	discount: {
		best: { discount: at(best(discount, (r) => r.success), 'mlp_lr_discount'), success: best(discount, (r) => r.success).success },
		/** The small discounts (a much faster MLP) at which no run learned: up to `to`. */
		dead: { to: lowDiscount.rows.length ? at(lowDiscount.rows.at(-1)!, 'mlp_lr_discount') : NaN, runs: lowDiscount.runs, bestAcc: lowDiscount.bestAcc }
	},
	batch: { best: { batch: at(best(batch, (r) => r.success), 'batch'), success: best(batch, (r) => r.success).success } },
	hidden: {
		best: { h: at(best(hidden, (r) => r.success), 'h'), success: best(hidden, (r) => r.success).success },
		largest: { h: at(hidden.at(-1)!, 'h'), success: hidden.at(-1)!.success }
	}
};

/** The circuit classes of the default runs, most common first, as "58 failed, 31 fuzzy, …". */
export function defaultCircuits(names: Record<string, string>): string {
	const c = FIG7.defaults.circuits ?? {};
	return Object.entries(c)
		.sort((a, b) => b[1] - a[1])
		.map(([k, n]) => `${n} ${names[k] ?? k}`)
		.join(', ');
}
