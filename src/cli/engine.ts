/** Engine creation for the CLI (node): WebGPU needs Dawn installed on globalThis first. */
import { createEngine, createPopulationEngine } from '../lib/engines/index';
import type { Engine, EngineName, PopulationEngine } from '../lib/engines/types';

async function prepare(name: string): Promise<void> {
	if (name !== 'webgpu') return;
	// The Vulkan loader complains on stderr when this is unset (headless machines, CI).
	process.env.XDG_RUNTIME_DIR ??= (await import('node:os')).tmpdir();
	const { installNodeGpu } = await import('../lib/engines/webgpu/node-gpu');
	if (!(await installNodeGpu())) throw new Error('no WebGPU adapter in node (install libvulkan1; see TOOLCHAIN.md) — use --engine wasm');
}

export async function createNodeEngine(name: EngineName): Promise<Engine> {
	await prepare(name);
	return createEngine(name);
}

export async function createNodePopulationEngine(name: 'webgpu' | 'wasm' | 'wasm-scalar', options?: { threads?: number }): Promise<PopulationEngine> {
	await prepare(name);
	return createPopulationEngine(name, options);
}
