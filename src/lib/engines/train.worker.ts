/// <reference lib="webworker" />
// A Web Worker that hosts one training engine (see worker-host.ts).
import { createHost } from './worker-host';
import type { Request } from './worker-protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const handle = createHost((msg, transfer) => scope.postMessage(msg, transfer ?? []));
scope.onmessage = (e: MessageEvent<Request>) => void handle(e.data);
