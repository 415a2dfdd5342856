/** Engine creation for the CLI (node): a WebGPU engine is refused up front, with the reason, where node has none. */
import { createEngine, webgpuUnavailableReason } from '../lib/engines/index';
import type { Engine, EngineName } from '../lib/engines/types';

export async function createNodeEngine(name: EngineName): Promise<Engine> {
	if (name === 'webgpu') {
		const why = await webgpuUnavailableReason();
		if (why) throw new Error(`no WebGPU adapter in node (${why}; install libvulkan1, see TOOLCHAIN.md) — use --engine wasm`);
	}
	return createEngine(name);
}
