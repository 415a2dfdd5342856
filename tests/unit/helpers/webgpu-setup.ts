/**
 * Shared by the WebGPU tests: install Dawn as navigator.gpu (node) and say why WebGPU is missing,
 * if it is, so the suites skip with that reason instead of failing.
 */
import { webgpuUnavailableReason } from '../../../src/lib/engines/index';

export async function gpuSkipReason(): Promise<string | null> {
	const reason = await webgpuUnavailableReason();
	if (reason) console.warn(`WebGPU tests skipped: ${reason}`);
	return reason;
}
