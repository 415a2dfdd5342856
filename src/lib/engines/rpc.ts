/**
 * The one request/response layer between this thread and its workers (the training engine's, the
 * population pool's lanes, the landscape's): Comlink carries each call to the object the worker
 * serves, typed from that object; the watchdog (watchdog.ts) guards every call; errors cross with
 * one shape. Adding a method to a worker is one edit on each side: the served object, and the
 * client method that calls it.
 */
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { DivergenceError } from '../core/metrics';
import { PendingCalls, StepClock, WorkerCrashedError, type Watchdog } from './watchdog';

export type Endpoint = Comlink.Endpoint;

/** What crosses a worker boundary of an error: its class name, message, and a divergence's step. */
export interface ErrorInfo {
	name: string;
	message: string;
	/** DivergenceError: the step where NaN/Inf appeared, and what was not finite. */
	step?: number;
	what?: string;
}

export function errorInfo(e: unknown): ErrorInfo {
	if (e instanceof DivergenceError) return { name: e.name, message: e.message, step: e.step, what: e.what };
	if (e instanceof Error) return { name: e.name, message: e.message };
	return { name: 'Error', message: String(e) };
}

/** The error again on this side: a DivergenceError as one (callers test instanceof), any other by name. */
export function reviveError(info: ErrorInfo): Error {
	if (info.name === 'DivergenceError') return new DivergenceError(info.step ?? 0, info.what ?? 'loss');
	if (info.name === 'WorkerCrashedError') return new WorkerCrashedError(info.message);
	const e = new Error(info.message);
	e.name = info.name;
	return e;
}

// Comlink's own 'throw' handler keeps only name and message; ours sends an ErrorInfo.
const thrown = Comlink.transferHandlers.get('throw')!;
Comlink.transferHandlers.set('throw', {
	canHandle: thrown.canHandle,
	serialize: ({ value }: { value: unknown }) => [errorInfo(value), []],
	deserialize: (info: unknown) => {
		throw reviveError(info as ErrorInfo);
	}
} as Comlink.TransferHandler<{ value: unknown }, ErrorInfo>);

/** The served side's methods (what a client may call). */
type Methods<T> = { [K in keyof T]: T[K] extends (...args: never[]) => unknown ? K : never }[keyof T];

/**
 * Worker side: answer calls to `api`'s methods on `endpoint`, one at a time in the order they came
 * (a call never sees the state of one still running).
 */
export function serve<T extends object>(api: T, endpoint: Endpoint): void {
	let queue: Promise<unknown> = Promise.resolve();
	const serial: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
	for (const [name, f] of Object.entries(api))
		if (typeof f === 'function')
			serial[name] = (...args) => {
				const r = queue.then(() => f.apply(api, args));
				queue = r.catch(() => undefined);
				return r;
			};
	Comlink.expose(serial, endpoint);
}

/** `value` with the buffers of these arrays moved to the other side instead of copied (arrays the sender owns). */
export function moving<T>(value: T, arrays: (ArrayBufferView | undefined)[]): T {
	const buffers: Transferable[] = [];
	for (const a of arrays) if (a && !buffers.includes(a.buffer as ArrayBuffer)) buffers.push(a.buffer as ArrayBuffer);
	return Comlink.transfer(value, buffers);
}

/** The endpoint of a node worker_thread's port (parentPort inside the worker, the Worker outside). */
export function nodePort(port: import('node:worker_threads').MessagePort | import('node:worker_threads').Worker): Endpoint {
	return nodeEndpoint(port as unknown as Parameters<typeof nodeEndpoint>[0]);
}

/** A worker as its client sees it: where calls go, how to end it, how it tells that it died. */
export interface WorkerLink {
	endpoint: Endpoint;
	terminate(): void;
	/** Registers the callback for the worker's death (an error event, the thread's exit). */
	onCrash(cb: (e: WorkerCrashedError) => void): void;
}

/** A Web Worker as a WorkerLink; `who` names it in messages ("the training worker"). */
export function webWorkerLink(w: Worker, who: string): WorkerLink {
	return {
		endpoint: w,
		terminate: () => w.terminate(),
		onCrash: (cb) => (w.onerror = (e) => cb(new WorkerCrashedError(e.message ? `${who} failed: ${e.message}` : `${who} failed`)))
	};
}

/** A node worker_thread as a WorkerLink: its 'error' and its 'exit' are crashes (after terminate no call is waiting). */
export function nodeWorkerLink(t: import('node:worker_threads').Worker, who: string): WorkerLink {
	return {
		endpoint: nodePort(t),
		terminate: () => void t.terminate(),
		onCrash: (cb) => {
			t.on('error', (e: Error) => cb(new WorkerCrashedError(`${who} failed: ${e.message}`)));
			t.on('exit', (code: number) => cb(new WorkerCrashedError(`${who} exited with code ${code}`)));
		}
	};
}

/** The method a message to a served object calls (for tests that stand in a worker), or undefined. */
export function calledMethod(message: unknown): string | undefined {
	const m = message as { type?: string; path?: string[] } | null;
	return m?.type === 'APPLY' && m.path?.length ? m.path.join('.') : undefined;
}

/**
 * Client side: calls to the object a worker serves, each under the watchdog (none when `watchdog`
 * is null). A worker that dies or stops answering fails what is in flight and every later call
 * with WorkerCrashedError; the caller starts a new one.
 */
export class RpcClient<T extends object> {
	private readonly remote: Comlink.Remote<T>;
	private readonly calls: PendingCalls;

	constructor(
		private readonly link: WorkerLink,
		private readonly who: string,
		watchdog: Watchdog | null
	) {
		this.calls = new PendingCalls(watchdog ? new StepClock(watchdog) : null, who, () => link.terminate());
		this.remote = Comlink.wrap<T>(link.endpoint);
		link.onCrash((e) => this.calls.fail(e));
	}

	/** Calls `method` with `args`; `steps`: the model-steps it asks for (sets the watchdog's patience; 0: not a step). */
	call<K extends Methods<T>>(method: K, args: T[K] extends (...a: infer A) => unknown ? A : never, steps = 0): Promise<T[K] extends (...a: never[]) => infer R ? Awaited<R> : never> {
		const f = this.remote[method as keyof Comlink.Remote<T>] as unknown as (...a: unknown[]) => Promise<never>;
		return this.calls.guard(String(method), steps, () => f(...(args as unknown[])));
	}

	/** False once the worker has died or been given up on. */
	get alive(): boolean {
		return !this.calls.failure;
	}

	/** Forget the speed learnt so far (a new config: a step may cost something else entirely). */
	resetClock(): void {
		this.calls.clock?.reset();
	}

	/** End the worker; what is in flight fails with "`who` `why`". */
	terminate(why = 'disposed'): void {
		this.calls.fail(new WorkerCrashedError(`${this.who} ${why}`));
		this.link.terminate();
	}
}
