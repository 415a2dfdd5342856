/**
 * Population figures of the article: many models trained in the page, through the same runner as
 * /lab and the CLI, started without the reader pressing anything.
 *
 * HOW TO USE (§4 circuits, §6 hyperparameters, §9 A/B, §10 sparsity, §11 larger d, …):
 *
 *   import { ArticlePopulation } from '../population';
 *   import PopulationStatus from '../PopulationStatus.svelte';
 *   const pop = new ArticlePopulation('hyper', specJson);     // a sweep spec, as /lab and `flatland sweep` take it
 *   onDestroy(() => pop.dispose());
 *
 *   <div use:pop.watch>                                        // the figure's root: it starts as this nears the viewport
 *     {#each $pop.records as r (r.id)} …draw r (r.final, r.curve, r.circuit, r.spikes, r.params…) {/each}
 *     <PopulationStatus {pop} />                               // progress bar + what is training, how long is left
 *   </div>
 *
 *   pop.retrain(otherSpecJson);                                // the reader asked for other settings: starts at once
 *   pop.prefer(); other.prefer(false);                         // a figure with several populations shows this one now
 *
 * What it does for you:
 * - trains the spec's runs with experiments/runner.ts; engines come from the factory (WebAssembly
 *   pool workers shared by every figure of the page, kept between populations: one per free core, at most three);
 * - starts by itself when the figure comes within about 1.5 screens of the viewport, or earlier when
 *   the page is idle (figures are prefetched in document order; give the section's <Lazy> `prefetch`
 *   so that the figure is loaded, and its population made, before the reader gets near). One population trains at a time: the
 *   one the reader asked for, else the one nearest the viewport. A population the reader has scrolled
 *   away from gives way to one they approach; what it finished is kept and it resumes later;
 * - yields to the single run the reader is looking at: its engine steps take background turns of
 *   stores/step-slots.ts, behind every run on screen;
 * - fills progressively: `records` grows as runs finish (one run per population, so records come one
 *   after another); `runsDone`, `runsTotal`, `fraction`, `eta` and `message` say where it is; with
 *   `{ live: true }`, `training` holds the runs on their way (evaluated every 50 epochs at least), so a
 *   figure can draw them before they finish;
 * - analyses off the page's thread: `keep.circuit`, `keep.spikes`, `keep.sparsity` in the spec are
 *   computed in the analysis worker (analysis.ts) and fill the same record fields the runner fills;
 * - under prefers-reduced-motion it still computes (figures should only drop their transitions).
 * Nothing is ever filled from recorded results.
 */
import { writable, type Readable } from 'svelte/store';
import type { PopulationEngine } from '../engines/types';
import type { RunRecord } from '../experiments/record';
import { AbortError, runSweep } from '../experiments/runner';
import { parseSpec, planRuns, type Spec } from '../experiments/spec';
import { trainingSlots } from '../stores/step-slots';
import { analyse } from './analysis';

export type PopulationPhase = 'waiting' | 'running' | 'done' | 'error';

export interface PopulationState {
	phase: PopulationPhase;
	/** Finished runs, in the order they finished, with their analyses. */
	records: RunRecord[];
	runsDone: number;
	runsTotal: number;
	/** Share of the work done (runs weighted by cost), 0..1. */
	fraction: number;
	/** Seconds left (NaN before an estimate exists). */
	eta: number;
	/** One sentence for the reader: what trains, how far it is. */
	message: string;
	/** Runs on their way (with `live`): their config and latest evaluated epoch, before their record exists. */
	training: { id: string; seed: number; config: RunRecord['config']; point: RunRecord['point']; epoch: number; test_acc: number; loss: number; token_norms?: RunRecord['token_norms'] }[];
}

/** Within this margin of the viewport a figure counts as approaching (and its population starts). */
const NEAR_MARGIN = '150% 0px 150% 0px';
/** Runs per population: one, so that records arrive one after another from the first seconds on. */
const MEMBERS = 1;
/**
 * Runs trained side by side, each in a pool worker of its own: as many as the page's training slots
 * (one core fewer than the machine has, stores/step-slots.ts), at most three. On a two-core machine one,
 * as before; with more cores a sweep fills proportionally faster, still behind the run on screen.
 */
const LANES = Math.max(1, Math.min(3, trainingSlots.size));

const isBrowser = typeof window !== 'undefined';

/* ---------------------------------------------------------------- the page's one engine */

const idleEngines: PopulationEngine[] = [];

/** The shared pool engine, its steps taken in background turns (behind the run on screen). */
async function takeEngine(): Promise<PopulationEngine> {
	const parked = idleEngines.pop();
	if (parked) return parked;
	const { createPopulationEngine } = await import('../engines/index');
	const inner = await createPopulationEngine('wasm', { workers: 1 });
	return {
		get name() {
			return inner.name;
		},
		init: (c, m, o) => inner.init(c, m, o),
		step: (n) => trainingSlots.run(() => inner.step(n), 'background'),
		params: () => inner.params(),
		evaluate: () => inner.evaluate(),
		dispose: () => inner.dispose()
	};
}

/* ---------------------------------------------------------------- the scheduler */

const jobs = new Set<ArticlePopulation>();
let current: ArticlePopulation | null = null;
let idleArmed = false;

function distance(el: Element | null): number {
	if (!el) return Infinity;
	const r = el.getBoundingClientRect();
	const mid = innerHeight / 2;
	return r.bottom < mid ? mid - r.bottom : r.top > mid ? r.top - mid : 0;
}

function documentOrder(a: ArticlePopulation, b: ArticlePopulation): number {
	if (!a.element || !b.element) return 0;
	return a.element.compareDocumentPosition(b.element) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
}

/** Lower ranks train first: the reader asked for it; it is near the viewport; its figure shows it now. */
function rank(j: ArticlePopulation): [number, number, number] {
	return [j.asked ? 0 : 1, j.near ? 0 : 1, j.preferred ? 0 : 1];
}
const before = (a: [number, number, number], b: [number, number, number]) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/** The job that should be training now, if any (idle: also one that is neither near nor asked for). */
function choose(idle: boolean): ArticlePopulation | null {
	const pending = [...jobs].filter((j) => j.pending);
	const ranked = pending
		.filter((j) => j.asked || j.near || idle)
		.sort((a, b) => before(rank(a), rank(b)) || distance(a.element) - distance(b.element) || documentOrder(a, b));
	return ranked[0] ?? null;
}

function schedule(idle = false): void {
	if (!isBrowser) return;
	const next = choose(idle);
	if (current) {
		// The job training gives way to one that ranks before it (what it finished is kept).
		if (next && next !== current && before(rank(next), rank(current)) < 0) current.yieldTurn();
		return;
	}
	if (next) {
		current = next;
		void next.train().finally(() => {
			if (current === next) current = null;
			schedule();
			armIdle();
		});
	} else armIdle();
}

/** When the page has nothing else to do, prefetch the next population (in document order). */
function armIdle(): void {
	if (!isBrowser || idleArmed || current || ![...jobs].some((j) => j.pending)) return;
	idleArmed = true;
	const go = () => {
		idleArmed = false;
		schedule(true);
	};
	const ric = (globalThis as { requestIdleCallback?: (f: () => void, o?: { timeout: number }) => number }).requestIdleCallback;
	if (ric) ric(go, { timeout: 5000 });
	else setTimeout(go, 1500);
}

/* ---------------------------------------------------------------- one figure's population */

export class ArticlePopulation implements Readable<PopulationState> {
	private readonly state = writable<PopulationState>({ phase: 'waiting', records: [], runsDone: 0, runsTotal: 0, fraction: 0, eta: NaN, message: 'Starts by itself as you approach this figure.', training: [] });
	readonly subscribe = this.state.subscribe;
	element: Element | null = null;
	near = false;
	/** The reader asked for this population (retrain): it goes first. */
	asked = false;
	/** Its figure shows it now (a figure with several populations): it goes before the others near. */
	preferred = false;
	private spec: Spec;
	private done = new Map<string, RunRecord>();
	private records: RunRecord[] = [];
	private controller: AbortController | null = null;
	private generation = 0;
	private finished = false;
	private disposed = false;

	/** `name` names the figure in messages; `spec` is a sweep spec (JSON object) or a parsed one. */
	constructor(
		readonly name: string,
		spec: Record<string, unknown> | Spec,
		private readonly options: { live?: boolean } = {}
	) {
		this.spec = this.prepare(spec);
		this.state.update((s) => ({ ...s, runsTotal: planRuns(this.spec).length }));
		jobs.add(this);
		armIdle();
	}

	/** Whether runs remain to be trained. */
	get pending(): boolean {
		return !this.finished && !this.disposed;
	}

	/** Svelte action for the figure's root element: it starts the population when it nears the viewport. */
	readonly watch = (node: Element) => {
		this.element = node;
		if (typeof IntersectionObserver !== 'function') {
			this.near = true;
			schedule();
			return {};
		}
		const io = new IntersectionObserver(
			(entries) => {
				for (const e of entries) this.near = e.isIntersecting;
				schedule();
			},
			{ rootMargin: NEAR_MARGIN }
		);
		io.observe(node);
		return {
			destroy: () => {
				io.disconnect();
				if (this.element === node) this.element = null;
			}
		};
	};

	/** Train another spec (the reader's settings): what was shown is dropped, and it trains next. */
	retrain(spec: Record<string, unknown> | Spec): void {
		this.controller?.abort();
		this.generation++;
		this.spec = this.prepare(spec);
		this.done = new Map();
		this.records = [];
		this.finished = false;
		this.asked = true;
		this.state.set({ phase: 'waiting', records: [], runsDone: 0, runsTotal: planRuns(this.spec).length, fraction: 0, eta: NaN, message: 'Starting…', training: [] });
		schedule();
	}

	/** The figure now shows this population (one of several it can show): it trains next, before the others. */
	prefer(on = true): void {
		if (this.preferred === on) return;
		this.preferred = on;
		schedule();
	}

	/** Stop for now (another figure needs the core); finished runs are kept and it resumes later. */
	yieldTurn(): void {
		this.controller?.abort();
	}

	dispose(): void {
		this.disposed = true;
		this.controller?.abort();
		jobs.delete(this);
		schedule();
	}

	/** The runner does only the training; the analyses it would do in this thread move to the worker. */
	private prepare(input: Record<string, unknown> | Spec): Spec {
		const spec = 'grids' in input ? (input as Spec) : parseSpec(input, this.name);
		const k = spec.keep;
		this.wants = { circuit: k.circuit, spikes: k.spikes, sparsity: k.sparsity };
		const evalEvery = k.spikes ? 1 : this.options?.live ? Math.min(k.eval_every, 50) : k.eval_every;
		return {
			...spec,
			keep: { ...k, circuit: false, spikes: false, sparsity: false, params: k.params || k.circuit || k.sparsity, curve_every: k.spikes ? 1 : k.curve_every, eval_every: evalEvery }
		};
	}
	private wants = { circuit: false, spikes: false, sparsity: false };

	private async analyseRecord(r: RunRecord): Promise<RunRecord> {
		const ok = r.diverged === undefined && !!r.params;
		if (this.wants.circuit && ok) {
			try {
				r.circuit = (await analyse('circuit', r.config, r.params!, r.final.test_acc)).label;
			} catch {
				/* as the runner: a model the classifier cannot read gets no class */
			}
		}
		if (this.wants.spikes) r.spikes = await analyse('spikeCount', r.curve.loss);
		if (this.wants.sparsity && ok) r.sparsity = await analyse('sparsity', r.config, r.params!);
		return r;
	}

	/** Train what is left (called by the scheduler). */
	async train(): Promise<void> {
		if (!this.pending) return;
		const gen = this.generation;
		const spec = this.spec;
		const runs = planRuns(spec);
		const controller = (this.controller = new AbortController());
		const t0 = performance.now();
		let startFraction = -1;
		this.state.update((s) => ({ ...s, phase: 'running', message: s.runsDone ? s.message : `Training ${runs.length} models in your browser…` }));
		try {
			await runSweep(spec, runs, {
				createEngine: takeEngine,
				releaseEngine: (e) => void idleEngines.push(e),
				membersPerPopulation: MEMBERS,
				// Short engine calls: a run the reader starts waits at most one of them.
				chunkEpochs: 3,
				concurrency: LANES,
				// One seed at a time, cheapest runs first: every arm of a figure has its first run soon.
				progressive: true,
				done: this.done,
				signal: controller.signal,
				pause: () => new Promise((r) => setTimeout(r, 0)),
				onRecord: async (rec) => {
					const r = await this.analyseRecord(rec);
					if (gen !== this.generation) return;
					this.records = [...this.records, r];
					this.state.update((s) => ({ ...s, records: this.records, training: s.training.filter((t) => t.id !== r.id) }));
				},
				onCurves: (pop, curves, norms) => {
					if (gen !== this.generation || !this.options.live) return;
					const now = pop.flatMap((r, i) => {
						const m = curves[i].at(-1);
						const tn = norms?.[i];
						return m ? [{ id: r.id, seed: r.seed, config: r.config, point: r.point, epoch: m.epoch, test_acc: m.test_acc, loss: m.loss, ...(tn ? { token_norms: { epoch: [...tn.epoch], norms: [...tn.norms] } } : {}) }] : [];
					});
					this.state.update((s) => ({ ...s, training: [...s.training.filter((t) => !now.some((n) => n.id === t.id) && !this.done.has(t.id)), ...now] }));
				},
				onProgress: (p) => {
					if (gen !== this.generation) return;
					const doneNow = this.done.size;
					const total = runs.length;
					// ETA from this session's pace (work done before a pause does not count twice).
					if (startFraction < 0) startFraction = p.fraction;
					const secs = (performance.now() - t0) / 1000;
					const f = startFraction + (1 - startFraction) * p.fraction;
					const rate = p.fraction > 0 ? secs / p.fraction : NaN;
					const eta = rate * (1 - p.fraction);
					this.state.update((s) => ({
						...s,
						runsDone: doneNow,
						runsTotal: total,
						fraction: f,
						eta,
						message: `Training in your browser: ${doneNow} of ${total} models done${Number.isFinite(eta) && doneNow < total ? `, about ${Math.max(1, Math.round(eta))} s left` : ''}.`
					}));
				}
			});
			if (gen !== this.generation) return;
			this.finished = true;
			this.asked = false;
			const secs = (performance.now() - t0) / 1000;
			this.state.update((s) => ({ ...s, phase: 'done', runsDone: runs.length, fraction: 1, eta: 0, message: `${runs.length} models trained in your browser (the last part in ${secs.toFixed(0)} s).` }));
		} catch (e) {
			if (gen !== this.generation) return;
			if (e instanceof AbortError || controller.signal.aborted) {
				this.state.update((s) => ({ ...s, phase: 'waiting', training: [], message: `Paused at ${this.done.size} of ${runs.length} models while another figure trains; it resumes by itself.` }));
				return;
			}
			this.finished = true;
			this.state.update((s) => ({ ...s, phase: 'error', message: `Training failed: ${(e as Error).message}` }));
		} finally {
			if (this.controller === controller) this.controller = null;
		}
	}
}
