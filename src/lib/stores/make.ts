/** A Sandbox whose Run trains in a Web Worker (browser only). */
import type { Config } from '../core/config';
import { createWorkerEngine } from '../engines/index';
import { Run, type EngineFactory } from './run';
import { Sandbox } from './sandbox';

export const workerEngine: EngineFactory = () => createWorkerEngine('auto');

export function makeSandbox(config: Partial<Config> = {}, factory: EngineFactory = workerEngine): Sandbox {
	return new Sandbox(new Run(config, factory));
}

/** Whether the reader asked for reduced motion (then nothing plays by itself). */
export function prefersReducedMotion(): boolean {
	return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}
