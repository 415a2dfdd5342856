/**
 * WorkerEngine in node: the same train worker on a worker_thread (for the CLI and tests). A thread
 * that exits while the engine is in use (terminated, crashed, killed for memory) is a
 * WorkerCrashedError, as a Web Worker's error event is in the page.
 */
import { WorkerCrashedError, WorkerEngine } from './worker';
import type { Response } from './worker-protocol';

export async function nodeWorkerEngine(): Promise<WorkerEngine & { thread: import('node:worker_threads').Worker }> {
	// Module names are variables so that bundlers leave them alone (this file is node only).
	const [wt, mod, url, path] = ['node:worker_threads', 'node:module', 'node:url', 'node:path'];
	const { Worker: NodeWorker } = (await import(/* @vite-ignore */ wt)) as typeof import('node:worker_threads');
	const { createRequire } = (await import(/* @vite-ignore */ mod)) as typeof import('node:module');
	const { pathToFileURL } = (await import(/* @vite-ignore */ url)) as typeof import('node:url');
	const { dirname, join } = (await import(/* @vite-ignore */ path)) as typeof import('node:path');
	const tsxApi = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
	const entry = new URL('./train-node.worker.ts', import.meta.url).href;
	const boot = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
	const thread = new NodeWorker(boot, { eval: true });
	const engine = new WorkerEngine({ postMessage: (m, t) => thread.postMessage(m, (t ?? []) as never), terminate: () => void thread.terminate() }, (onMessage, onError) => {
		thread.on('message', (r: Response) => onMessage(r));
		thread.on('error', (e: Error) => onError(new WorkerCrashedError(`the training worker failed: ${e.message}`)));
		thread.on('exit', (code: number) => onError(new WorkerCrashedError(`the training worker exited (code ${code})`)));
	});
	return Object.assign(engine, { thread });
}
