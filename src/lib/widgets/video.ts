/** Pure layout of the video frame: where panel i of n goes in a cols-column grid of square cells. */
export function cellRect(i: number, cols: number, cell: number, header: number, gap = 8): { x: number; y: number; w: number; h: number } {
	const col = i % cols;
	const row = Math.floor(i / cols);
	return { x: gap + col * (cell + gap), y: header + gap + row * (cell + gap), w: cell, h: cell };
}

/** Fit a w×h picture inside a box, centred, keeping its aspect ratio. */
export function fitInto(w: number, h: number, box: { x: number; y: number; w: number; h: number }): { x: number; y: number; w: number; h: number } {
	const s = Math.min(box.w / w, box.h / h);
	return { x: box.x + (box.w - w * s) / 2, y: box.y + (box.h - h * s) / 2, w: w * s, h: h * s };
}

/** Which snapshot indices a video of at most `max` frames shows (evenly spaced, first and last kept). */
export function frameIndices(n: number, max: number): number[] {
	if (n <= 0) return [];
	if (n <= max) return Array.from({ length: n }, (_, i) => i);
	return Array.from({ length: max }, (_, i) => Math.round((i * (n - 1)) / (max - 1)));
}

/** The first MediaRecorder type this browser supports for WebM. */
export function webmType(isSupported: (t: string) => boolean): string | null {
	for (const t of ['video/webm;codecs=vp9', 'video/webm;codecs=vp8', 'video/webm']) if (isSupported(t)) return t;
	return null;
}
