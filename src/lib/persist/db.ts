/**
 * Saved runs in IndexedDB (through `idb`), so a reader's runs survive a reload. Every call reports
 * failure as a value — a full disk (quota), private mode without IndexedDB — instead of throwing
 * into the page.
 */
import { openDB, type IDBPDatabase } from 'idb';
import { z } from 'zod';
import { MAX_EPOCHS, type SavedRun } from './format';

const DB = 'flatland';
const STORE = 'runs';

export interface StoredRun extends SavedRun {
	id: number;
}
export type Result<T> = { ok: true; value: T } | { ok: false; message: string };

let dbPromise: Promise<IDBPDatabase> | null = null;

function db(): Promise<IDBPDatabase> {
	if (typeof indexedDB === 'undefined') return Promise.reject(new Error('this browser offers no IndexedDB storage'));
	dbPromise ??= openDB(DB, 1, {
		upgrade(d) {
			d.createObjectStore(STORE, { keyPath: 'id', autoIncrement: true });
		}
	});
	return dbPromise;
}

function explain(e: unknown): string {
	const err = e as DOMException;
	if (err?.name === 'QuotaExceededError') return 'the browser has no storage space left for this run (quota exceeded); delete older runs or export this one to a file';
	return `could not use the browser's storage: ${err?.message ?? String(e)}`;
}

async function attempt<T>(f: () => Promise<T>): Promise<Result<T>> {
	try {
		return { ok: true, value: await f() };
	} catch (e) {
		return { ok: false, message: explain(e) };
	}
}

/** A saved run as the list shows it. */
export interface RunEntry {
	id: number;
	name: string;
	created: string;
	config: SavedRun['config'];
	epochs: number;
}

/** A stored record that cannot be listed (written by another version, or damaged), by its key and name. */
export interface BadRecord {
	id: IDBValidKey;
	name: string;
	problem: string;
}

/** What the list needs of a record; a record that lacks it is reported, not listed. */
const entrySchema = z.object({
	id: z.number(),
	name: z.string().max(200),
	created: z.string().max(64).catch(''),
	config: z.record(z.string(), z.unknown()),
	metrics: z.array(z.object({ epoch: z.number().int().nonnegative() }).loose()).max(MAX_EPOCHS + 1),
	snapshots: z.array(z.unknown()).min(1)
});

/** A record's name for a message, whatever it holds. */
function nameOf(r: unknown): string {
	const n = (r as { name?: unknown } | null)?.name;
	return typeof n === 'string' && n ? (n.length > 60 ? `${n.slice(0, 59)}…` : n) : '(no name)';
}

export const saveRun = (run: SavedRun) => attempt(async () => (await (await db()).add(STORE, run)) as number);

/** Every saved run that can be listed, and the records that cannot (each skipped on its own; the rest stay usable). */
export const listRuns = () =>
	attempt(async () => {
		const d = await db();
		const keys = await d.getAllKeys(STORE);
		const all = await d.getAll(STORE);
		const runs: RunEntry[] = [];
		const bad: BadRecord[] = [];
		all.forEach((rec: unknown, i) => {
			const r = entrySchema.safeParse(rec);
			if (!r.success) {
				const path = r.error.issues[0].path;
				let v: unknown = rec;
				for (const k of path) v = (v as Record<PropertyKey, unknown> | null | undefined)?.[k as PropertyKey];
				const where = path.join('.');
				const problem = !where ? 'is not a saved run' : v === undefined ? `has no ${where}` : `has a malformed ${where}`;
				return void bad.push({ id: keys[i], name: nameOf(rec), problem });
			}
			const { id, name, created, config, metrics } = r.data;
			runs.push({ id, name, created, config: config as SavedRun['config'], epochs: metrics.at(-1)?.epoch ?? 0 });
		});
		return { runs, bad };
	});
export const loadRun = (id: IDBValidKey) => attempt(async () => (await (await db()).get(STORE, id)) as StoredRun | undefined);
export const deleteRun = (id: IDBValidKey) => attempt(async () => (await db()).delete(STORE, id));

/** For tests: forget the open connection. */
export function _resetForTests(): void {
	dbPromise = null;
}
