/// <reference lib="webworker" />
// A Web Worker of the population pool (see pool.ts, pool-host.ts).
import { createPoolHost, type PoolRequest } from './pool-host';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const handle = createPoolHost((msg, transfer) => scope.postMessage(msg, transfer ?? []));
scope.onmessage = (e: MessageEvent<PoolRequest>) => handle(e.data);
