/**
 * Sentences about a run, computed from the run: the article's outcome sentences come from here, so
 * that whatever seed or setting the reader trains, the text says what the visible run did (and a run
 * at chance is called "stalled at chance", with how common that is, from our own measured sweep).
 */
import type { Config } from '../core/config';
import type { EpochMetrics } from '../core/metrics';
import { DEFAULTS } from '../core/config';
import { CHANCE_ACC_TOL, epochLearned, outcome, SUCCESS_ACC } from '../core/outcome';
import { wilson } from '../experiments/intervals';
import { superscript } from '../widgets/plot';

/** A number in scientific notation for prose: 0.0207 → "2.1·10⁻²" (numbers from 0.1 to 1000 as they are). */
export function sci(v: number, digits = 2): string {
	if (!Number.isFinite(v) || v === 0) return String(v);
	if (Math.abs(v) >= 0.1 && Math.abs(v) < 1000) return String(+v.toPrecision(digits));
	const e = Math.floor(Math.log10(Math.abs(v)));
	const m = +(v / 10 ** e).toPrecision(digits);
	return m === 1 ? `10${superscript(e)}` : `${m}·10${superscript(e)}`;
}

export const pct = (v: number, digits = 0) => (Number.isFinite(v) ? `${(100 * v).toFixed(digits)}%` : '–');

/**
 * How often a default run learns (test accuracy > 0.9 after 1000 epochs): our Fig 7 sweep, 100 seeds at
 * the default settings (the batch = 32 row of docs/figures/fig7.md, `flatland sweep experiments/fig7.json`).
 */
export const DEFAULT_SUCCESS = { learned: 42, runs: 100, source: 'docs/figures/fig7.md', command: 'flatland sweep experiments/fig7.json' } as const;

/** Fields whose change from the defaults makes DEFAULT_SUCCESS the wrong reference. */
const RATE_FIELDS = ['p', 'L', 'k', 'd', 'h', 'nb_emb', 'lr', 'batch', 'n', 'epochs', 'norm', 'mlp_lr_discount', 'init_scale'] as const;

/** Whether a config is the default one, up to its seed (then DEFAULT_SUCCESS applies). */
export function atDefaults(c: Config): boolean {
	return RATE_FIELDS.every((f) => (c as Record<string, unknown>)[f] === (DEFAULTS as Record<string, unknown>)[f]);
}

/** "How common is that": a clause about the measured success rate at the run's settings. */
export function howCommon(c: Config): string {
	const { learned, runs } = DEFAULT_SUCCESS;
	return atDefaults(c)
		? `That is common: at these settings ${learned} of ${runs} seeds learn in 1000 epochs and the other ${runs - learned} do not (our 100-seed sweep, ${DEFAULT_SUCCESS.source}).`
		: `At the default settings ${learned} of ${runs} seeds learn in 1000 epochs (our 100-seed sweep, ${DEFAULT_SUCCESS.source}); these settings differ, and we have not measured them.`;
}

/** One or two sentences on where a run stands: plateau, learning, learned (when), stalled at chance, partial, diverged. */
export function runSentence(c: Config, metrics: readonly EpochMetrics[], opts: { diverged?: boolean } = {}): string {
	const m = metrics.filter((x) => x.epoch >= 1);
	const o = outcome(m, { p: c.p, epochs: c.epochs, diverged: opts.diverged });
	const last = m.at(-1);
	const lnp = `ln ${c.p} ≈ ${Math.log(c.p).toFixed(3)}`;
	switch (o.kind) {
		case 'untrained':
			return `Epoch 0 of ${c.epochs}: the model has not trained yet; it guesses, so its loss is near ${lnp}.`;
		case 'diverged':
			return `This run diverged: its loss stopped being a finite number, and training stopped.`;
		case 'plateau':
			return `Epoch ${last!.epoch} of ${c.epochs}: still on the plateau — the loss sits near ${lnp} and the model guesses (test accuracy ${pct(last!.test_acc)}).`;
		case 'learning':
			// A run can start above ln p (a full-batch run does): falling towards the plateau is not leaving it.
			if (last!.loss > Math.log(c.p) && last!.test_acc <= 1 / c.p + CHANCE_ACC_TOL) return `Epoch ${last!.epoch} of ${c.epochs}: the loss is still falling towards the plateau (${lnp}); test accuracy ${pct(last!.test_acc)} so far.`;
			return `Epoch ${last!.epoch} of ${c.epochs}: the loss has left the plateau; test accuracy ${pct(last!.test_acc)} so far.`;
		case 'learned': {
			const at = epochLearned(m)!;
			const done = last!.epoch >= c.epochs;
			return `Learned: test accuracy passed ${pct(SUCCESS_ACC)} at epoch ${at}${done ? ` and is ${pct(last!.test_acc, 1)} after ${last!.epoch} epochs` : `; ${pct(last!.test_acc, 1)} at epoch ${last!.epoch}`}.`;
		}
		case 'stalled':
			return `Stalled at chance: after ${last!.epoch} epochs the loss is still ${last!.loss.toFixed(3)} (${lnp}) and test accuracy ${pct(last!.test_acc, 1)}. ${howCommon(c)}`;
		case 'partial':
			return `Ended at ${pct(last!.test_acc, 1)} test accuracy after ${last!.epoch} epochs: off the plateau but below the ${pct(SUCCESS_ACC)} we count as learned. ${howCommon(c)}`;
	}
}

/** One value of a setting (d = 3, lr = 0.01…): how many of a population's runs learned, and our sweep at that value. */
export interface RateRow {
	label: string;
	learned: number;
	runs: number;
	/** Our sweep's success rate at this value, with its 95 % interval. */
	ref?: { rate: number; lo: number; hi: number; n: number };
}

/**
 * The reader's population read against our sweep: the rate at each value trained so far, and whether
 * it agrees with the sweep within sampling error (its own 95 % Wilson interval overlaps the sweep's).
 * Only what was counted: no guess at why a rate differs.
 */
export function ratesAgainstSweep(rows: readonly RateRow[], sweep: string): string {
	const done = rows.filter((r) => r.runs > 0);
	if (!done.length) return '';
	const counts = done.map((r) => `${r.label}, ${r.learned} of ${r.runs} learned`).join('; ');
	const compared = done.filter((r) => r.ref);
	const apart = compared.filter((r) => {
		const w = wilson(r.learned, r.runs);
		return w.hi < r.ref!.lo || w.lo > r.ref!.hi;
	});
	const verdict = !compared.length
		? ''
		: !apart.length
			? ` Every rate here is within sampling error of ${sweep} (the 95 % intervals overlap).`
			: ` ${apart.map((r) => `At ${r.label} the rate here (${r.learned} of ${r.runs}) is further from ${sweep} (${pct(r.ref!.rate)}, 95 % interval ${pct(r.ref!.lo)}–${pct(r.ref!.hi)}) than sampling error explains.`).join(' ')}`;
	return `In your page: ${counts}.${verdict}`;
}
