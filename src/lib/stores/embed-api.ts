/**
 * The postMessage API of an embedded widget (an iframe of /embed/<widget>).
 *
 * Events, posted to the embedding window only (window.parent), every message `{ flatland: 1, type, ... }`:
 *   { type: 'ready', widget }                                   once the run is initialised
 *   { type: 'epoch', epoch }                                    when training completes epochs (≤ 1 per frame)
 *   { type: 'loss', epoch, loss, test_loss, acc, test_acc }     with every 'epoch' event
 *   { type: 'selected', index, epoch }                          when the shown snapshot changes
 * Commands, accepted only from the embedding window and only in these exact shapes:
 *   { flatland: 1, type: 'play' }  { flatland: 1, type: 'pause' }  { flatland: 1, type: 'seek', epoch: <integer ≥ 0> }
 * Each accepted command is answered to its sender's origin with { flatland: 1, type: 'ack', command };
 * anything else is ignored (no answer).
 */
import { get } from 'svelte/store';
import { z } from 'zod';
import '../core/config'; // sets zod's jitless mode (no eval: CSP)
import type { Run } from './run';

/** The documented commands, exactly: no extra fields, integer epochs. */
const commandSchema = z.discriminatedUnion('type', [
	z.strictObject({ flatland: z.literal(1), type: z.literal('play') }),
	z.strictObject({ flatland: z.literal(1), type: z.literal('pause') }),
	z.strictObject({ flatland: z.literal(1), type: z.literal('seek'), epoch: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) })
]);

export type Command = z.output<typeof commandSchema>;

/** The command a message carries, or null when it is not exactly one of the documented shapes. */
export function parseCommand(data: unknown): Command | null {
	if (typeof data !== 'object' || data === null || Array.isArray(data) || Object.getPrototypeOf(data) !== Object.prototype) return null;
	const r = commandSchema.safeParse(data);
	return r.success ? r.data : null;
}

/** Origin to post events to: the embedding page's, from the referrer when it is known. */
function parentOrigin(): string {
	try {
		if (document.referrer) return new URL(document.referrer).origin;
	} catch {
		/* fall through */
	}
	return '*';
}

/** Wire a run to its embedding window. Returns a function that unwires it. No-op when not framed. */
export function connectEmbedApi(run: Run, widget: string, win: Window = window): () => void {
	const parent = win.parent;
	if (!parent || parent === win) return () => {};
	const target = parentOrigin();
	const post = (msg: Record<string, unknown>) => parent.postMessage({ flatland: 1, ...msg }, target);
	let lastEpoch = -1;
	let pending = 0;
	const flush = () => {
		pending = 0;
		const m = get(run.metrics).at(-1);
		if (!m || m.epoch === lastEpoch) return;
		lastEpoch = m.epoch;
		post({ type: 'epoch', widget, epoch: m.epoch });
		post({ type: 'loss', widget, epoch: m.epoch, loss: m.loss, test_loss: m.test_loss, acc: m.acc, test_acc: m.test_acc });
	};
	const u1 = run.metrics.subscribe(() => {
		if (!pending) pending = requestAnimationFrame(flush);
	});
	let readySent = false;
	let lastIndex = -2;
	const u2 = run.current.subscribe((s) => {
		const index = get(run.index);
		if (s && !readySent) {
			readySent = true;
			post({ type: 'ready', widget });
		}
		if (index !== lastIndex && s) {
			lastIndex = index;
			post({ type: 'selected', widget, index, epoch: s.metrics?.epoch ?? s.epoch });
		}
	});
	const onMessage = (e: MessageEvent) => {
		if (e.source !== parent) return;
		const cmd = parseCommand(e.data);
		if (!cmd) return;
		if (cmd.type === 'play') run.play();
		else if (cmd.type === 'pause') run.pause();
		else run.seekEpoch(cmd.epoch);
		(e.source as Window).postMessage({ flatland: 1, type: 'ack', command: cmd.type }, e.origin === 'null' ? '*' : e.origin);
	};
	win.addEventListener('message', onMessage);
	return () => {
		u1();
		u2();
		if (pending) cancelAnimationFrame(pending);
		win.removeEventListener('message', onMessage);
	};
}
