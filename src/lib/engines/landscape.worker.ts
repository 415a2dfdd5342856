/// <reference lib="webworker" />
// The landscape's worker (see landscape-host.ts, landscape-client.ts).
import { landscapeHost } from './landscape-host';
import { serve } from './rpc';

serve(landscapeHost(), self as unknown as DedicatedWorkerGlobalScope);
