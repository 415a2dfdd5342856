// A worker_thread that hosts one training engine in node (see worker-node.ts, worker-host.ts).
import { parentPort } from 'node:worker_threads';
import { nodePort, serve } from './rpc';
import { engineHost } from './worker-host';

serve(engineHost(), nodePort(parentPort!));
