/**
 * What the host and the WGSL kernels share, defined once: the bind group's slots (BINDING: the
 * kernels' `@binding(n)` are generated from it, and the host binds by name), and the uniform block
 * of every dispatch (the WGSL struct is generated from UNIFORM_FIELDS and the host packs the buffer
 * from it, so the two cannot disagree field by field). Every uniform field is one 4-byte word, in
 * this order.
 */

/** The buffers a kernel may bind, and their slots in group 0 (see wgsl-model.ts for what each holds). */
export const BINDING = { uniforms: 0, W: 1, opt: 2, members: 3, data: 4, batches: 5, bias: 6, out: 7, evals: 8 } as const;
export type BindingName = keyof typeof BINDING;

export const UNIFORM_FIELDS = [
	['R', 'u32'], // members (or grid points) of this dispatch
	['n', 'u32'], // training rows
	['n_test', 'u32'],
	['batch', 'u32'],
	['spe', 'u32'], // steps per epoch
	['step0', 'u32'], // the dispatch's first step
	['nsteps', 'u32'],
	['flags', 'u32'], // FLAG bits (wgsl-model.ts)
	['fhalf', 'u32'], // the Feistel permutation's half width and mask (core/rng.ts)
	['fmask', 'u32'],
	['o_train_y', 'u32'], // offsets into the uploaded data: train labels, test tokens, test labels
	['o_test_x', 'u32'],
	['o_test_y', 'u32'],
	['eval_slot', 'u32'], // where an evaluation writes its results
	['bias_base', 'u32'], // the dispatch's first row of Adam's bias corrections
	['eval_row', 'u32'], // members per row of the 2-D evaluation dispatch
	['beta1', 'f32'],
	['beta2', 'f32'],
	['adam_eps', 'f32']
] as const;

export type UniformName = (typeof UNIFORM_FIELDS)[number][0];
export type Uniforms = Record<UniformName, number>;

/** Words of the block: the fields, padded to a multiple of 4 (16 bytes). */
export const UNIFORM_WORDS = Math.ceil(UNIFORM_FIELDS.length / 4) * 4;
/** Bytes between the blocks of one buffer's dispatches (minUniformBufferOffsetAlignment). */
export const UNIFORM_STRIDE = 256;

/** The WGSL declaration `struct Uniforms { … }`, four fields a line, then the padding. */
export function uniformStruct(): string {
	const fields: string[] = UNIFORM_FIELDS.map(([name, type]) => `${name}: ${type}`);
	for (let i = fields.length; i < UNIFORM_WORDS; i++) fields.push(`pad${i}: u32`);
	const lines: string[] = [];
	for (let i = 0; i < fields.length; i += 4) lines.push(`\t${fields.slice(i, i + 4).join(', ')},`);
	return `struct Uniforms {\n${lines.join('\n')}\n}`;
}

/** Writes one block at word `o` of `u` (a u32 view; the f32 fields go through a float view of the same words). */
export function packUniforms(u: Uint32Array, o: number, values: Uniforms): void {
	const f = new Float32Array(u.buffer, u.byteOffset, u.length);
	UNIFORM_FIELDS.forEach(([name, type], i) => {
		if (type === 'f32') f[o + i] = values[name];
		else u[o + i] = values[name];
	});
}
