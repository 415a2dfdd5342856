/**
 * The widgets' status line (stores/status.ts): each state of a run in words, with what to do, and
 * the outcome named by core/outcome.ts's rule (never another threshold).
 */
import { describe as group, expect, it } from 'vitest';
import type { EpochMetrics } from '../../../src/lib/core/metrics';
import { describe } from '../../../src/lib/stores/status';

const m = (epoch: number, loss: number, test_acc: number): EpochMetrics => ({ epoch, loss, acc: test_acc, test_loss: loss, test_acc });
const base = { message: '', engine: 'wasm', config: { p: 2, epochs: 100 } };

group('status line', () => {
	it('names every state, and what to do when something is wrong', () => {
		expect(describe({ ...base, status: 'loading', metrics: [] })).toMatchObject({ kind: 'starting' });
		expect(describe({ ...base, status: 'running', metrics: [m(0, 0.69, 0.5), m(12, 0.693, 0.5)] }).text).toBe('training · epoch 12 / 100 · at chance so far, on the plateau (loss 0.693 ≈ ln 2, test accuracy 50.0%)');
		expect(describe({ ...base, status: 'paused', metrics: [m(0, 0.69, 0.5)] })).toMatchObject({ kind: 'paused', todo: 'press Train to start' });
		expect(describe({ ...base, status: 'done', metrics: [m(100, 0.693, 0.52)] })).toMatchObject({ kind: 'stalled', outcome: 'stalled', todo: 'try another seed or a larger learning rate' });
		expect(describe({ ...base, status: 'done', metrics: [m(100, 0.01, 1)] })).toMatchObject({ kind: 'done', outcome: 'learned', text: 'done · learned: 100.0% test accuracy at epoch 100' });
		expect(describe({ ...base, status: 'done', metrics: [m(100, 0.3, 0.7)] })).toMatchObject({ kind: 'done', outcome: 'partial' });
		const d = describe({ ...base, status: 'diverged', message: 'training diverged at step 9: loss is not finite', metrics: [m(3, 0.6, 0.6)] });
		expect(d).toMatchObject({ kind: 'diverged', outcome: 'diverged', todo: 'lower the learning rate (or choose another seed), then reset' });
		expect(d.text).toMatch(/step 9/);
		expect(describe({ ...base, status: 'error', message: 'the training worker failed', metrics: [] })).toMatchObject({ kind: 'error', todo: 'reload the page to try again' });
	});
	it('a worker blocked by the page\'s CSP is named as such, with what the host page must allow', () => {
		const s = describe({ ...base, status: 'error', message: 'the training worker failed', metrics: [], blocked: 'worker-src blob' });
		expect(s.kind).toBe('blocked');
		expect(s.text).toMatch(/Content-Security-Policy blocks the training worker/);
		expect(s.todo).toMatch(/worker-src blob:/);
		expect(describe({ ...base, status: 'loading', metrics: [], blocked: 'worker-src blob' }).kind).toBe('blocked');
		expect(describe({ ...base, status: 'error', message: "Refused to create a worker: violates the following Content Security Policy directive", metrics: [] }).kind).toBe('blocked');
	});
	it('training without WebAssembly says it is on the slow engine', () => {
		expect(describe({ ...base, engine: 'ts', status: 'running', metrics: [m(1, 0.6, 0.6)] }).text).toMatch(/slow TypeScript engine: WebAssembly is not available/);
	});
});
