/**
 * `use:holdWhileSeen={busy}`: while this element is on screen and `busy` (its figure trains flat out
 * for the reader), background work — the article's populations — waits (stores/step-slots.ts hold),
 * so the run the reader is looking at finishes first. Off screen, or idle, it holds nothing.
 */
import { trainingSlots } from '$lib/stores/step-slots';

export function holdWhileSeen(node: Element, busy: boolean) {
	let seen = false;
	let release: (() => void) | null = null;
	const update = () => {
		const want = seen && busy;
		if (want && !release) release = trainingSlots.hold();
		else if (!want && release) {
			release();
			release = null;
		}
	};
	const io =
		typeof IntersectionObserver === 'function'
			? new IntersectionObserver((entries) => {
					for (const e of entries) seen = e.isIntersecting;
					update();
				})
			: null;
	io?.observe(node);
	return {
		update(b: boolean) {
			busy = b;
			update();
		},
		destroy() {
			io?.disconnect();
			busy = false;
			update();
		}
	};
}
