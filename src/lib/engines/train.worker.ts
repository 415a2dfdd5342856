/// <reference lib="webworker" />
// A Web Worker that hosts one training engine (see worker-host.ts).
import { serve } from './rpc';
import { engineHost } from './worker-host';

serve(engineHost(), self as unknown as DedicatedWorkerGlobalScope);
