import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULTS, parseConfig, parseConfigLenient } from '../../../src/lib/core/config';

describe('config validation', () => {
	it('fills defaults (the paper settings)', () => {
		const c = parseConfig({});
		expect(c).toMatchObject({ p: 2, L: 12, k: 5, d: 2, h: 32, nb_emb: 3, lr: 3e-3, batch: 32, n: 2048, epochs: 1000, norm: 'rms' });
		expect(c).toEqual(DEFAULTS);
	});
	it('names the field, the value and what is allowed', () => {
		expect(() => parseConfig({ p: 1 })).toThrow(/p = 1: must be at least 2/);
		expect(() => parseConfig({ lr: -1 })).toThrow(/lr = -1: must be greater than 0/);
		expect(() => parseConfig({ h: 2.5 })).toThrow(/h = 2.5: must be an integer/);
		expect(() => parseConfig({ norm: 'layer' })).toThrow(/norm = "layer": must be 'rms' or 'smooth'/);
		expect(() => parseConfig({ bogus: 1 })).toThrow(/bogus.*unknown field/);
	});
	it('enforces cross-field rules', () => {
		expect(() => parseConfig({ p: 4 })).toThrow(/nb_emb = 3: must be at least p = 4/);
		expect(() => parseConfig({ k: 13 })).toThrow(/k = 13: must be at most L = 12/);
		expect(() => parseConfig({ batch: 64, n: 32 })).toThrow(/batch = 64: must be at most n = 32/);
		expect(parseConfig({ p: 4, nb_emb: 4 }).p).toBe(4);
	});
	it('reports every problem at once', () => {
		try {
			parseConfig({ p: 0, d: 0 });
			expect.unreachable();
		} catch (e) {
			expect(e).toBeInstanceOf(ConfigError);
			expect((e as ConfigError).problems.map((p) => p.field).sort()).toEqual(['d', 'p']);
		}
	});
	it('rejects non-objects', () => {
		expect(() => parseConfig(null)).toThrow(ConfigError);
		expect(() => parseConfig([1])).toThrow(ConfigError);
	});
	it('lenient parsing keeps good fields and reports bad ones', () => {
		const { config, problems } = parseConfigLenient({ p: 3, seed: 'x', k: 99 });
		expect(config.p).toBe(3);
		expect(config.seed).toBe(0);
		expect(config.k).toBe(5);
		expect(problems.map((p) => p.field).sort()).toEqual(['k', 'seed']);
	});
});
