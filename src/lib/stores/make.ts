/** A Sandbox whose Run trains in a Web Worker (browser only). */
import type { Config } from '../core/config';
import { WorkerEngine } from '../engines/worker';
import { Run, type EngineFactory } from './run';
import { Sandbox } from './sandbox';

export const workerEngine: EngineFactory = async () => {
	const w = WorkerEngine.inBrowser();
	await w.create('auto');
	return w;
};

export function makeSandbox(config: Partial<Config> = {}, factory: EngineFactory = workerEngine): Sandbox {
	return new Sandbox(new Run(config, factory));
}

/** Whether the reader asked for reduced motion (then nothing plays by itself). */
export function prefersReducedMotion(): boolean {
	return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}
