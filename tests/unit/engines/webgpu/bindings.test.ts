/**
 * engines/webgpu/bindings.ts: the uniform block and the binding slots are defined once; the WGSL the
 * kernels are compiled from declares exactly them, and the host packs the block as the struct lays it out.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../../src/lib/core/config';
import { BINDING, packUniforms, UNIFORM_FIELDS, UNIFORM_WORDS, type Uniforms } from '../../../../src/lib/engines/webgpu/bindings';
import { programSource } from '../../../../src/lib/engines/webgpu/wgsl-model';

const src = programSource(parseConfig({}));

/** The fields of `struct Uniforms` in the generated WGSL, in order: [name, type]. */
function structFields(): [string, string][] {
	const body = src.match(/struct Uniforms \{([^}]*)\}/)![1];
	return body
		.split(',')
		.map((f) => f.trim())
		.filter(Boolean)
		.map((f) => f.split(':').map((x) => x.trim()) as [string, string]);
}

describe('the kernels’ interface', () => {
	it('packUniforms writes every field at the word the WGSL struct puts it, with its type', () => {
		const fields = structFields();
		expect(fields.length).toBe(UNIFORM_WORDS);
		expect(UNIFORM_WORDS % 4).toBe(0); // a multiple of 16 bytes
		for (const [, type] of fields) expect(['u32', 'f32']).toContain(type); // 4 bytes each: word i at byte 4i
		const values = Object.fromEntries(UNIFORM_FIELDS.map(([name, type], i) => [name, type === 'f32' ? i + 0.5 : 1000 + i])) as Uniforms;
		const u = new Uint32Array(2 * UNIFORM_WORDS).fill(0xdeadbeef);
		packUniforms(u, UNIFORM_WORDS, values);
		const f = new Float32Array(u.buffer);
		fields.forEach(([name, type], word) => {
			if (name.startsWith('pad')) return;
			const got = type === 'f32' ? f[UNIFORM_WORDS + word] : u[UNIFORM_WORDS + word];
			expect(got, `field ${name} at word ${word}`).toBe(values[name as keyof Uniforms]);
		});
		expect(u[0]).toBe(0xdeadbeef); // nothing written before the block
		// Every field the host packs is in the struct, and every struct field (but padding) is packed.
		expect(fields.filter(([n]) => !n.startsWith('pad')).map(([n]) => n)).toEqual(UNIFORM_FIELDS.map(([n]) => n));
	});

	it('declares each buffer at the slot the host binds it to', () => {
		const declared = [...src.matchAll(/@group\(0\) @binding\((\d+)\) var(?:<[^>]+>)? (\w+):/g)].map((m) => [Number(m[2] === 'U' ? BINDING.uniforms : m[1]), m[2]]);
		const wgslName: Record<string, string> = { uniforms: 'U', out: 'outp' };
		expect(declared.length).toBe(Object.keys(BINDING).length);
		for (const [name, slot] of Object.entries(BINDING)) expect(declared).toContainEqual([slot, wgslName[name] ?? name]);
	});
});
