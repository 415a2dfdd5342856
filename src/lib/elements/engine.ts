/** The training engine of the custom elements: the usual worker, inlined as a blob so it starts from any origin. */
import TrainWorker from '$lib/engines/train.worker?worker&inline';
import LandscapeWorker from '$lib/widgets/landscape.worker?worker&inline';
import { createWorkerEngine } from '$lib/engines/index';
import { TRAIN_WORKER } from '$lib/engines/worker';
import type { EngineFactory } from '$lib/stores/run';
import { setLandscapeWorkerFactory } from '$lib/widgets/landscape-worker-factory';

setLandscapeWorkerFactory(() => new LandscapeWorker());

export const elementEngine: EngineFactory = () => createWorkerEngine('auto', new TrainWorker({ name: TRAIN_WORKER }));
