// Memory: a bump allocator that grows the memory as needed (nothing is ever freed), and the
// address helpers every stage uses (float i of an array, vector i of an array of lane vectors).



export let top: usize = 0;

export function alloc(bytes: usize): usize {
	if (top == 0) top = (__heap_base + 15) & ~(<usize>15);
	const ptr = top;
	top = (top + bytes + 15) & ~(<usize>15);
	const need = <i32>((top + 0xffff) >>> 16) - memory.size();
	if (need > 0 && memory.grow(need) < 0) unreachable();
	return ptr;
}

@inline export function at(base: usize, i: i32): usize {
	return base + (<usize>i << 2);
}
@inline export function vat(base: usize, i: i32): usize {
	return base + (<usize>i << 4);
}
@inline export function w32(base: usize, i: i32): f32 {
	return load<f32>(base + (<usize>i << 2));
}
