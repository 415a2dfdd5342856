/**
 * A run's state in one short sentence, with what to do about it: training, paused, done (learned,
 * stalled at chance, short of the threshold), diverged, or why it cannot train (the host page's
 * Content-Security-Policy blocks the worker, WebAssembly is missing, the engine failed). Every widget
 * shows it (WidgetStatus.svelte), so that a widget that cannot train, or a run that went nowhere,
 * says so where the reader is looking. What counts as learned / at chance / diverged is
 * core/outcome.ts's rule, nothing else.
 */
import { derived, readable, type Readable } from 'svelte/store';
import type { Config } from '../core/config';
import type { EpochMetrics } from '../core/metrics';
import { outcome, type OutcomeKind } from '../core/outcome';
import type { Run, RunStatus } from './run';

export type StatusKind = 'starting' | 'training' | 'paused' | 'done' | 'stalled' | 'diverged' | 'blocked' | 'error';

export interface StatusLine {
	kind: StatusKind;
	/** What is going on, e.g. "training · epoch 120 / 1000 · at chance so far, on the plateau (…)". */
	text: string;
	/** What the reader can do about it (empty when nothing is needed). */
	todo: string;
	/** The outcome of the metrics so far (core/outcome.ts), when there are any. */
	outcome?: OutcomeKind;
}

export interface StatusInput {
	status: RunStatus;
	message: string;
	engine: string;
	metrics: readonly EpochMetrics[];
	config: Pick<Config, 'p' | 'epochs'>;
	/** A directive of the page's CSP that blocked a worker or WebAssembly (from securitypolicyviolation), if any. */
	blocked?: string | null;
}

/** An error message that says the page's Content-Security-Policy stopped the worker. */
export const CSP_ERROR = /content security policy|SecurityError|worker-src|violates the following/i;

const BLOCKED_TODO =
	"the page that shows this widget must allow blob: workers (Content-Security-Policy: worker-src blob:) and 'wasm-unsafe-eval' in script-src; or embed the widget as an iframe instead";

/** The status line of a run's state (pure: tests drive it with any input). */
export function describe(s: StatusInput): StatusLine {
	const last = s.metrics.at(-1);
	const epoch = last?.epoch ?? 0;
	const at = `epoch ${epoch} / ${s.config.epochs}`;
	const o = outcome(s.metrics, { p: s.config.p, epochs: s.config.epochs, diverged: s.status === 'diverged' });
	const slow = s.engine === 'ts' ? ' (on the slow TypeScript engine: WebAssembly is not available here)' : '';
	const blockedByCsp = !!s.blocked || (s.status === 'error' && CSP_ERROR.test(s.message));
	if (blockedByCsp && (s.status === 'error' || s.status === 'loading' || s.status === 'idle'))
		return { kind: 'blocked', text: `cannot train: this page's Content-Security-Policy blocks the training worker${s.blocked ? ` (${s.blocked})` : ''}`, todo: BLOCKED_TODO };
	switch (s.status) {
		case 'idle':
		case 'loading':
			return { kind: 'starting', text: last ? 'loading the run…' : 'starting the training engine…', todo: '' };
		case 'error':
			return { kind: 'error', text: `cannot train: ${s.message || 'the training engine failed'}`, todo: 'reload the page to try again' };
		case 'diverged':
			return { kind: 'diverged', text: s.message ? `diverged: ${s.message}` : `diverged after ${at}`, todo: 'lower the learning rate (or choose another seed), then reset', outcome: 'diverged' };
		case 'running':
			return { kind: 'training', text: `training · ${at}${last && epoch > 0 ? ` · ${o.text}` : ''}${slow}`, todo: '', outcome: o.kind };
		case 'paused':
			return { kind: 'paused', text: `paused at ${at}${last && epoch > 0 ? ` · ${o.text}` : ''}${slow}`, todo: epoch > 0 ? 'press Train to continue' : 'press Train to start', outcome: o.kind };
		case 'done':
			if (o.kind === 'stalled') return { kind: 'stalled', text: `done · ${o.text}`, todo: 'try another seed or a larger learning rate', outcome: o.kind };
			if (o.kind === 'partial') return { kind: 'done', text: `done · ${o.text}`, todo: 'more epochs or another seed may get there', outcome: o.kind };
			return { kind: 'done', text: `done · ${o.text}`, todo: '', outcome: o.kind };
	}
}

/**
 * Directives of this page's CSP that blocked a worker or WebAssembly, as they happen (null until
 * one does). A custom element on a page we do not control learns this way why its worker never
 * answered. Null outside a browser.
 */
export const cspBlocked: Readable<string | null> = readable<string | null>(null, (set) => {
	if (typeof document === 'undefined') return;
	const on = (e: SecurityPolicyViolationEvent) => {
		const d = e.effectiveDirective || e.violatedDirective || '';
		if (/^(worker-src|child-src|script-src)/.test(d) && (/^blob:?$|^blob:/.test(e.blockedURI) || /wasm|eval/.test(e.blockedURI) || d.startsWith('worker-src')))
			set(`${d} ${e.blockedURI || ''}`.trim());
	};
	document.addEventListener('securitypolicyviolation', on);
	return () => document.removeEventListener('securitypolicyviolation', on);
});

/** A Run's status line, live. */
export function statusLine(run: Run): Readable<StatusLine> {
	return derived([run.status, run.message, run.engineName, run.metrics, run.config, cspBlocked], ([status, message, engine, metrics, config, blocked]) =>
		describe({ status, message, engine, metrics, config, blocked })
	);
}
