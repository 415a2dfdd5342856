/**
 * A sandbox: a run plus what the panels share — the frame of the selected snapshot (computed once,
 * at most once per animation frame) and the linked highlight (hovered / clicked probe sentence).
 * The panels need only a RunView of the run (what it shows, and seeking); the controls, the
 * timeline and the landscape take a Sandbox<Run>, the training session itself.
 */
import { derived, readable, writable, type Readable } from 'svelte/store';
import type { Config } from '../core/config';
import type { EpochMetrics } from '../core/metrics';
import type { Snapshot } from '../engines/types';
import { computeFrame } from './frame';
import type { Frame } from './frame-types';

/** What a sandbox's panels read of a run: a Run (stores/run.ts) has it, and so has a fixed set of parameters (article/runtime.ts). */
export interface RunView {
	readonly config: Readable<Config>;
	/** The snapshot shown. */
	readonly current: Readable<Snapshot | null>;
	/** Metrics of every epoch so far. */
	readonly metrics: Readable<EpochMetrics[]>;
	/** Show the latest snapshot at or before this epoch. */
	seekEpoch(epoch: number): void;
}

/** Milliseconds of each animation frame that frame updates may use before the rest wait a frame. */
export const FRAME_BUDGET_MS = 20;
let budgetFrame = -1;
/** True when this frame (its rAF timestamp) has used its budget; always lets the first update of a frame through. */
function overBudget(frameStart: number): boolean {
	if (frameStart !== budgetFrame) {
		budgetFrame = frameStart;
		return false;
	}
	return performance.now() - frameStart > FRAME_BUDGET_MS;
}

export class Sandbox<R extends RunView = RunView> {
	/** Probe sentence under the pointer (null: none). */
	readonly hovered = writable<number | null>(null);
	/** Probe sentence clicked or chosen from the list (its attention is shown). */
	readonly pinned = writable<number | null>(null);
	/** MLP unit under the pointer (receptor and assembler panels). */
	readonly unit = writable<number | null>(null);
	/** The sentence every panel lights up: hovered first, else pinned. */
	readonly highlight: Readable<number | null>;
	readonly frame: Readable<Frame | null>;

	constructor(readonly run: R) {
		this.highlight = derived([this.hovered, this.pinned], ([h, p]) => h ?? p);
		this.frame = readable<Frame | null>(null, (set) => {
			let snap: Snapshot | null = null;
			let config: Config | null = null;
			let last: Snapshot | null = null;
			let scheduled = 0;
			const compute = (frameStart?: number) => {
				// Many sandboxes in one page (eight embeds) share each animation frame: once this frame has
				// spent its budget, the rest wait for the next one, so that no main-thread task grows long.
				if (frameStart !== undefined && overBudget(frameStart)) {
					scheduled = requestAnimationFrame(compute);
					return;
				}
				scheduled = 0;
				if (snap === last) return;
				last = snap;
				set(snap && config ? computeFrame(config, snap) : null);
			};
			const schedule = () => {
				if (scheduled) return;
				if (typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && !document.hidden)
					scheduled = requestAnimationFrame(compute);
				else {
					scheduled = -1;
					queueMicrotask(() => compute());
				}
			};
			const u1 = run.config.subscribe((c) => {
				config = c;
				last = null;
				schedule();
			});
			const u2 = run.current.subscribe((s) => {
				snap = s;
				schedule();
			});
			return () => {
				u1();
				u2();
				if (scheduled > 0) cancelAnimationFrame(scheduled);
			};
		});
	}

	/** When true, every panel draws every snapshot, on screen or not (video recording). */
	readonly drawAll = writable(false);

	/**
	 * The frame as one panel should see it: updates pass only while the panel is on screen (or
	 * `drawAll` is set); a panel scrolled back into view catches up at once. `observe` is a Svelte
	 * action for the panel's element.
	 */
	gatedFrame(): { frame: Readable<Frame | null>; observe: (node: Element) => { destroy(): void } } {
		let visible = typeof IntersectionObserver === 'undefined';
		let all = false;
		let latest: Frame | null = null;
		let emit: ((f: Frame | null) => void) | null = null;
		let shown: Frame | null | undefined;
		const push = () => {
			if ((visible || all) && emit && shown !== latest) {
				shown = latest;
				emit(latest);
			}
		};
		const frame = readable<Frame | null>(null, (set) => {
			emit = set;
			shown = undefined;
			const u1 = this.frame.subscribe((f) => {
				latest = f;
				if (shown === undefined || shown === null) {
					shown = f;
					set(f);
				} else push();
			});
			const u2 = this.drawAll.subscribe((v) => {
				all = v;
				push();
			});
			return () => {
				u1();
				u2();
				emit = null;
			};
		});
		const observe = (node: Element) => {
			if (typeof IntersectionObserver === 'undefined') return { destroy() {} };
			const io = new IntersectionObserver((entries) => {
				visible = entries.some((e) => e.isIntersecting);
				push();
			}, { rootMargin: '100px' });
			io.observe(node);
			return { destroy: () => io.disconnect() };
		};
		return { frame, observe };
	}

	/** Highlight from a pointer (hover); pass null on leave. */
	hover(i: number | null) {
		this.hovered.set(i);
	}
	/** Click: pin (or unpin) a sentence. */
	toggle(i: number) {
		this.pinned.update((p) => (p === i ? null : i));
	}
}
