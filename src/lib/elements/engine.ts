/** The workers of the custom elements (training, landscape): the usual ones, inlined as blobs so that they start from any origin. */
import TrainWorker from '$lib/engines/train.worker?worker&inline';
import LandscapeWorker from '$lib/engines/landscape.worker?worker&inline';
import { createWorkerEngine } from '$lib/engines/index';
import { LANDSCAPE_WORKER, setLandscapeWorker } from '$lib/engines/landscape-client';
import { TRAIN_WORKER } from '$lib/engines/worker';
import type { EngineFactory } from '$lib/stores/run';

setLandscapeWorker(() => new LandscapeWorker({ name: LANDSCAPE_WORKER }));

export const elementEngine: EngineFactory = () => createWorkerEngine('auto', new TrainWorker({ name: TRAIN_WORKER }));
