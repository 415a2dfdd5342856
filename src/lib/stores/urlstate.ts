/**
 * A widget's whole state in its URL (or its element's attributes): config fields (by their names),
 * `epoch`, `hl` (highlighted probe sentence), `play` (autoplay, default 1) and `theme`. This is the
 * one door for them all — embed pages, /sandbox, custom elements and the article's `?epochs=` —
 * and every value goes through the zod schemas of core/config.ts. Bad values never break the
 * page: each is named, echoed shortened (core/config.ts `show`), and replaced by its default; the
 * list of problems is bounded.
 */
import { writable, type Readable } from 'svelte/store';
import { CONFIG_FIELDS, coerceField, cut, DEFAULTS, fieldSchemas, parseConfigLenient, show, viewSchemas, VIEW_FIELDS, type Config, type ConfigField, type Theme } from '../core/config';
import { makeProbes } from '../core/probes';

export interface UrlState {
	config: Config;
	epoch: number | null;
	highlight: number | null;
	autoplay: boolean;
	/** A forced colour scheme (null: the reader's). */
	theme: Theme | null;
	/** Human-readable problems, each naming its parameter (at most MAX_PROBLEMS, then a count). */
	problems: string[];
}

/** Problems listed one by one; the rest are counted in one more line. */
export const MAX_PROBLEMS = 10;

/** The names a widget's state may have (config fields, epoch, hl, play, theme). */
export const STATE_KEYS: string[] = [...CONFIG_FIELDS, ...VIEW_FIELDS];

/** A number parameter given as text ("12", " 3 "), as zod's number schemas expect it; other text stays text. */
const numberText = (raw: string): unknown => coerceField('epochs', raw);

/** Cut the problem list to MAX_PROBLEMS lines plus a count of the rest. */
export function bounded(problems: string[]): string[] {
	if (problems.length <= MAX_PROBLEMS) return problems;
	const rest = problems.length - (MAX_PROBLEMS - 1);
	return [...problems.slice(0, MAX_PROBLEMS - 1), `… and ${rest} more problems (each ignored or replaced by its default)`];
}

export function readState(search: string | URLSearchParams): UrlState {
	const q = typeof search === 'string' ? new URLSearchParams(search) : search;
	const raw: Record<string, unknown> = {};
	const problems: string[] = [];
	// Unknown names come last: a bad value of a real parameter matters more than a stray one.
	const strays: string[] = [];
	let unknown = 0;
	for (const [k, v] of q) {
		if ((CONFIG_FIELDS as string[]).includes(k)) raw[k] = coerceField(k as ConfigField, v);
		else if (!(VIEW_FIELDS as readonly string[]).includes(k) && unknown++ < MAX_PROBLEMS) strays.push(`${cut(k) || '(empty name)'}: unknown parameter, ignored`);
	}
	const { config, problems: bad } = parseConfigLenient(raw);
	for (const p of bad) problems.push(`${p.field} = ${show(p.value)}: ${p.message}; using ${p.field in DEFAULTS ? show(config[p.field as ConfigField]) : 'the default'}`);
	// The view's parameters: zod schemas too, their ranges given by the config (epoch ≤ epochs, hl < probes).
	const view = <T>(name: string, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { message: string }[] } } }, value: (raw: string) => unknown, fallback: string): T | null => {
		const given = q.get(name);
		if (given === null) return null;
		const r = schema.safeParse(value(given));
		if (r.success) return r.data;
		problems.push(`${name} = ${show(given)}: ${r.error.issues[0]?.message}; ${fallback}`);
		return null;
	};
	const epoch = view('epoch', viewSchemas.epoch(config.epochs), numberText, 'showing the live run');
	const highlight = view('hl', viewSchemas.hl(makeProbes(config).n), numberText, 'no sentence highlighted');
	const play = view('play', viewSchemas.play, (s) => s, 'playing');
	const theme = view('theme', viewSchemas.theme, (s) => s, "using the reader's colour scheme");
	problems.push(...strays);
	if (unknown > MAX_PROBLEMS) problems.push(`… and ${unknown - MAX_PROBLEMS} more unknown parameters, ignored`);
	return { config, epoch, highlight, autoplay: play === null || play === '1' || play === 'true', theme, problems: bounded(problems) };
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

/**
 * The HTML attribute of every state key (attributes are case-insensitive: `L` is `l`), derived from
 * the schema: the custom elements observe exactly these.
 */
export const ATTRIBUTES: { key: string; attribute: string }[] = STATE_KEYS.map((key) => ({ key, attribute: key.toLowerCase() }));

/**
 * A custom element's attributes (or any record of them) as the query of an embed URL, so that both
 * are read by readState (same validation, same messages). Only known names are taken, as own
 * properties; values are used as strings.
 */
export function queryFromAttributes(attrs: Record<string, unknown>): URLSearchParams {
	const q = new URLSearchParams();
	for (const { key, attribute } of ATTRIBUTES) {
		const name = Object.prototype.hasOwnProperty.call(attrs, key) ? key : Object.prototype.hasOwnProperty.call(attrs, attribute) ? attribute : null;
		if (name === null) continue;
		const v = attrs[name];
		if (v !== undefined && v !== null) q.set(key, String(v));
	}
	return q;
}

/** An element's attributes, by state key (see ATTRIBUTES). */
export function attributesOf(el: Pick<Element, 'getAttribute'>): Record<string, string> {
	const out: Record<string, string> = {};
	for (const { key, attribute } of ATTRIBUTES) {
		const v = el.getAttribute(attribute);
		if (v !== null) out[key] = v;
	}
	return out;
}

const articleProblems = writable<string[]>([]);
let articleRead: { values: Map<string, number>; search: string } | null = null;

/**
 * The article's URL parameters (`?epochs=N` shortens every live section's run; `theme`), through
 * the same schemas. Other parameters are not the article's and are left alone (links may carry
 * their own). Problems, once each, go to `articleUrlProblems`.
 */
function readArticle(): Map<string, number> {
	const search = typeof location === 'undefined' ? '' : location.search;
	if (articleRead && articleRead.search === search) return articleRead.values;
	const q = new URLSearchParams(search);
	const values = new Map<string, number>();
	const problems: string[] = [];
	for (const name of ['epochs'] as const) {
		const given = q.get(name);
		if (given === null) continue;
		const r = fieldSchemas[name].min(1, { error: 'must be at least 1 (the article’s runs train at least one epoch)' }).safeParse(coerceField(name, given));
		if (r.success) values.set(name, r.data);
		else problems.push(`${name} = ${show(coerceField(name, given))}: ${r.error.issues[0]?.message}; each section uses its own number of epochs`);
	}
	const theme = q.get('theme');
	if (theme !== null && !viewSchemas.theme.safeParse(theme).success) problems.push(`theme = ${show(theme)}: must be 'dark' or 'light'; using the reader's colour scheme`);
	articleRead = { values, search };
	articleProblems.set(bounded(problems));
	return values;
}

/** Problems with the article's URL parameters (for one notice at the top of the article). */
export const articleUrlProblems: Readable<string[]> = {
	subscribe(run, invalidate) {
		readArticle();
		return articleProblems.subscribe(run, invalidate);
	}
};

/** An article URL parameter (a config field), validated; `fallback` when absent or bad (and the problem is reported). */
export function articleParam(name: 'epochs', fallback: number): number {
	return readArticle().get(name) ?? fallback;
}
