/**
 * The page's side of the landscape worker (landscape-host.ts): one landscape at a time, its grid
 * fetched a few rows of β at a time so that the widget can show progress, every call under the
 * watchdog. The custom-elements bundle swaps in an inline (blob) worker, so that it runs from any
 * origin.
 */
import type { LandscapeHost, LandscapePlan, LandscapeRequest } from './landscape-host';
import { RpcClient, webWorkerLink } from './rpc';
import { DEFAULT_WATCHDOG } from './watchdog';

export type { LandscapeRequest } from './landscape-host';

export interface LandscapeResult extends LandscapePlan {
	/** losses[j·size + i] at (alphas[i], betas[j]). */
	losses: Float64Array;
	ms: number;
}

export const LANDSCAPE_WORKER = 'flatland-landscape';
let start: () => Worker = () => new Worker(new URL('./landscape.worker.ts', import.meta.url), { type: 'module', name: LANDSCAPE_WORKER });

/** How the landscape starts its worker (the custom elements' inline one). */
export function setLandscapeWorker(f: () => Worker): void {
	start = f;
}

const WHO = 'the landscape worker';

export class LandscapeClient {
	private rpc: RpcClient<LandscapeHost> | null = null;

	/** The landscape of `req`; `onProgress(share)` after each part of the grid. A dead worker is replaced on the next call. */
	async compute(req: LandscapeRequest, onProgress?: (share: number) => void): Promise<LandscapeResult> {
		if (!this.rpc?.alive) this.rpc = new RpcClient<LandscapeHost>(webWorkerLink(start(), WHO), WHO, DEFAULT_WATCHDOG);
		const rpc = this.rpc;
		const t0 = performance.now();
		const plan = await rpc.call('plan', [req], 0);
		const S = plan.betas.length;
		// The GPU does the whole grid in one dispatch; the CPU in about 16 parts.
		const part = plan.backend === 'webgpu' ? S : Math.max(1, Math.ceil(S / 16));
		const losses = new Float64Array(plan.alphas.length * S);
		for (let j = 0; j < S; j += part) {
			const end = Math.min(S, j + part);
			losses.set(await rpc.call('losses', [j, end]), j * plan.alphas.length);
			onProgress?.(end / S);
		}
		return { ...plan, losses, ms: performance.now() - t0 };
	}

	dispose(): void {
		this.rpc?.terminate();
		this.rpc = null;
	}
}
