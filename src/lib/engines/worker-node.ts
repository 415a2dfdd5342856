/**
 * WorkerEngine in node: the same train worker on a worker_thread (for the CLI and tests). A thread
 * that exits while the engine is in use (terminated, crashed, killed for memory) is a
 * WorkerCrashedError, as a Web Worker's error event is in the page.
 */
import { nodeWorkerLink } from './rpc';
import { WorkerEngine } from './worker';

export async function nodeWorkerEngine(): Promise<WorkerEngine & { thread: import('node:worker_threads').Worker }> {
	const { startTsWorker } = await import('./node-ts-worker');
	const thread = await startTsWorker(new URL('./train-node.worker.ts', import.meta.url).href);
	return Object.assign(new WorkerEngine(nodeWorkerLink(thread, 'the training worker')), { thread });
}
