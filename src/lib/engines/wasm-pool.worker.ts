/// <reference lib="webworker" />
// A Web Worker of the population pool (see wasm-pool.ts, wasm-pool-host.ts).
import { createPoolHost, type PoolRequest } from './wasm-pool-host';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const handle = createPoolHost((msg, transfer) => scope.postMessage(msg, transfer ?? []));
scope.onmessage = (e: MessageEvent<PoolRequest>) => handle(e.data);
