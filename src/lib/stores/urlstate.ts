/**
 * A widget's whole state in its URL: config fields (by their names), `epoch`, `hl` (highlighted
 * probe sentence) and `play` (autoplay, default 1). Bad values never break the page: each is
 * reported with its field's name and falls back to its default.
 */
import { CONFIG_FIELDS, coerceField, DEFAULTS, parseConfigLenient, type Config, type ConfigField } from '../core/config';
import { makeProbes } from '../core/probes';

export interface UrlState {
	config: Config;
	epoch: number | null;
	highlight: number | null;
	autoplay: boolean;
	/** Human-readable problems, each naming its field. */
	problems: string[];
}

const EXTRA = ['epoch', 'hl', 'play', 'theme'];

export function readState(search: string | URLSearchParams): UrlState {
	const q = typeof search === 'string' ? new URLSearchParams(search) : search;
	const raw: Record<string, unknown> = {};
	const problems: string[] = [];
	for (const [k, v] of q) {
		if ((CONFIG_FIELDS as string[]).includes(k)) raw[k] = coerceField(k as ConfigField, v);
		else if (!EXTRA.includes(k)) problems.push(`${k}: unknown parameter, ignored`);
	}
	const { config, problems: bad } = parseConfigLenient(raw);
	for (const p of bad) problems.push(`${p.field} = ${JSON.stringify(p.value)}: ${p.message}; using ${p.field in DEFAULTS ? JSON.stringify(config[p.field as ConfigField]) : 'the default'}`);
	let epoch: number | null = null;
	const e = q.get('epoch');
	if (e !== null) {
		const n = Number(e);
		if (e.trim() !== '' && Number.isInteger(n) && n >= 0 && n <= config.epochs) epoch = n;
		else problems.push(`epoch = ${JSON.stringify(e)}: must be an integer from 0 to ${config.epochs}; showing the live run`);
	}
	let highlight: number | null = null;
	const h = q.get('hl');
	if (h !== null) {
		const count = makeProbes(config).n;
		const n = Number(h);
		if (h.trim() !== '' && Number.isInteger(n) && n >= 0 && n < count) highlight = n;
		else problems.push(`hl = ${JSON.stringify(h)}: must be a probe sentence index from 0 to ${count - 1}; no sentence highlighted`);
	}
	const play = q.get('play');
	let autoplay = true;
	if (play !== null) {
		if (play === '0' || play === 'false') autoplay = false;
		else if (!(play === '1' || play === 'true')) problems.push(`play = ${JSON.stringify(play)}: must be 0 or 1; playing`);
	}
	return { config, epoch, highlight, autoplay, problems };
}

/** The query string of a state: only fields that differ from the defaults. */
export function writeState(s: { config: Partial<Config>; epoch?: number | null; highlight?: number | null; autoplay?: boolean }): string {
	const q = new URLSearchParams();
	for (const f of CONFIG_FIELDS) {
		const v = s.config[f];
		if (v !== undefined && v !== DEFAULTS[f]) q.set(f, String(v));
	}
	if (s.epoch !== null && s.epoch !== undefined) q.set('epoch', String(s.epoch));
	if (s.highlight !== null && s.highlight !== undefined) q.set('hl', String(s.highlight));
	if (s.autoplay === false) q.set('play', '0');
	const str = q.toString();
	return str ? `?${str}` : '';
}

/** The names a widget's state may have (config fields, epoch, hl, play, theme). */
export const STATE_KEYS: string[] = [...CONFIG_FIELDS, ...EXTRA];

/**
 * A custom element's attributes as the query of an embed URL, so that both are read by readState
 * (same validation, same messages). Only known names are taken; values are used as strings.
 */
export function queryFromAttributes(attrs: Record<string, unknown>): URLSearchParams {
	const q = new URLSearchParams();
	for (const f of STATE_KEYS) {
		if (f === 'theme' || !Object.prototype.hasOwnProperty.call(attrs, f)) continue;
		const v = attrs[f];
		if (v !== undefined && v !== null) q.set(f, String(v));
	}
	return q;
}
