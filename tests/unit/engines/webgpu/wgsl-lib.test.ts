/**
 * engines/webgpu/wgsl-lib.ts: the WGSL building blocks run on the device against the TypeScript they
 * port — the counter-based RNG bit for bit (core/rng.ts), Φ in float32 against float64 (core/math.ts).
 */
import { describe, expect, it } from 'vitest';
import { Phi } from '../../../../src/lib/core/math';
import { below, draw32, FeistelPermutation, mix32 } from '../../../../src/lib/core/rng';
import { acquireGpu } from '../../../../src/lib/engines/webgpu/device';
import { readBuffer } from '../../../../src/lib/engines/webgpu/readback';
import { ERF_WGSL, RNG_WGSL } from '../../../../src/lib/engines/webgpu/wgsl-lib';
import { gpuSkipReason } from '../../helpers/webgpu-setup';

const skip = await gpuSkipReason();
const N = 1024;
const KEY = 0x9e3779b9;
const perm = new FeistelPermutation(1000, KEY);

const SHADER = /* wgsl */ `
${RNG_WGSL}
${ERF_WGSL}
@group(0) @binding(0) var<storage, read_write> out: array<u32>;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
	let i = id.x;
	if (i >= ${N}u) { return; }
	out[6u * i] = mix32(i * 2654435761u);
	out[6u * i + 1u] = draw32(${KEY}u, i);
	out[6u * i + 2u] = below(${KEY}u, i, 7u);
	out[6u * i + 3u] = select(0u, feistel_at(i, 1000u, ${KEY}u, ${perm.half}u, ${perm.mask}u), i < 1000u);
	// x = (i − 512) / 64: exact in float32, from −8 to 8.
	out[6u * i + 4u] = bitcast<u32>(phi_cdf(f32(i32(i) - 512) * 0.015625));
	out[6u * i + 5u] = 0u;
}`;

async function runShader(): Promise<Uint32Array> {
	const { device } = await acquireGpu();
	const module = device.createShaderModule({ code: SHADER });
	const pipeline = await device.createComputePipelineAsync({ layout: 'auto', compute: { module, entryPoint: 'main' } });
	const buf = device.createBuffer({ size: 6 * 4 * N, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
	try {
		const enc = device.createCommandEncoder();
		const pass = enc.beginComputePass();
		pass.setPipeline(pipeline);
		pass.setBindGroup(0, device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: buf } }] }));
		pass.dispatchWorkgroups(N / 64);
		pass.end();
		device.queue.submit([enc.finish()]);
		return new Uint32Array(await readBuffer(device, buf, 0, 6 * 4 * N));
	} finally {
		buf.destroy();
	}
}

describe.skipIf(!!skip)('WGSL library', () => {
	it('mix32, draw32, below and the Feistel permutation equal core/rng.ts bit for bit', async () => {
		const out = await runShader();
		for (let i = 0; i < N; i++) {
			expect(out[6 * i], `mix32 at ${i}`).toBe(mix32(Math.imul(i, 2654435761) >>> 0));
			expect(out[6 * i + 1], `draw32 at ${i}`).toBe(draw32(KEY, i));
			expect(out[6 * i + 2], `below at ${i}`).toBe(below(KEY, i, 7));
			if (i < 1000) expect(out[6 * i + 3], `feistel at ${i}`).toBe(perm.at(i));
		}
		// A permutation of 0..999.
		expect(new Set(Array.from({ length: 1000 }, (_, i) => out[6 * i + 3])).size).toBe(1000);
	});

	it('Φ in float32: a few ulp where it is not small, absolutely within 2^-23 everywhere', async () => {
		const phi = new Float32Array((await runShader()).buffer);
		const worst = (lo: number, hi: number) => {
			let rel = 0;
			let abs = 0;
			for (let i = 0; i < N; i++) {
				const x = (i - 512) / 64;
				if (x < lo || x >= hi) continue;
				const e = Math.abs(phi[6 * i + 4] - Phi(x));
				rel = Math.max(rel, e / Phi(x));
				abs = Math.max(abs, e);
			}
			return { rel, abs };
		};
		const ulp = 2 ** -23;
		expect(worst(-2, 8).rel).toBeLessThan(8 * ulp);
		// Further into the negative tail exp's own accuracy (WGSL: 3 + 2|x| ulp; SwiftShader is looser)
		// dominates; GELU's x·Φ(x) there needs Φ only to an absolute precision.
		expect(worst(-6, -2).rel).toBeLessThan(1e-4);
		expect(worst(-8, 8).abs).toBeLessThan(ulp);
	});
});
