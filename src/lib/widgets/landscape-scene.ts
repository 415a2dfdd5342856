/**
 * The loss landscape's three.js scene (Landscape.svelte owns the state and the controls): a lit
 * surface coloured by height with level lines, the trajectory on it and a marker at the shown
 * snapshot, axes with ticks and HTML labels (CSS2DRenderer), OrbitControls to turn it. three.js is
 * imported when a scene is created, so that a page without the landscape never loads it.
 */
import { interpolateViridis } from 'd3-scale-chromatic';
import type * as Three from 'three';
import type { CSS2DObject as CSS2DObjectT, CSS2DRenderer } from 'three/examples/jsm/renderers/CSS2DRenderer.js';
import { project } from '../core/projection';
import type { LandscapeResult } from '../engines/landscape-client';
import { bilinear, finiteRange, heightOf, levelSegments } from './landscape-mesh';
import { fmt } from './plot';

/** Height of the surface's box (its width and depth are 2). */
const SCALE = 0.8;
/** Canvas height over width. */
const ASPECT = 0.7;

type Controls = { update(): void; dispose(): void };

/** Heights in [0, 1] (log loss over its finite range; non-finite points at the top). */
function heightsOf(losses: ArrayLike<number>): Float64Array {
	const [lo, hi] = finiteRange(losses);
	return Float64Array.from(losses, (l) => heightOf(Number.isFinite(l) ? l : hi, lo, hi));
}

/** Fractional grid node of a plane point (α, β). */
function nodeOf(r: LandscapeResult, a: number, b: number): [number, number] {
	const S = r.alphas.length;
	return [((a - r.alphas[0]) / (r.alphas[S - 1] - r.alphas[0])) * (S - 1), ((b - r.betas[0]) / (r.betas[S - 1] - r.betas[0])) * (S - 1)];
}

export class LandscapeScene {
	private surface: Three.Group | null = null;
	private marker: Three.Mesh | null = null;
	private result: LandscapeResult | null = null;

	private constructor(
		private readonly T: typeof Three,
		private readonly CSS2DObject: typeof CSS2DObjectT,
		private readonly host: HTMLElement,
		readonly renderer: Three.WebGLRenderer,
		private readonly labels: CSS2DRenderer,
		private readonly scene: Three.Scene,
		private readonly camera: Three.PerspectiveCamera,
		private readonly controls: Controls,
		private readonly resize: ResizeObserver
	) {}

	/** A scene in `host`: the canvas (focusable, an image labelled `label`), the label layer, the lights, the controls. */
	static async create(host: HTMLElement, label: string): Promise<LandscapeScene> {
		const T = await import('three');
		const { OrbitControls } = await import('three/examples/jsm/controls/OrbitControls.js');
		const css2d = await import('three/examples/jsm/renderers/CSS2DRenderer.js');
		const renderer = new T.WebGLRenderer({ antialias: true, preserveDrawingBuffer: true });
		renderer.setPixelRatio(Math.min(2, devicePixelRatio));
		const w = host.clientWidth || 480;
		const h = Math.round(w * ASPECT);
		renderer.setSize(w, h);
		renderer.domElement.setAttribute('role', 'img');
		renderer.domElement.setAttribute('data-testid', 'landscape-canvas');
		renderer.domElement.tabIndex = 0;
		renderer.domElement.setAttribute('aria-label', label);
		host.appendChild(renderer.domElement);
		const labels = new css2d.CSS2DRenderer();
		labels.setSize(w, h);
		labels.domElement.className = 'labels';
		labels.domElement.setAttribute('aria-hidden', 'true');
		host.appendChild(labels.domElement);
		const scene = new T.Scene();
		const camera = new T.PerspectiveCamera(40, w / h, 0.01, 100);
		camera.position.set(2.5, 2.1, 2.9);
		scene.add(new T.HemisphereLight(0xffffff, 0x404050, 1.2));
		const sun = new T.DirectionalLight(0xffffff, 1.6);
		sun.position.set(2, 4, 1);
		scene.add(sun);
		const controls = new OrbitControls(camera, renderer.domElement);
		controls.target.set(0, 0.3, 0);
		controls.enableDamping = false;
		controls.listenToKeyEvents(renderer.domElement);
		controls.update();
		let self: LandscapeScene | null = null;
		const resize = new ResizeObserver(() => self?.fit());
		self = new LandscapeScene(T, css2d.CSS2DObject, host, renderer, labels, scene, camera, controls, resize);
		controls.addEventListener('change', () => self?.render());
		self.applyTheme();
		resize.observe(host);
		self.render();
		return self;
	}

	render(): void {
		this.renderer.render(this.scene, this.camera);
		this.labels.render(this.scene, this.camera);
	}

	private fit(): void {
		const w = this.host.clientWidth || 480;
		const h = Math.round(w * ASPECT);
		this.renderer.setSize(w, h);
		this.labels.setSize(w, h);
		this.camera.aspect = w / h;
		this.camera.updateProjectionMatrix();
		this.render();
	}

	/** The scene's background is the host's (var(--bg), resolved for the colour scheme in force). */
	applyTheme(): void {
		this.scene.background = new this.T.Color(getComputedStyle(this.host).backgroundColor || 'rgb(255, 255, 255)');
	}

	/** Draw a computed grid: surface, level lines, axes, trajectory and the marker (placed by `placeMarker`). */
	draw(r: LandscapeResult, mode: 'pca' | 'random'): void {
		const T = this.T;
		const S = r.alphas.length;
		this.clear();
		this.result = r;
		const g = new T.Group();
		const heights = heightsOf(r.losses);
		const pos = new Float32Array(S * S * 3);
		const col = new Float32Array(S * S * 3);
		for (let j = 0; j < S; j++)
			for (let i = 0; i < S; i++) {
				const k = j * S + i;
				pos.set([-1 + (2 * i) / (S - 1), heights[k] * SCALE, -1 + (2 * j) / (S - 1)], 3 * k);
				const c = new T.Color(interpolateViridis(heights[k]));
				col.set([c.r, c.g, c.b], 3 * k);
			}
		const idx: number[] = [];
		for (let j = 0; j < S - 1; j++)
			for (let i = 0; i < S - 1; i++) {
				const a = j * S + i;
				idx.push(a, a + S, a + 1, a + 1, a + S, a + S + 1);
			}
		const geo = new T.BufferGeometry();
		geo.setAttribute('position', new T.BufferAttribute(pos, 3));
		geo.setAttribute('color', new T.BufferAttribute(col, 3));
		geo.setIndex(idx);
		geo.computeVertexNormals();
		g.add(new T.Mesh(geo, new T.MeshStandardMaterial({ vertexColors: true, side: T.DoubleSide, roughness: 0.75, metalness: 0.05 })));
		const levels = Array.from({ length: 14 }, (_, i) => (i + 0.5) / 14);
		const lg = new T.BufferGeometry();
		lg.setAttribute('position', new T.BufferAttribute(levelSegments(heights, S, levels, SCALE), 3));
		g.add(new T.LineSegments(lg, new T.LineBasicMaterial({ color: 0x1d232a, transparent: true, opacity: 0.55 })));
		this.addAxes(g, r, mode);
		const tp: number[] = [];
		for (let t = 0; t < r.coords.length / 2; t++) {
			const [fi, fj] = nodeOf(r, r.coords[2 * t], r.coords[2 * t + 1]);
			tp.push(-1 + (2 * fi) / (S - 1), bilinear(heights, S, fi, fj) * SCALE + 0.012, -1 + (2 * fj) / (S - 1));
		}
		const tg = new T.BufferGeometry();
		tg.setAttribute('position', new T.BufferAttribute(Float32Array.from(tp), 3));
		g.add(new T.Line(tg, new T.LineBasicMaterial({ color: 0xd55e00, linewidth: 2 })));
		this.marker = new T.Mesh(new T.SphereGeometry(0.035, 20, 14), new T.MeshStandardMaterial({ color: 0xd55e00, emissive: 0x662200 }));
		g.add(this.marker);
		this.scene.add(g);
		this.surface = g;
		this.render();
	}

	private clear(): void {
		if (!this.surface) return;
		this.scene.remove(this.surface);
		this.surface.traverse((o) => {
			if ('element' in o && o.element instanceof HTMLElement) o.element.remove();
			const m = o as Three.Mesh;
			m.geometry?.dispose();
			(m.material as Three.Material | undefined)?.dispose?.();
		});
		this.surface = null;
	}

	/**
	 * Axes along three edges of the surface's box, with ticks and HTML labels: α (the plane's first
	 * direction) in front, β on the right, and the training loss (log scale, as the surface's height).
	 */
	private addAxes(g: Three.Group, r: LandscapeResult, mode: 'pca' | 'random'): void {
		const T = this.T;
		const [lo, hi] = finiteRange(r.losses);
		const ink = new T.Color(getComputedStyle(this.host).color || 'rgb(29, 35, 42)');
		const pts: number[] = [];
		const seg = (a: number[], b: number[]) => pts.push(...a, ...b);
		const label = (text: string, at: number[], cls = 'tick') => {
			const el = document.createElement('span');
			el.className = `l3 ${cls}`;
			el.textContent = text;
			const o = new this.CSS2DObject(el);
			o.position.set(at[0], at[1], at[2]);
			g.add(o);
		};
		const S = r.alphas.length;
		const a0 = r.alphas[0], a1 = r.alphas[S - 1], b0 = r.betas[0], b1 = r.betas[S - 1];
		const xOf = (a: number) => -1 + (2 * (a - a0)) / (a1 - a0);
		const zOf = (b: number) => -1 + (2 * (b - b0)) / (b1 - b0);
		const tk = 0.05;
		// α along the front edge (z = 1), β along the right edge (x = 1), loss up the left corner.
		seg([-1, 0, 1], [1, 0, 1]);
		seg([1, 0, -1], [1, 0, 1]);
		seg([-1, 0, 1], [-1, SCALE, 1]);
		const dirs = mode === 'pca' ? ['PC 1', 'PC 2'] : ['direction 1', 'direction 2'];
		for (const a of [a0, (a0 + a1) / 2, a1]) {
			seg([xOf(a), 0, 1], [xOf(a), 0, 1 + tk]);
			label(fmt(a, 2), [xOf(a), 0, 1 + 2.4 * tk]);
		}
		label(`α (${dirs[0]})`, [0, -0.12, 1.28], 'name');
		for (const b of [b0, (b0 + b1) / 2, b1]) {
			seg([1, 0, zOf(b)], [1 + tk, 0, zOf(b)]);
			label(fmt(b, 2), [1 + 2.6 * tk, 0, zOf(b)]);
		}
		label(`β (${dirs[1]})`, [1.3, -0.12, 0], 'name');
		for (const t of [0, 0.5, 1]) {
			const loss = Math.exp(Math.log(lo) + t * (Math.log(hi) - Math.log(lo)));
			seg([-1, t * SCALE, 1], [-1 - tk, t * SCALE, 1]);
			label(fmt(loss, 2), [-1 - 3.6 * tk, t * SCALE, 1]);
		}
		label('training loss', [-1, SCALE + 0.14, 1], 'name');
		const geo = new T.BufferGeometry();
		geo.setAttribute('position', new T.BufferAttribute(Float32Array.from(pts), 3));
		g.add(new T.LineSegments(geo, new T.LineBasicMaterial({ color: ink })));
	}

	/** Put the marker at these parameters, projected on the drawn plane; the surface's loss there (undefined when nothing is drawn for them). */
	placeMarker(params: ArrayLike<number> | undefined): number | undefined {
		const r = this.result;
		if (!r || !this.marker || !params || params.length !== r.origin.length) return undefined;
		const S = r.alphas.length;
		const [a, b] = project(params, { dim: r.origin.length, origin: r.origin, u: r.u, v: r.v, kind: 'pca' });
		const [fi, fj] = nodeOf(r, a, b);
		this.marker.position.set(-1 + (2 * fi) / (S - 1), bilinear(heightsOf(r.losses), S, fi, fj) * SCALE + 0.03, -1 + (2 * fj) / (S - 1));
		this.render();
		return bilinear(r.losses, S, fi, fj);
	}

	dispose(): void {
		this.resize.disconnect();
		this.controls.dispose();
		this.renderer.dispose();
	}
}
