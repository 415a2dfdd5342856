import { describe, expect, it } from 'vitest';
import { cellRect, fitInto, frameIndices, webmType } from '../../../src/lib/widgets/video';

describe('video layout', () => {
	it('cells of a 4-column grid', () => {
		expect(cellRect(0, 4, 300, 36)).toEqual({ x: 8, y: 44, w: 300, h: 300 });
		expect(cellRect(5, 4, 300, 36)).toEqual({ x: 316, y: 352, w: 300, h: 300 });
	});
	it('fitInto keeps the aspect ratio and centres', () => {
		const r = fitInto(320, 200, { x: 0, y: 0, w: 300, h: 300 });
		expect(r.w / r.h).toBeCloseTo(320 / 200);
		expect(r.w).toBe(300);
		expect(r.y).toBeCloseTo((300 - r.h) / 2);
	});
	it('frameIndices: all when few, evenly spaced with both ends when many', () => {
		expect(frameIndices(3, 10)).toEqual([0, 1, 2]);
		const f = frameIndices(1000, 5);
		expect(f).toEqual([0, 250, 500, 749, 999]);
		expect(frameIndices(0, 5)).toEqual([]);
	});
	it('webmType picks the first supported WebM type, or none', () => {
		expect(webmType((t) => t === 'video/webm;codecs=vp8')).toBe('video/webm;codecs=vp8');
		expect(webmType(() => false)).toBeNull();
	});
});
