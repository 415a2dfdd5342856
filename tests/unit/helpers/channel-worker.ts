/**
 * Shared by the worker fault tests: a worker in this thread, as the RPC's clients see one (a
 * WorkerLink), so that a test can drop, delay or crash what a real worker would answer.
 */
import { serve, type WorkerLink } from '../../../src/lib/engines/rpc';
import type { WorkerCrashedError } from '../../../src/lib/engines/watchdog';

/**
 * A worker in this thread: `api` (a real worker host) served on one end of a MessageChannel. `post` may
 * drop a message (return false) and `delay` holds every answer back that many ms.
 */
export function channelWorker(api: object, post: (message: unknown) => boolean = () => true, delay = 0): WorkerLink & { crash(e: WorkerCrashedError): void } {
	const { port1, port2 } = new MessageChannel();
	serve(api, port2);
	let crash: (e: WorkerCrashedError) => void = () => {};
	const listeners = new Map<unknown, (ev: MessageEvent) => void>();
	return {
		endpoint: {
			postMessage: (m: unknown, t?: Transferable[]) => post(m) && port1.postMessage(m, t ?? []),
			addEventListener: (type: string, l: EventListenerOrEventListenerObject) => {
				const f = (ev: MessageEvent) => void setTimeout(() => (typeof l === 'function' ? l(ev) : l.handleEvent(ev)), delay);
				listeners.set(l, f);
				port1.addEventListener(type as 'message', f);
				port1.start();
			},
			removeEventListener: (type: string, l: EventListenerOrEventListenerObject) => port1.removeEventListener(type as 'message', listeners.get(l)!)
		},
		terminate: () => {
			port1.close();
			port2.close();
		},
		onCrash: (cb) => (crash = cb),
		crash: (e) => crash(e)
	};
}

