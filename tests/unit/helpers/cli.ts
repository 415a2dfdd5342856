/** Running the CLI in the test process (tests/unit/cli/files.test.ts, tests/unit/property/cli.test.ts). */
import { vi } from 'vitest';
import { run } from '../../../src/cli/main';

/** Run a command in this process, capturing what it prints. */
export async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
	let out = '';
	let err = '';
	const spies = [
		vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true)),
		vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true)),
		vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void (out += a.join(' ') + '\n')),
		vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void (err += a.join(' ') + '\n'))
	];
	try {
		const code = await run(argv);
		return { code, out, err };
	} finally {
		for (const s of spies) s.mockRestore();
	}
}

/** A stack trace, or the head of one. */
export const STACK = /^\s+at .+(:\d+:\d+\)?|\(native\))$|\n\s+at [\w.<>]+ \(/m;

