/**
 * Random and hostile values at every door through which input enters: URL state (embed pages,
 * /sandbox), custom-element attributes, postMessage commands and the embed API's wiring, CLI flags,
 * sweep specs, and imported run files (beyond persist/format.test.ts). Each returns a usable result with
 * messages naming the field, or a typed error — never a crash, a partial value, or a polluted prototype.
 * That no input becomes markup or code: repo/no-markup.test.ts.
 */
import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writable } from 'svelte/store';
import { CONFIG_FIELDS, DEFAULTS, parseConfig } from '../../../src/lib/core/config';
import { initParams } from '../../../src/lib/core/params';
import { UsageError, configFromFlags } from '../../../src/cli/args';
import { connectEmbedApi, parseCommand } from '../../../src/lib/stores/embed-api';
import { STATE_KEYS, queryFromAttributes, readState } from '../../../src/lib/stores/urlstate';
import { SpecError, parseSpec, parseSpecText } from '../../../src/lib/experiments/spec';
import { ImportError, exportRun, importRun } from '../../../src/lib/persist/format';
import { _resetForTests, listRuns, saveRun } from '../../../src/lib/persist/db';
import type { Run } from '../../../src/lib/stores/run';

const hostileString = fc.oneof(
	fc.string({ maxLength: 16 }),
	fc.constantFrom('', ' ', 'NaN', 'Infinity', '-Infinity', '1e309', '-0', '0x10', '1_000', '2**53', '9007199254740993', '__proto__', 'constructor', '<img src=x onerror=alert(1)>', "javascript:alert('x')", '%00', '\u0000', '\u202e', '{}', '[]', 'rms', 'smooth', '3', '1e-400', ' 2 ')
);
const keys = fc.oneof(fc.constantFrom(...STATE_KEYS, '__proto__', 'constructor', 'toString', 'epoch', 'hl', 'play'), fc.string({ maxLength: 8 }));

function consistent(c: ReturnType<typeof parseConfig>): boolean {
	return c.nb_emb >= c.p && c.k <= c.L && c.batch <= c.n && CONFIG_FIELDS.every((f) => (f === 'norm' ? ['rms', 'smooth'].includes(c[f] as string) : Number.isFinite(c[f])));
}

describe('URL state (embed pages, /sandbox)', () => {
	it('any query string gives a consistent config; every problem names its parameter and what is allowed', () => {
		fc.assert(
			fc.property(fc.array(fc.tuple(keys, hostileString), { maxLength: 8 }), (pairs) => {
				const q = new URLSearchParams();
				for (const [k, v] of pairs) q.append(k, v);
				const s = readState(q.toString());
				expect(consistent(s.config)).toBe(true);
				expect(s.epoch === null || (Number.isInteger(s.epoch) && s.epoch >= 0 && s.epoch <= s.config.epochs)).toBe(true);
				expect(s.highlight === null || (Number.isInteger(s.highlight) && s.highlight >= 0)).toBe(true);
				const named = [...new Set(pairs.map(([k]) => (k === '' ? '(empty name)' : k))), ...CONFIG_FIELDS];
				for (const p of s.problems) {
					if (p.startsWith('… and ')) continue; // the count of problems past the bounded list
					// Each message starts with a parameter that was given (or the partner of a cross-field rule) and says what is allowed.
					expect(named.some((k) => p.startsWith(`${k}:`) || p.startsWith(`${k} =`)), p).toBe(true);
					expect(p).toMatch(/must|unknown parameter|unknown field/);
				}
				// A good value next to bad ones is kept.
				return true;
			}),
			{ numRuns: 600 }
		);
	});
	it('a bad value falls back to the default and the rest of the state still applies', () => {
		const s = readState('?seed=4&p=banana&lr=-1&epoch=12&hl=999&play=maybe&evil=<script>');
		expect(s.config.seed).toBe(4);
		expect(s.config.p).toBe(DEFAULTS.p);
		expect(s.config.lr).toBe(DEFAULTS.lr);
		expect(s.epoch).toBe(12);
		expect(s.autoplay).toBe(true);
		expect(s.problems.join('\n')).toMatch(/p = "banana": must be a number .*integer from 2 to 16.*using 2/);
		expect(s.problems.join('\n')).toMatch(/lr = -1: must be greater than 0/);
		expect(s.problems.join('\n')).toMatch(/hl = "999": must be a probe sentence index from 0 to \d+/);
		expect(s.problems.join('\n')).toMatch(/play = "maybe": must be 0 or 1/);
		expect(s.problems.join('\n')).toMatch(/evil: unknown parameter, ignored/);
	});
});

describe('custom-element attributes', () => {
	it('hostile attribute values and names are read like URL parameters: consistent config, no prototype keys', () => {
		fc.assert(
			fc.property(fc.dictionary(keys, fc.oneof(hostileString, fc.constant(undefined), fc.constant(null), fc.integer(), fc.double())), (attrs) => {
				const q = queryFromAttributes(attrs);
				for (const k of q.keys()) expect(STATE_KEYS).toContain(k);
				expect(q.get('theme') ?? null).toBe(Object.prototype.hasOwnProperty.call(attrs, 'theme') && attrs.theme != null ? String(attrs.theme) : null);
				const s = readState(q);
				return consistent(s.config) && ({} as Record<string, unknown>).polluted === undefined;
			}),
			{ numRuns: 600 }
		);
		const inherited = Object.create({ seed: '9' }) as Record<string, unknown>;
		expect(queryFromAttributes(inherited).has('seed')).toBe(false);
		expect(readState(queryFromAttributes({ seed: '5', p: '3', nb_emb: '3', hl: '2' })).config).toMatchObject({ seed: 5, p: 3 });
	});
});

describe('postMessage commands', () => {
	const good = [{ flatland: 1, type: 'play' }, { flatland: 1, type: 'pause' }, { flatland: 1, type: 'seek', epoch: 7 }];
	it('random and mutated messages are accepted only in the exact documented shapes', () => {
		fc.assert(
			fc.property(fc.anything({ withNullPrototype: true, withObjectString: true, withMap: true, withSet: true, withTypedArray: true }), (m) => {
				const c = parseCommand(m);
				if (c === null) return true;
				return good.some((g) => g.type === c.type) && Object.keys(c).length === (c.type === 'seek' ? 3 : 2);
			}),
			{ numRuns: 1000 }
		);
		fc.assert(
			fc.property(fc.constantFrom(...good), fc.string({ maxLength: 8 }), fc.anything(), (g, key, value) => {
				const m = { ...g, [key]: value } as Record<string, unknown>;
				const c = parseCommand(m);
				const unchanged = key in g && Object.is(g[key as keyof typeof g], value);
				if (unchanged) return c !== null;
				if (key === 'epoch' && g.type === 'seek') return (c !== null) === (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0);
				return c === null; // an extra field, or a changed one
			}),
			{ numRuns: 1000 }
		);
		expect(parseCommand(Object.assign(Object.create({ evil: 1 }), { flatland: 1, type: 'play' }))).toBeNull();
	});

	/** A fake framed window: its parent, another window, and the events it dispatches. */
	function framed() {
		const posted: { to: string; msg: unknown; origin: string }[] = [];
		const listeners: ((e: MessageEvent) => void)[] = [];
		const parent = { postMessage: (msg: unknown, origin: string) => posted.push({ to: 'parent', msg, origin }) };
		const other = { postMessage: (msg: unknown, origin: string) => posted.push({ to: 'other', msg, origin }) };
		const win = { parent, addEventListener: (_: string, f: (e: MessageEvent) => void) => listeners.push(f), removeEventListener: () => {} } as unknown as Window;
		const send = (data: unknown, source: unknown, origin = 'https://host.example') => listeners.forEach((f) => f({ data, source, origin } as MessageEvent));
		return { posted, win, parent, other, send };
	}
	function fakeRun() {
		const calls: string[] = [];
		const run = {
			metrics: writable([]),
			current: writable(null),
			index: writable(-1),
			play: () => calls.push('play'),
			pause: () => calls.push('pause'),
			seekEpoch: (e: number) => calls.push(`seek ${e}`)
		} as unknown as Run;
		return { run, calls };
	}

	it('only the embedding window drives the widget; the answer goes to it, at its origin', () => {
		(globalThis as { document?: unknown }).document ??= { referrer: '' };
		(globalThis as { requestAnimationFrame?: unknown }).requestAnimationFrame ??= (f: () => void) => setTimeout(f, 0);
		(globalThis as { cancelAnimationFrame?: unknown }).cancelAnimationFrame ??= (h: number) => clearTimeout(h);
		const f = framed();
		const { run, calls } = fakeRun();
		const unwire = connectEmbedApi(run, 'levels', f.win);
		f.send({ flatland: 1, type: 'play' }, f.other); // another window: ignored, no answer
		f.send({ flatland: 1, type: 'play' }, null);
		f.send({ flatland: 1, type: 'play', extra: '<img onerror=x>' }, f.parent);
		f.send('{"flatland":1,"type":"play"}', f.parent);
		expect(calls).toEqual([]);
		expect(f.posted).toEqual([]);
		f.send({ flatland: 1, type: 'seek', epoch: 3 }, f.parent, 'https://host.example');
		f.send({ flatland: 1, type: 'pause' }, f.parent, 'null'); // opaque origin (sandboxed parent): only '*' can reach it
		expect(calls).toEqual(['seek 3', 'pause']);
		expect(f.posted).toEqual([
			{ to: 'parent', msg: { flatland: 1, type: 'ack', command: 'seek' }, origin: 'https://host.example' },
			{ to: 'parent', msg: { flatland: 1, type: 'ack', command: 'pause' }, origin: '*' }
		]);
		// Random traffic from the parent: only documented commands are acted on, each answered once.
		fc.assert(
			fc.property(fc.anything(), (m) => {
				const before = calls.length;
				const answers = f.posted.length;
				f.send(m, f.parent);
				return calls.length - before === f.posted.length - answers && (parseCommand(m) === null) === (calls.length === before);
			}),
			{ numRuns: 300 }
		);
		unwire();
	});
});

describe('CLI flags', () => {
	it('any flag value gives a config or a UsageError that names the flag and what is allowed', () => {
		fc.assert(
			fc.property(fc.dictionary(fc.constantFrom(...CONFIG_FIELDS), hostileString, { maxKeys: 5 }), (flags) => {
				try {
					return consistent(configFromFlags(flags));
				} catch (e) {
					return e instanceof UsageError && /^invalid config: \w+ = .+: (must|unknown)/.test(e.message);
				}
			}),
			{ numRuns: 600 }
		);
	});
});

describe('sweep specs (src/lib/experiments/spec.ts)', () => {
	it('random and hostile specs give a valid spec or a SpecError naming where, never another error', () => {
		const value = fc.oneof(hostileString, fc.double(), fc.integer({ min: -5, max: 70 }), fc.constant(null), fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 4 }));
		const spec = fc.record(
			{
				name: fc.oneof(fc.string({ maxLength: 10 }), fc.integer()),
				base: fc.dictionary(fc.constantFrom(...CONFIG_FIELDS, '__proto__', 'bogus'), value, { maxKeys: 4 }),
				grid: fc.oneof(fc.dictionary(fc.constantFrom('lr', 'p', 'd', 'seed', 'p,nb_emb', 'bogus'), fc.oneof(fc.array(value, { maxLength: 4 }), value, fc.record({ logspace: fc.tuple(fc.double(), fc.double()), n: fc.integer({ min: -2, max: 20 }) }), fc.record({ pow2: fc.tuple(fc.integer({ min: -70, max: 70 }), fc.integer({ min: -70, max: 70 })) })), { maxKeys: 3 }), value),
				// (seeds up to 2000: a valid spec near LIMITS.runs takes ~25 s to plan, see docs/reliability.md)
				seeds: fc.oneof(fc.array(fc.integer({ min: -2, max: 10 }), { maxLength: 4 }), fc.record({ from: fc.integer({ min: -5, max: 5 }), to: fc.integer({ min: -5, max: 2000 }) }), value)
			},
			{ requiredKeys: [] }
		);
		let valid = 0;
		fc.assert(
			fc.property(spec, (s) => {
				try {
					parseSpec(s);
					valid++;
					return true;
				} catch (e) {
					return e instanceof SpecError && e.problems.length > 0 && e.problems.every((p) => p.path.length > 0 && p.message.length > 0);
				}
			}),
			{ numRuns: 500 }
		);
		fc.assert(
			fc.property(fc.string({ maxLength: 60 }), (t) => {
				try {
					parseSpecText(t);
					return true;
				} catch (e) {
					return e instanceof SpecError;
				}
			}),
			{ numRuns: 300 }
		);
		expect(valid).toBeGreaterThanOrEqual(0);
	});
});

describe('imported run files, beyond persist/format.test.ts', () => {
	const config = parseConfig({ epochs: 10, n: 64, batch: 32 });
	const good = () => ({ name: 'x', created: '', engine: 'ts', config, metrics: [{ epoch: 0, loss: 0.7, acc: 0.5, test_loss: 0.7, test_acc: 0.5 }], snapshots: [{ step: 0, epoch: 0, params: Array.from(initParams(config)) }] });
	it('structure bombs and hostile values are rejected with ImportError, quickly', () => {
		const deep = '['.repeat(100_000) + ']'.repeat(100_000);
		const t0 = performance.now();
		expect(() => importRun(deep)).toThrow(ImportError);
		const doc = JSON.parse(exportRun(good()));
		const cases: [string, (d: Record<string, any>) => void, RegExp][] = [
			['huge step', (d) => (d.snapshots[0].step = 1e15), /step 1000000000000000 is not in epoch 0/],
			['snapshots out of order', (d) => d.snapshots.unshift({ ...d.snapshots[0], step: 2, epoch: 1 }), /step order/],
			['adam of the wrong length', (d) => (d.snapshots[0].adam = { m: [1], v: [1], t: 1 }), /adam has 1 and 1 numbers/],
			['negative second moment', (d) => (d.snapshots[0].adam = { m: d.snapshots[0].params, v: d.snapshots[0].params.map(() => -1), t: 1 }), /must be ≥ 0/],
			['config with an unknown field', (d) => (d.config.evil = '<script>'), /config is invalid: evil/],
			['config as an array', (d) => (d.config = [1, 2]), /config/],
			['name too long', (d) => (d.name = 'x'.repeat(10_000)), /name/],
			['accuracy out of range', (d) => (d.metrics[0].acc = 2), /acc must be in \[0, 1\]/],
			['string numbers', (d) => (d.snapshots[0].params[0] = '1'), /params\.0/],
			['too many snapshots', (d) => (d.snapshots = new Array(5001).fill(d.snapshots[0])), /snapshots/]
		];
		for (const [what, mutate, re] of cases) {
			const d = structuredClone(doc);
			mutate(d);
			expect(() => importRun(JSON.stringify(d)), what).toThrow(re);
		}
		expect(performance.now() - t0).toBeLessThan(5000);
	});
	it('a storage-quota error is reported as a value, and nothing is stored', async () => {
		_resetForTests();
		const before = await listRuns();
		const proto = IDBObjectStore.prototype as unknown as { add: (...a: unknown[]) => unknown };
		const add = proto.add;
		proto.add = function () {
			throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
		};
		try {
			const r = await saveRun(importRun(exportRun(good())));
			expect(r.ok).toBe(false);
			expect((r as { message: string }).message).toMatch(/no storage space left .*quota exceeded/);
		} finally {
			proto.add = add;
		}
		const after = await listRuns();
		expect(after).toEqual(before);
		// No IndexedDB at all (private mode in some browsers): a message, not a throw.
		_resetForTests();
		const idb = globalThis.indexedDB;
		(globalThis as { indexedDB?: unknown }).indexedDB = undefined;
		try {
			const r = await listRuns();
			expect(r).toEqual({ ok: false, message: expect.stringMatching(/no IndexedDB/) });
		} finally {
			(globalThis as { indexedDB?: unknown }).indexedDB = idb;
			_resetForTests();
		}
	});
});
