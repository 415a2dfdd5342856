/**
 * Node only: install Dawn (npm package `webgpu`) as `navigator.gpu`, so the WebGPU engine and
 * tfjs-backend-webgpu run outside the browser (CLI, vitest, bench). Never imported by page code.
 *
 * Without a GPU, Dawn needs a Vulkan driver: Debian's chromium ships SwiftShader's, which Dawn
 * accepts (Mesa's lavapipe is refused). We point the Vulkan loader at it unless the caller chose an
 * ICD already (a real NVIDIA driver is found by the loader on its own).
 */
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';

const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/**
 * Dawn dlopens libvulkan.so.1 (Debian: package libvulkan1). Chromium's private copy in
 * /usr/lib/chromium is only found with LD_LIBRARY_PATH set before node starts.
 */
let installed: Promise<boolean> | undefined;

/**
 * Returns true when navigator.gpu is present afterwards (false if the `webgpu` package fails to load).
 * `dawnFlags` go to Dawn's create() (e.g. `backend=vulkan`, `enable-dawn-features=...`); only the
 * first call's flags count.
 */
export function installNodeGpu(dawnFlags: string[] = []): Promise<boolean> {
	installed ??= (async () => {
		const g = globalThis as unknown as { navigator?: { gpu?: unknown } };
		if (g.navigator?.gpu) return true;
		// The Vulkan loader complains on stderr when this is unset (headless machines, CI).
		process.env.XDG_RUNTIME_DIR ??= tmpdir();
		if (!process.env.VK_ICD_FILENAMES && !process.env.VK_DRIVER_FILES && existsSync(SWIFTSHADER_ICD) && !hasSystemIcd())
			process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
		try {
			const { create, globals } = await import('webgpu');
			Object.assign(globalThis, globals);
			const gpu = create(dawnFlags);
			// node 21+ defines a read-only navigator; define the property rather than assign.
			if (g.navigator) Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true });
			else Object.defineProperty(globalThis, 'navigator', { value: { gpu, userAgent: 'node' }, configurable: true, writable: true });
			return true;
		} catch {
			return false;
		}
	})();
	return installed;
}

/** A GPU device file (NVIDIA, WSL's GPU, AMD ROCm): what `hasWebGPU({ hardware: true })` looks for before loading Dawn. */
export function gpuDeviceFiles(): boolean {
	return ['/dev/nvidia0', '/dev/dxg', '/dev/kfd'].some((f) => existsSync(f));
}

/**
 * Is there GPU hardware the Vulkan loader could drive? (NVIDIA device node, or a DRM render node.)
 * Mesa's ICD files may be installed without hardware (they come with libvulkan1's recommends), so
 * the ICD list alone says nothing.
 */
function hasSystemIcd(): boolean {
	if (existsSync('/dev/nvidia0')) return true;
	try {
		return readdirSync('/dev/dri').some((f) => f.startsWith('renderD'));
	} catch {
		return false;
	}
}
