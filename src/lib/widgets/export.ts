/**
 * Export of a panel: its SVG with the computed styles inlined (so the file looks like the page,
 * CSS variables resolved), as an .svg file or rasterised to PNG; and downloads.
 */

const STYLE_PROPS = [
	'fill',
	'fill-opacity',
	'stroke',
	'stroke-width',
	'stroke-opacity',
	'stroke-dasharray',
	'stroke-linecap',
	'stroke-linejoin',
	'opacity',
	'font-size',
	'font-family',
	'font-weight',
	'text-anchor',
	'dominant-baseline',
	'visibility',
	'display'
];

/** A standalone SVG document of `svg`, with styles inlined and explicit width/height. */
export function serializeSvg(svg: SVGSVGElement, background?: string): string {
	const clone = svg.cloneNode(true) as SVGSVGElement;
	const src = [svg, ...svg.querySelectorAll('*')];
	const dst = [clone, ...clone.querySelectorAll('*')];
	for (let i = 0; i < src.length; i++) {
		const cs = getComputedStyle(src[i]);
		const el = dst[i] as SVGElement;
		let style = '';
		for (const p of STYLE_PROPS) {
			const v = cs.getPropertyValue(p);
			if (v) style += `${p}:${v};`;
		}
		el.setAttribute('style', style);
		el.removeAttribute('class');
	}
	const vb = svg.viewBox.baseVal;
	const w = vb && vb.width ? vb.width : svg.clientWidth;
	const h = vb && vb.height ? vb.height : svg.clientHeight;
	clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
	clone.setAttribute('width', String(w));
	clone.setAttribute('height', String(h));
	const color = getComputedStyle(svg).color;
	clone.style.color = color;
	if (background) {
		const rect = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
		rect.setAttribute('x', String(vb?.x ?? 0));
		rect.setAttribute('y', String(vb?.y ?? 0));
		rect.setAttribute('width', String(w));
		rect.setAttribute('height', String(h));
		rect.setAttribute('fill', background);
		clone.insertBefore(rect, clone.firstChild);
	}
	return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(clone);
}

/** The page background colour (for PNGs, which have no page behind them). */
export function pageBackground(el: Element): string {
	let node: Element | null = el;
	while (node) {
		const bg = getComputedStyle(node).backgroundColor;
		if (bg && bg !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(bg)) return bg;
		node = node.parentElement;
	}
	return '#ffffff';
}

/** Load an SVG string as an image (for drawing into a canvas). */
export function svgImage(text: string): Promise<HTMLImageElement> {
	return new Promise((resolve, reject) => {
		const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
		const img = new Image();
		img.onload = () => {
			URL.revokeObjectURL(url);
			resolve(img);
		};
		img.onerror = () => {
			URL.revokeObjectURL(url);
			reject(new Error('could not rasterise the SVG'));
		};
		img.src = url;
	});
}

export function canvasBlob(canvas: HTMLCanvasElement, type = 'image/png'): Promise<Blob> {
	return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('canvas export failed'))), type));
}

/** PNG of an SVG panel at `scale` × its viewBox size. */
export async function svgToPng(svg: SVGSVGElement, scale = 2): Promise<Blob> {
	const bg = pageBackground(svg);
	const img = await svgImage(serializeSvg(svg, bg));
	const canvas = document.createElement('canvas');
	canvas.width = Math.round(img.width * scale);
	canvas.height = Math.round(img.height * scale);
	const ctx = canvas.getContext('2d')!;
	ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
	return canvasBlob(canvas);
}

/** A file name from any text (a run's or a spec's name): word characters, dots and dashes, at most 60 of them. */
export function safeFileName(name: string, ext: string): string {
	const base = name.replace(/[^\w.-]+/g, '-').replace(/^[-.]+|-+$/g, '').slice(0, 60) || 'flatland';
	return `${base}.${ext}`;
}

/** Save data as a file (the page's one download helper: panels, landscape, video, saved runs, lab results). */
export function download(data: Blob | string, filename: string, type = 'application/octet-stream'): void {
	const blob = typeof data === 'string' ? new Blob([data], { type }) : data;
	const url = URL.createObjectURL(blob);
	const a = document.createElement('a');
	a.href = url;
	a.download = filename;
	a.rel = 'noopener';
	document.body.appendChild(a);
	a.click();
	a.remove();
	setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
