/**
 * stores/make.ts: a sandbox over a Run, and the one start sequence of /sandbox, /embed/<widget> and
 * the custom elements: the state's config, its highlighted sentence, then train to its epoch — or
 * play, unless play=0 or the reader asked for reduced motion.
 */
import { get } from 'svelte/store';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TsEngine } from '../../../src/lib/engines/ts';
import { makeSandbox, prefersReducedMotion, startFromState } from '../../../src/lib/stores/make';
import { readState } from '../../../src/lib/stores/urlstate';

const small = 'n=64&batch=16&h=6&epochs=6';
const sandbox = () => makeSandbox({}, async () => new TsEngine());
const reducedMotion = (on: boolean) => vi.stubGlobal('matchMedia', (q: string) => ({ matches: on && q === '(prefers-reduced-motion: reduce)' }));

afterEach(() => vi.unstubAllGlobals());

describe('start from a widget state', () => {
	it('applies the config and the highlighted sentence, then trains to the epoch asked for and stays paused', async () => {
		const sb = sandbox();
		await startFromState(sb, readState(`?${small}&seed=3&epoch=4&hl=2`));
		expect(get(sb.run.config)).toMatchObject({ n: 64, h: 6, seed: 3 });
		expect(get(sb.pinned)).toBe(2);
		expect(get(sb.run.current)!.epoch).toBe(4);
		expect(get(sb.run.status)).toBe('paused');
		sb.run.dispose();
	});

	it('plays by itself, unless play=0 or the reader prefers reduced motion', async () => {
		const cases: [string, boolean, string][] = [
			['', false, 'running'],
			['&play=0', false, 'paused'],
			['', true, 'paused']
		];
		for (const [extra, reduce, status] of cases) {
			reducedMotion(reduce);
			const sb = sandbox();
			await startFromState(sb, readState(`?${small}${extra}`));
			expect(get(sb.run.status), `${extra} reduce=${reduce}`).toBe(status);
			sb.run.dispose();
		}
	});
});

describe('reduced motion', () => {
	it('is what the media query says, and false where there is none (node)', () => {
		expect(prefersReducedMotion()).toBe(false);
		reducedMotion(true);
		expect(prefersReducedMotion()).toBe(true);
		reducedMotion(false);
		expect(prefersReducedMotion()).toBe(false);
	});
});
