/** Flag parsing shared by the CLI commands: --help everywhere; for train and parity, one flag per config field, named as the field. */
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;
import { CONFIG_FIELDS, ConfigError, coerceField, parseConfig, type Config } from '../lib/core/config';

/** A usage error: the CLI prints it and exits with code 2. */
export class UsageError extends Error {
	name = 'UsageError';
}

export type Extra = Record<string, { type: 'string' | 'boolean'; short?: string }>;

/** A command's flags (and --help, -h) and its positional arguments; an unknown or malformed flag is a UsageError. */
export function parseFlags<const O extends Options>(argv: string[], options: O) {
	try {
		return parseArgs({ args: argv, options: { help: { type: 'boolean', short: 'h' }, ...options } as O & { help: { type: 'boolean'; short: 'h' } }, allowPositionals: true, strict: true });
	} catch (e) {
		throw new UsageError((e as Error).message);
	}
}

/** The flags of a command that takes a config: `extra` and one string flag per config field. */
export function parse(argv: string[], extra: Extra) {
	const options: Extra = { ...extra };
	for (const f of CONFIG_FIELDS) options[f] = { type: 'string' };
	return parseFlags(argv, options);
}

/** The config from the parsed flags; a bad value throws UsageError naming the field. */
export function configFromFlags(values: Record<string, unknown>): Config {
	const partial: Record<string, unknown> = {};
	for (const f of CONFIG_FIELDS) if (typeof values[f] === 'string') partial[f] = coerceField(f, values[f] as string);
	try {
		return parseConfig(partial);
	} catch (e) {
		if (e instanceof ConfigError) throw new UsageError(`invalid config: ${e.message}`);
		throw e;
	}
}
