/** Hostile and random values thrown at the config schema: it returns a valid config or a ConfigError, nothing else. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coerceField, CONFIG_FIELDS, ConfigError, parseConfig, parseConfigLenient } from '../../../src/lib/core/config';

const hostile = fc.oneof(
	fc.anything(),
	fc.constantFrom(NaN, Infinity, -Infinity, -0, 1e308, -1, 2 ** 53, '', ' ', '1e3', '0x10', 'rms', '__proto__', null, undefined, [], {}, () => 1)
);

function valid(c: ReturnType<typeof parseConfig>): boolean {
	return c.nb_emb >= c.p && c.k <= c.L && c.batch <= c.n && Object.values(c).every((v) => typeof v === 'string' || Number.isFinite(v));
}

describe('config schema under random and hostile input', () => {
	it('parseConfig returns a consistent config or throws ConfigError naming real fields', () => {
		fc.assert(
			fc.property(fc.dictionary(fc.constantFrom(...CONFIG_FIELDS, 'bogus', 'constructor'), hostile, { maxKeys: 6 }), (input) => {
				try {
					return valid(parseConfig(input));
				} catch (e) {
					if (!(e instanceof ConfigError)) return false;
					return e.problems.length > 0 && e.problems.every((p) => p.message.length > 0 && p.field.length > 0);
				}
			}),
			{ numRuns: 1000 }
		);
	});
	it('lenient parsing always yields a consistent config and reports every rejected field', () => {
		fc.assert(
			fc.property(fc.dictionary(fc.constantFrom(...CONFIG_FIELDS), hostile, { maxKeys: 8 }), (input) => {
				const { config, problems } = parseConfigLenient(input);
				for (const p of problems) expect(Object.keys(input)).toContain(p.field);
				return valid(config);
			}),
			{ numRuns: 1000 }
		);
	});
	it('string values from flags, URLs and attributes coerce safely', () => {
		fc.assert(
			fc.property(fc.constantFrom(...CONFIG_FIELDS), fc.string({ maxLength: 12 }), (field, raw) => {
				try {
					return valid(parseConfig({ [field]: coerceField(field, raw) }));
				} catch (e) {
					// The field itself, or the partner of a cross-field rule (p = 4 clashes with nb_emb = 3).
					return e instanceof ConfigError && e.problems.length > 0 && e.problems.every((p) => (CONFIG_FIELDS as string[]).includes(p.field));
				}
			}),
			{ numRuns: 1000 }
		);
	});
});

describe('lenient parsing: a clash with a default', () => {
	it('names the field that was given, keeps the default it clashes with, and says what to do', () => {
		const { config, problems } = parseConfigLenient({ p: 5, seed: 3 });
		expect(config.p).toBe(2);
		expect(config.seed).toBe(3);
		expect(problems).toEqual([{ field: 'p', value: 5, message: 'clashes with nb_emb = 3 (its default; nb_emb must be at least p = 5 (integer from p to 32)); give nb_emb too' }]);
		expect(parseConfigLenient({ p: 5, nb_emb: 5 }).problems).toEqual([]);
		expect(parseConfigLenient({ L: 3 }).problems[0].field).toBe('L');
		expect(parseConfigLenient({ n: 8 }).problems[0].field).toBe('n');
	});
});
