/**
 * GPU buffers by lifetime: a BufferSet owns buffers that are destroyed together (a population's
 * for its life, one call's scratch when the call ends), so that no buffer is forgotten or freed twice.
 */

const BU = () => GPUBufferUsage;

export class BufferSet {
	private readonly list: GPUBuffer[] = [];

	constructor(private readonly device: GPUDevice) {}

	/** A buffer holding a copy of `a` (at least 16 bytes). */
	upload(a: Float32Array | Uint32Array, usage: number): GPUBuffer {
		const buf = this.device.createBuffer({ size: Math.max(16, a.byteLength), usage, mappedAtCreation: true });
		new Uint8Array(buf.getMappedRange()).set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
		buf.unmap();
		this.list.push(buf);
		return buf;
	}

	/** An empty buffer of `size` bytes (at least 16). */
	create(size: number, usage: number): GPUBuffer {
		const buf = this.device.createBuffer({ size: Math.max(16, size), usage });
		this.list.push(buf);
		return buf;
	}

	destroy(): void {
		for (const b of this.list) b.destroy();
		this.list.length = 0;
	}
}

/** Usages, spelled once: storage the kernels read; storage they also write and the host reads back; uniforms. */
export const USAGE = {
	read: () => BU().STORAGE,
	readWrite: () => BU().STORAGE | BU().COPY_SRC | BU().COPY_DST,
	uniform: () => BU().UNIFORM
};
