/**
 * Messages between the page and a training worker. The worker hosts any engine; the page talks to
 * it through WorkerEngine, which implements the same Engine interface.
 */
import type { Config } from '../core/config';
import type { EngineName, InitOptions } from './types';

export type Method = 'create' | 'init' | 'step' | 'snapshot' | 'evaluate' | 'gradients' | 'stepBatches' | 'dispose';

export interface Request {
	id: number;
	method: Method;
	args: unknown[];
}

export interface ErrorInfo {
	name: string;
	message: string;
	/** For DivergenceError: the step where NaN/Inf appeared. */
	step?: number;
	what?: string;
}

export type Response = { id: number; ok: true; result: unknown; engine?: EngineName } | { id: number; ok: false; error: ErrorInfo };

export type CreateArgs = [name: EngineName | 'auto'];
export type InitArgs = [config: Config, options?: InitOptions];
