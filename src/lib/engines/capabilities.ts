/**
 * What this runtime can run: the one capability probe every caller uses (the factory, the CLI, the
 * landscape worker, the pages). Cheap to import: it loads no engine.
 */

const isNode = typeof process !== 'undefined' && !!process.versions?.node && typeof (globalThis as { window?: unknown }).window === 'undefined';

// The smallest module that uses a v128 instruction: (func (result v128) v128.const 0 …).
const SIMD_PROBE = new Uint8Array([
	0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 22, 1, 20, 0, 253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 11
]);

/** Whether this runtime's WebAssembly accepts SIMD instructions (then 'wasm' runs the SIMD kernel). */
export function hasSimd(): boolean {
	try {
		return typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
	} catch {
		return false;
	}
}

export interface WebGPUProbe {
	/** Only a hardware GPU counts: a software adapter (SwiftShader, llvmpipe; a fallback adapter) is no GPU. */
	hardware?: boolean;
}

const SOFTWARE = /swiftshader|llvmpipe|lavapipe|software/;

/**
 * Why WebGPU cannot be used here, or null when it can: navigator.gpu → adapter → device (the probe
 * device is destroyed). In node, Dawn (npm `webgpu`) is installed as navigator.gpu first; with
 * `hardware`, only when a GPU device file exists (loading Dawn is slow, and pointless without one).
 */
export async function webgpuUnavailableReason(probe: WebGPUProbe = {}): Promise<string | null> {
	if (isNode) {
		if (probe.hardware && !(await nodeGpu()).gpuDeviceFiles()) return 'no GPU device file (/dev/nvidia0, /dev/dxg, /dev/kfd)';
		if (!(await installNodeGpu())) return "the npm package 'webgpu' (Dawn for node) failed to load";
	}
	const gpu = (globalThis as unknown as { navigator?: { gpu?: GPU } }).navigator?.gpu;
	if (!gpu) return `navigator.gpu is undefined (no WebGPU in this runtime${isNode ? '' : ' or this context'})`;
	try {
		const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
		if (!adapter) return 'navigator.gpu.requestAdapter() returned null (no adapter: no GPU and no software Vulkan driver?)';
		if (probe.hardware) {
			const info = (adapter.info ?? {}) as GPUAdapterInfo & { isFallbackAdapter?: boolean };
			const text = `${info.vendor ?? ''} ${info.architecture ?? ''} ${info.description ?? ''} ${info.device ?? ''}`.toLowerCase();
			const fallback = (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter || info.isFallbackAdapter;
			if (fallback || SOFTWARE.test(text)) return `the WebGPU adapter is a software one (${text.trim() || 'fallback adapter'})`;
		}
		const device = await adapter.requestDevice();
		device.destroy();
		return null;
	} catch (e) {
		return `requesting a WebGPU device failed: ${(e as Error).message}`;
	}
}

function nodeGpu(): Promise<typeof import('./webgpu/node-gpu')> {
	const file = './webgpu/node-gpu'; // a variable: bundlers leave this node-only module alone
	return import(/* @vite-ignore */ file);
}

/**
 * In node, Dawn as navigator.gpu (true once it is there); elsewhere nothing to do (true). Already
 * there (a one-file bundle that installed it itself, as the GPU kit's does): nothing to load.
 */
export async function installNodeGpu(): Promise<boolean> {
	if (!isNode || (globalThis as unknown as { navigator?: { gpu?: unknown } }).navigator?.gpu) return true;
	return (await nodeGpu()).installNodeGpu();
}

/** Whether WebGPU works here (see webgpuUnavailableReason). */
export async function hasWebGPU(probe: WebGPUProbe = {}): Promise<boolean> {
	return (await webgpuUnavailableReason(probe)) === null;
}
