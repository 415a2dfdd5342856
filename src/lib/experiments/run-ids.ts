/**
 * Run ids: a run's stable name, a hash of what determines it (kind, full config with seed, and for a
 * fine-tuning run the pretraining config and the spare-row mode), so that results files can be
 * resumed, sharded and merged.
 */
import { CONFIG_FIELDS, type Config } from '../core/config';
import type { RunKind } from './spec';
import type { SpareRow } from './spec-schema';

/** cyrb53: a fast 53-bit string hash (public domain); enough to name runs without collisions in practice. */
export function hash53(str: string, seed = 0): number {
	let h1 = 0xdeadbeef ^ seed,
		h2 = 0x41c6ce57 ^ seed;
	for (let i = 0; i < str.length; i++) {
		const ch = str.charCodeAt(i);
		h1 = Math.imul(h1 ^ ch, 2654435761);
		h2 = Math.imul(h2 ^ ch, 1597334677);
	}
	h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
	h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
	return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** The config as canonical JSON: fields in CONFIG_FIELDS order. */
export function canonicalConfig(c: Config): string {
	return JSON.stringify(CONFIG_FIELDS.map((f) => [f, c[f]]));
}

/**
 * The stable id of a run: a hash of its kind, its full config (seed included) and, when fine-tuned,
 * its pretraining config and spare-row mode.
 */
export function runId(kind: RunKind, config: Config, pretrain?: Config, spare?: SpareRow): string {
	return idOfKey(runKey(kind, config, pretrain, spare));
}

function runKey(kind: RunKind, config: Config, pretrain?: Config, spare?: SpareRow): string {
	// A plain run and a from-scratch transfer run with the same config are the same computation: same id.
	const k = kind === 'scratch' ? 'train' : kind;
	// `keep` is what every fine-tuning run did before the option existed: its ids stay as they were,
	// so older results files resume; `fresh` is a different computation with its own id.
	const mode = spare === 'fresh' ? '|spare|fresh' : '';
	return `${k}|${canonicalConfig(config)}${pretrain ? `|from|${canonicalConfig(pretrain)}${mode}` : ''}`;
}

function idOfKey(key: string): string {
	return hash53(key).toString(16).padStart(14, '0');
}

/**
 * runId of one config for many seeds: the key is built once around a placeholder and each seed
 * spliced in (the same string runKey makes, so the same ids).
 */
export function seededIds(kind: RunKind, config: Config): (seed: number) => string {
	// A string no number serialises to: the seed's place in the key.
	const PLACE = '#seed#';
	const [before, after] = runKey(kind, { ...config, seed: PLACE as unknown as number }).split(JSON.stringify(PLACE));
	return (seed) => idOfKey(before + JSON.stringify(seed) + after);
}

