// A worker_thread of the population pool in node (see wasm-pool.ts, wasm-pool-host.ts).
import { parentPort } from 'node:worker_threads';
import { createPoolHost, type PoolRequest } from './wasm-pool-host';

const port = parentPort!;
const handle = createPoolHost((msg, transfer) => port.postMessage(msg, (transfer ?? []) as never));
port.on('message', (req: PoolRequest) => handle(req));
