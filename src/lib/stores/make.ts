/** A Sandbox whose Run trains in a Web Worker (browser only). */
import type { Config } from '../core/config';
import { createWorkerEngine } from '../engines/index';
import { Run, type EngineFactory } from './run';
import { Sandbox } from './sandbox';
import type { UrlState } from './urlstate';

export const workerEngine: EngineFactory = () => createWorkerEngine('auto');

export function makeSandbox(config: Partial<Config> = {}, factory: EngineFactory = workerEngine): Sandbox<Run> {
	return new Sandbox(new Run(config, factory));
}

/** Whether the reader asked for reduced motion (then nothing plays by itself). */
export function prefersReducedMotion(): boolean {
	return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/**
 * Start a sandbox from a widget's state (its URL or its element's attributes, read by readState):
 * the config, the highlighted sentence, then train to `epoch` — or play, unless `play=0` or the
 * reader asked for reduced motion. The one start sequence of /sandbox, /embed/<widget> and the
 * custom elements.
 */
export async function startFromState(sb: Sandbox<Run>, state: UrlState): Promise<void> {
	await sb.run.reset(state.config);
	if (state.highlight !== null) sb.pinned.set(state.highlight);
	if (state.epoch !== null) await sb.run.trainTo(state.epoch);
	else if (state.autoplay && !prefersReducedMotion()) sb.run.play();
}
