/**
 * A sandbox: one Run plus what the panels share — the frame of the selected snapshot (computed once,
 * at most once per animation frame) and the linked highlight (hovered / clicked probe sentence).
 */
import { derived, readable, writable, type Readable } from 'svelte/store';
import type { Config } from '../core/config';
import type { Snapshot } from '../engines/types';
import { computeFrame } from './frame';
import type { Frame } from './frame-types';
import type { Run } from './run';

export class Sandbox {
	/** Probe sentence under the pointer (null: none). */
	readonly hovered = writable<number | null>(null);
	/** Probe sentence clicked or chosen from the list (its attention is shown). */
	readonly pinned = writable<number | null>(null);
	/** MLP unit under the pointer (receptor and assembler panels). */
	readonly unit = writable<number | null>(null);
	/** The sentence every panel lights up: hovered first, else pinned. */
	readonly highlight: Readable<number | null>;
	readonly frame: Readable<Frame | null>;

	constructor(readonly run: Run) {
		this.highlight = derived([this.hovered, this.pinned], ([h, p]) => h ?? p);
		this.frame = readable<Frame | null>(null, (set) => {
			let snap: Snapshot | null = null;
			let config: Config | null = null;
			let last: Snapshot | null = null;
			let scheduled = 0;
			const compute = () => {
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
					queueMicrotask(compute);
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

	/** Highlight from a pointer (hover); pass null on leave. */
	hover(i: number | null) {
		this.hovered.set(i);
	}
	/** Click: pin (or unpin) a sentence. */
	toggle(i: number) {
		this.pinned.update((p) => (p === i ? null : i));
	}
}
