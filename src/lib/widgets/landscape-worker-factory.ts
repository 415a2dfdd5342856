/** How the landscape widget starts its worker; the custom-elements bundle swaps in an inline (blob) worker so it runs from any origin. */
let factory: () => Worker = () => new Worker(new URL('./landscape.worker.ts', import.meta.url), { type: 'module' });

export function setLandscapeWorkerFactory(f: () => Worker): void {
	factory = f;
}
export function makeLandscapeWorker(): Worker {
	return factory();
}
