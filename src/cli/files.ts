/**
 * The CLI's file system, in one place: every read and write names the path and what was wrong in
 * one line (a FileError, exit code 2), output paths are checked before any training starts, files
 * that are replaced are written to a temporary file beside them and renamed (an interruption never
 * leaves half a file), and files the user did not ask to be overwritten are not: an output path
 * that holds something else than what the command writes is refused.
 */
import { closeSync, existsSync, openSync, readFileSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { stripBom } from '../lib/persist/format';
import { UsageError } from './args';

/** A file that cannot be read or written: the CLI prints the message and exits with code 2. */
export class FileError extends UsageError {
	name = 'FileError';
}

/** What went wrong with a path, in words (from a node error code). */
export function explainFsError(e: unknown): string {
	const err = e as NodeJS.ErrnoException;
	switch (err?.code) {
		case 'ENOENT':
			return 'does not exist';
		case 'EISDIR':
			return 'is a directory, not a file';
		case 'ENOTDIR':
			return 'is not inside a directory (a part of the path is a file)';
		case 'EACCES':
		case 'EPERM':
			return 'permission denied';
		case 'ENOSPC':
			return 'no space left on the device';
		case 'EDQUOT':
			return 'disk quota exceeded';
		case 'EROFS':
			return 'is on a read-only file system';
		case 'EMFILE':
		case 'ENFILE':
			return 'too many open files';
		case 'ENAMETOOLONG':
			return 'the name is too long';
		case 'ELOOP':
			return 'has too many symbolic links';
		case 'EINVAL':
			return 'is not a valid path here';
		case 'EIO':
			return 'input/output error';
		case 'EBUSY':
			return 'is busy';
		default:
			return (err?.message ?? String(e)).split('\n')[0];
	}
}

/** A path for a message: shortened when very long. */
export function showPath(path: string): string {
	return path.length > 120 ? `${path.slice(0, 119)}…` : path;
}

/** `what` (e.g. "spec file") at `path` is wrong: `why`. */
export const fileError = (what: string, path: string, why: string) => new FileError(`${what} ${showPath(path)}: ${why}`);

/** The largest file the CLI reads (results files of a million runs stay below). */
export const MAX_READ = 1024 * 1024 * 1024;

/** A text file, whole, without a UTF-8 byte-order mark (as the page reads files). FileError when it cannot be read. */
export function readText(path: string, what: string): string {
	let st;
	try {
		st = statSync(path);
	} catch (e) {
		throw fileError(what, path, explainFsError(e));
	}
	if (st.isDirectory()) throw fileError(what, path, 'is a directory, not a file');
	if (!st.isFile()) throw fileError(what, path, 'is not a regular file');
	if (st.size > MAX_READ) throw fileError(what, path, `is too large (${(st.size / 2 ** 30).toFixed(1)} GiB)`);
	try {
		return stripBom(readFileSync(path, 'utf8'));
	} catch (e) {
		throw fileError(what, path, explainFsError(e));
	}
}

/** The same file (after symbolic links), for paths that exist. */
export function sameFile(a: string, b: string): boolean {
	try {
		return realpathSync(a) === realpathSync(b);
	} catch {
		return resolve(a) === resolve(b);
	}
}

/**
 * Check before any work that `path` can be written: not a directory, its directory exists and
 * takes a new file (tried: a temporary file is created and removed). Returns whether the file exists.
 * `accept`, given an existing file's text, says why it must not be replaced (or null when it may).
 */
export function checkWritable(path: string, what: string, accept?: (text: string) => string | null, opts: { devices?: boolean } = {}): boolean {
	if (!path) throw new FileError(`${what}: the path is empty`);
	let exists = false;
	try {
		const st = statSync(path);
		if (st.isDirectory()) throw fileError(what, path, 'is a directory; give a file name');
		// A stream (train --out /dev/stdout, a named pipe) is written as it is, never replaced.
		if (opts.devices && (st.isCharacterDevice() || st.isFIFO())) return true;
		if (!st.isFile()) throw fileError(what, path, 'is not a regular file');
		exists = true;
	} catch (e) {
		if (e instanceof FileError) throw e;
		const code = (e as NodeJS.ErrnoException).code;
		if (code !== 'ENOENT') throw fileError(what, path, explainFsError(e));
	}
	const dir = dirname(path);
	try {
		if (!statSync(dir).isDirectory()) throw fileError(what, path, `cannot be written: ${showPath(dir)} is not a directory`);
	} catch (e) {
		if (e instanceof FileError) throw e;
		throw fileError(what, path, `cannot be written: its directory ${showPath(dir)} ${explainFsError(e)}`);
	}
	const probe = tempName(path);
	try {
		closeSync(openSync(probe, 'wx'));
		unlinkSync(probe);
	} catch (e) {
		const code = (e as NodeJS.ErrnoException).code;
		throw fileError(what, path, `cannot be written: ${code === 'ENOENT' ? `${showPath(dir)} does not take new files` : explainFsError(e)}`);
	}
	if (exists) {
		try {
			closeSync(openSync(path, 'r+')); // opened for writing, nothing written
		} catch (e) {
			throw fileError(what, path, `cannot be written: ${explainFsError(e)}`);
		}
		if (accept) {
			const why = accept(readText(path, what));
			if (why) throw fileError(what, path, why);
		}
	}
	return exists;
}

function tempName(path: string): string {
	return join(dirname(path), `.${basename(path).slice(0, 100)}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`);
}

/** Replace `path` with `text`: written to a temporary file beside it, then renamed over it. */
export function writeAtomic(path: string, text: string | Uint8Array, what: string): void {
	const tmp = tempName(path);
	try {
		writeFileSync(tmp, text);
		renameSync(tmp, path);
	} catch (e) {
		try {
			if (existsSync(tmp)) unlinkSync(tmp);
		} catch {
			/* nothing more to do */
		}
		throw fileError(what, path, `could not be written: ${explainFsError(e)}`);
	}
}

/** A file written line by line (appended or replaced), every failure a FileError naming it. */
export class LineFile {
	private fd: number;
	constructor(
		readonly path: string,
		readonly what: string,
		flags: 'a' | 'w'
	) {
		try {
			this.fd = openSync(path, flags);
		} catch (e) {
			throw fileError(what, path, `cannot be written: ${explainFsError(e)}`);
		}
	}
	write(text: string): void {
		try {
			writeSync(this.fd, text);
		} catch (e) {
			throw fileError(this.what, this.path, `could not be written: ${explainFsError(e)}`);
		}
	}
	close(): void {
		try {
			closeSync(this.fd);
		} catch {
			/* already closed */
		}
	}
}
