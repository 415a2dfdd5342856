/** Flag parsing shared by the CLI commands: one flag per config field, named as the field. */
import { parseArgs } from 'node:util';
import { CONFIG_FIELDS, ConfigError, coerceField, parseConfig, type Config } from '../lib/core/config';

/** A usage error: the CLI prints it and exits with code 2. */
export class UsageError extends Error {
	name = 'UsageError';
}

export type Extra = Record<string, { type: 'string' | 'boolean'; short?: string }>;

export function parse(argv: string[], extra: Extra) {
	const options: Extra = { help: { type: 'boolean', short: 'h' }, ...extra };
	for (const f of CONFIG_FIELDS) options[f] = { type: 'string' };
	try {
		return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
	} catch (e) {
		throw new UsageError((e as Error).message);
	}
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
