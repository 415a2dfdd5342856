/** The training engine of the custom elements: the usual worker, inlined as a blob so it starts from any origin. */
import TrainWorker from '$lib/engines/train.worker?worker&inline';
import LandscapeWorker from '$lib/widgets/landscape.worker?worker&inline';
import { WorkerEngine, WorkerCrashedError } from '$lib/engines/worker';
import type { Response } from '$lib/engines/worker-protocol';
import type { EngineFactory } from '$lib/stores/run';
import { setLandscapeWorkerFactory } from '$lib/widgets/landscape-worker-factory';

setLandscapeWorkerFactory(() => new LandscapeWorker());

export const elementEngine: EngineFactory = async () => {
	const w = new TrainWorker();
	const engine = new WorkerEngine(w, (onMessage, onError) => {
		w.onmessage = (e) => onMessage(e.data as Response);
		w.onerror = (e) => onError(new WorkerCrashedError(e.message || 'the training worker failed'));
	});
	await engine.create('auto');
	return engine;
};
