/**
 * `analyse(name, ...args)`: one of the article's analyses (analyses.ts), in a worker in the page so the
 * reader's thread never computes a circuit class or a spike count; directly where there is no Worker
 * (node, server rendering). Requests are answered in order by one shared worker.
 */
import { ANALYSES, type AnalysisName } from './analyses';

type Fn<N extends AnalysisName> = (typeof ANALYSES)[N];

let worker: Worker | null = null;
let nextId = 0;
const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

function start(): Worker {
	const w = new Worker(new URL('./analysis.worker.ts', import.meta.url), { type: 'module' });
	w.onmessage = (e: MessageEvent<{ id: number; ok: boolean; result?: unknown; message?: string }>) => {
		const p = pending.get(e.data.id);
		pending.delete(e.data.id);
		if (e.data.ok) p?.resolve(e.data.result);
		else p?.reject(new Error(e.data.message));
	};
	w.onerror = (e) => {
		// The worker died: fail what is in flight; the next call starts a new one.
		for (const p of pending.values()) p.reject(new Error(`the analysis worker failed: ${e.message}`));
		pending.clear();
		worker = null;
	};
	return w;
}

/** Run analysis `name` on `args` (structured-cloned to the worker: typed arrays travel as they are). */
export function analyse<N extends AnalysisName>(name: N, ...args: Parameters<Fn<N>>): Promise<ReturnType<Fn<N>>> {
	if (typeof Worker !== 'function') return Promise.resolve((ANALYSES[name] as (...a: unknown[]) => ReturnType<Fn<N>>)(...args));
	worker ??= start();
	const id = nextId++;
	return new Promise((resolve, reject) => {
		pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
		worker!.postMessage({ id, name, args });
	});
}
