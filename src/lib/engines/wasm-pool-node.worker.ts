// A worker_thread of the population pool in node (see wasm-pool.ts, wasm-pool-host.ts).
import { parentPort } from 'node:worker_threads';
import { nodePort, serve } from './rpc';
import { poolHost } from './wasm-pool-host';

serve(poolHost(), nodePort(parentPort!));
