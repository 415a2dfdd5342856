// A worker_thread that hosts one training engine in node (see worker-node.ts, worker-host.ts).
import { parentPort } from 'node:worker_threads';
import { createHost } from './worker-host';
import type { Request } from './worker-protocol';

const port = parentPort!;
const handle = createHost((msg, transfer) => port.postMessage(msg, (transfer ?? []) as never));
port.on('message', (req: Request) => void handle(req));
