/**
 * One validation path for every input a widget takes: the article's URL parameters, the embeds'
 * and the sandbox's, custom-element attributes (postMessage: property/validation.test.ts). Every
 * bad value is named, echoed shortened, and replaced by its default; the problem list is bounded;
 * non-finite numbers are named as what they were; `theme` is validated like the rest. The start
 * sequence and the element's attribute list exist once.
 */
import { readFileSync } from 'node:fs';
import { get } from 'svelte/store';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { queryNumber } from '../../../src/lib/article/near';
import { CONFIG_FIELDS, DEFAULTS, parseConfig } from '../../../src/lib/core/config';
import { articleUrlProblems, ATTRIBUTES, attributesOf, MAX_PROBLEMS, queryFromAttributes, readState, writeState } from '../../../src/lib/stores/urlstate';

function at(search: string) {
	vi.stubGlobal('location', { search });
}

afterEach(() => vi.unstubAllGlobals());

describe("the article's ?epochs=", () => {
	it.each(['0.5', '1e308', '2000000', '1e-300', '0', '-3', 'abc', 'Infinity'])('?epochs=%s: every section uses its own default, and the value is named once', (v) => {
		at(`?epochs=${v}`);
		// Four sections (Attention, Phases, Spikes, More dimensions) threw ConfigError from parseConfig({ epochs: 0.5 }).
		for (const fallback of [500, 1000, 400, 300]) {
			const epochs = queryNumber('epochs', fallback);
			expect(epochs).toBe(fallback);
			expect(() => parseConfig({ epochs })).not.toThrow();
		}
		const problems = get(articleUrlProblems);
		expect(problems).toHaveLength(1);
		expect(problems[0]).toMatch(/^epochs = .*: must .*; each section uses its own number of epochs$/);
	});
	it('a good value is used by every section', () => {
		at('?epochs=40');
		expect(queryNumber('epochs', 500)).toBe(40);
		expect(get(articleUrlProblems)).toEqual([]);
	});
	it('a bad theme is named too', () => {
		at('?theme=purple&epochs=12');
		expect(queryNumber('epochs', 500)).toBe(12);
		expect(get(articleUrlProblems)).toEqual([`theme = "purple": must be 'dark' or 'light'; using the reader's colour scheme`]);
	});
});

describe('embed and sandbox URLs', () => {
	it('non-finite numbers are named as what they were', () => {
		const s = readState('?lr=Infinity&init_scale=-Infinity&rho=1e309&eps=NaN');
		const text = s.problems.join('\n');
		expect(text).toMatch(/lr = Infinity: must be finite/);
		expect(text).toMatch(/init_scale = -Infinity: must be finite/);
		expect(text).toMatch(/rho = Infinity: must be finite/);
		expect(text).toMatch(/eps = "NaN": must be a number/);
		expect(text).not.toMatch(/null/);
		expect(s.config.lr).toBe(DEFAULTS.lr);
	});
	it('a 100 000-character value is echoed cut, with an ellipsis', () => {
		const s = readState(`?p=${'x'.repeat(100_000)}&epoch=${'7'.repeat(100_000)}&${'k'.repeat(100_000)}=1`);
		expect(s.problems).toHaveLength(3);
		for (const p of s.problems) {
			expect(p.length).toBeLessThan(200);
			expect(p).toMatch(/…/);
		}
		expect(s.problems[2]).toMatch(/^k+…: unknown parameter, ignored$/);
		expect(s.config.p).toBe(DEFAULTS.p);
	});
	it('2000 junk parameters give a bounded list', () => {
		const q = new URLSearchParams();
		for (let i = 0; i < 2000; i++) q.append(`junk${i}`, 'x'.repeat(30));
		q.append('seed', 'nope');
		const s = readState(q);
		expect(s.problems.length).toBeLessThanOrEqual(MAX_PROBLEMS);
		expect(s.problems.join('\n').length).toBeLessThan(1500);
		expect(s.problems.at(-1)).toMatch(/more/);
		expect(s.problems.join('\n')).toMatch(/seed = "nope"/);
	});
	it('theme is validated like every other parameter', () => {
		expect(readState('?theme=dark').theme).toBe('dark');
		const s = readState('?theme=<b>neon</b>');
		expect(s.theme).toBeNull();
		expect(s.problems).toEqual([`theme = "<b>neon</b>": must be 'dark' or 'light'; using the reader's colour scheme`]);
	});
	it('every bad value is named, with the value used instead', () => {
		const s = readState('?p=99&batch=0.5&norm=cube&play=2&hl=-1&epoch=1e9');
		const text = s.problems.join('\n');
		for (const re of [/p = 99: .*; using 2/, /batch = 0\.5: .*; using 32/, /norm = "cube": .*; using "rms"/, /play = "2": must be 0 or 1; playing/, /hl = "-1": must be a probe sentence index/, /epoch = "1e9": must be an integer from 0 to 1000; showing the live run/])
			expect(text).toMatch(re);
	});
});

describe('custom-element attributes', () => {
	it('the attribute list is the state keys (every config field and the view parameters), lower-cased', () => {
		expect(ATTRIBUTES.map((a) => a.key)).toEqual([...CONFIG_FIELDS, 'epoch', 'hl', 'play', 'theme']);
		expect(ATTRIBUTES.find((a) => a.key === 'L')!.attribute).toBe('l');
		const el = { getAttribute: (n: string) => ({ l: '9', k: '3', seed: '4', theme: 'light', onclick: 'x' })[n] ?? null };
		const s = readState(queryFromAttributes(attributesOf(el)));
		expect(s.config).toMatchObject({ L: 9, k: 3, seed: 4 });
		expect(s.theme).toBe('light');
		expect(s.problems).toEqual([]);
	});
	it('the element lists no attributes by hand, and the start sequence is written once', () => {
		const widget = readFileSync('src/lib/elements/FlatlandWidget.svelte', 'utf8');
		expect(widget).not.toMatch(/customElement|nb_emb|mlp_lr_discount/);
		for (const f of ['src/routes/sandbox/+page.svelte', 'src/routes/embed/[widget]/+page.svelte', 'src/lib/elements/FlatlandWidget.svelte']) {
			const src = readFileSync(f, 'utf8');
			expect(src, f).toMatch(/startFromState\(sb, urlState\)/);
			expect(src, f).not.toMatch(/trainTo|\.play\(\)|prefersReducedMotion/);
		}
	});
});

describe('URL state: read and written back', () => {
	it('reads config fields, epoch, highlight and play; round-trips through writeState', () => {
		const s = readState('?p=3&seed=4&epoch=200&hl=5&play=0');
		expect(s.problems).toEqual([]);
		expect(s.config.p).toBe(3);
		expect(s.config.seed).toBe(4);
		expect(s.epoch).toBe(200);
		expect(s.highlight).toBe(5);
		expect(s.autoplay).toBe(false);
		const back = readState(writeState({ config: s.config, epoch: s.epoch, highlight: s.highlight, autoplay: s.autoplay }));
		expect(back.config).toEqual(s.config);
		expect(back.epoch).toBe(200);
		expect(writeState({ config: readState('').config })).toBe('');
	});
	it('bad values name their field and fall back to defaults', () => {
		const s = readState('?p=99&seed=abc&epoch=-1&hl=x&play=maybe&bogus=1&k=20');
		const text = s.problems.join('\n');
		for (const f of ['p = ', 'seed = ', 'epoch = ', 'hl = ', 'play = ', 'bogus', 'k = ']) expect(text).toContain(f);
		expect(s.config.p).toBe(2);
		expect(s.config.seed).toBe(0);
		expect(s.config.k).toBe(5);
		expect(s.epoch).toBeNull();
		expect(s.highlight).toBeNull();
	});
});
