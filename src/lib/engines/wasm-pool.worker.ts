/// <reference lib="webworker" />
// A Web Worker of the population pool (see wasm-pool.ts, wasm-pool-host.ts).
import { serve } from './rpc';
import { poolHost } from './wasm-pool-host';

serve(poolHost(), self as unknown as DedicatedWorkerGlobalScope);
