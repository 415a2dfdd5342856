/**
 * Saved runs in IndexedDB (through `idb`), so a reader's runs survive a reload. Every call reports
 * failure as a value — a full disk (quota), private mode without IndexedDB — instead of throwing
 * into the page.
 */
import { openDB, type IDBPDatabase } from 'idb';
import type { SavedRun } from './format';

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

export const saveRun = (run: SavedRun) => attempt(async () => (await (await db()).add(STORE, run)) as number);
export const listRuns = () =>
	attempt(async () => ((await (await db()).getAll(STORE)) as StoredRun[]).map(({ id, name, created, config, metrics }) => ({ id, name, created, config, epochs: metrics.at(-1)?.epoch ?? 0 })));
export const loadRun = (id: number) => attempt(async () => (await (await db()).get(STORE, id)) as StoredRun | undefined);
export const deleteRun = (id: number) => attempt(async () => (await db()).delete(STORE, id));

/** For tests: forget the open connection. */
export function _resetForTests(): void {
	dbPromise = null;
}
