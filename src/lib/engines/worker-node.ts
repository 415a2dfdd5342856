/**
 * WorkerEngine in node: the same train worker on a worker_thread (for the CLI and tests). A thread
 * that exits while the engine is in use (terminated, crashed, killed for memory) is a
 * WorkerCrashedError, as a Web Worker's error event is in the page.
 */
import { WorkerCrashedError, WorkerEngine } from './worker';
import type { Response } from './worker-protocol';

export async function nodeWorkerEngine(): Promise<WorkerEngine & { thread: import('node:worker_threads').Worker }> {
	const { startTsWorker } = await import('./node-ts-worker');
	const thread = await startTsWorker(new URL('./train-node.worker.ts', import.meta.url).href);
	const engine = new WorkerEngine({ postMessage: (m, t) => thread.postMessage(m, (t ?? []) as never), terminate: () => void thread.terminate() }, (onMessage, onError) => {
		thread.on('message', (r: Response) => onMessage(r));
		thread.on('error', (e: Error) => onError(new WorkerCrashedError(`the training worker failed: ${e.message}`)));
		thread.on('exit', (code: number) => onError(new WorkerCrashedError(`the training worker exited (code ${code})`)));
	});
	return Object.assign(engine, { thread });
}
