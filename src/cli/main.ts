/** The flatland CLI: a table of commands, each in its own file. */
import { UsageError } from './args';
import { FileError } from './files';
import { claims, claimsHelp } from './claims';
import { merge, mergeHelp } from './merge';
import { parity, parityHelp } from './parity';
import { report, reportHelp } from './report';
import { sweep, sweepHelp } from './sweep';
import { train, trainHelp } from './train';

type Command = { run: (argv: string[]) => Promise<number>; summary: string; help: string };

export const commands: Record<string, Command> = {
	train: { run: train, summary: 'train one model, one JSON line per epoch', help: trainHelp },
	parity: { run: parity, summary: 'check an engine against a PyTorch parity fixture', help: parityHelp },
	sweep: { run: sweep, summary: 'run a sweep spec (grid × seeds), one JSON line per run; resumable, shardable', help: sweepHelp },
	merge: { run: merge, summary: 'join results files (shards), dropping duplicate runs', help: mergeHelp },
	report: { run: report, summary: 'figure (SVG, PNG) and markdown table of a results file', help: reportHelp },
	claims: { run: claims, summary: "check the article's claims about its chosen runs; --search finds their seeds", help: claimsHelp }
};

function usage(): string {
	return `flatland — train and inspect the d=2 sandbox transformer

Usage: flatland COMMAND [options]   (flatland COMMAND --help for details)

Commands:
${Object.entries(commands)
	.map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`)
	.join('\n')}`;
}

/** A message for the terminal: one line, every very long word cut (a 100 000-character flag value, a path). */
export function oneLine(text: string): string {
	const line = text.replace(/\s*\n\s*/g, ' ').replace(/\S{81,}/g, (w) => `${w.slice(0, 79)}…`);
	return line.length > 600 ? `${line.slice(0, 599)}…` : line;
}

/** What the user sees when a command fails: one line (never a stack trace), and the exit code. */
export function failure(name: string, e: unknown): { text: string; code: number } {
	if (e instanceof FileError) return { text: `flatland ${name}: ${oneLine(e.message)}`, code: 2 };
	if (e instanceof UsageError) return { text: `flatland ${name}: ${oneLine(e.message)} (see flatland ${name} --help)`, code: 2 };
	const err = e as Error | undefined;
	const what = oneLine(`${err?.name && err.name !== 'Error' ? `${err.name}: ` : ''}${err?.message ?? String(e)}`);
	const debug = process.env.FLATLAND_DEBUG === '1';
	return { text: `flatland ${name}: ${what} (an internal error${debug ? `; ${oneLine(err?.stack ?? '')}` : '; FLATLAND_DEBUG=1 says where'})`, code: 1 };
}

/**
 * Errors that escape a command (an event emitter's 'error', a rejected promise nobody awaits) end
 * the process the same way: one line, exit 1. Not installed in the test runner, which has its own.
 */
function guardProcess(name: string): () => void {
	if (process.env.VITEST) return () => {};
	const fatal = (e: unknown) => {
		process.stderr.write(`\n${failure(name, e).text}\n`);
		process.exit(1);
	};
	process.on('uncaughtException', fatal);
	process.on('unhandledRejection', fatal);
	return () => {
		process.off('uncaughtException', fatal);
		process.off('unhandledRejection', fatal);
	};
}

export async function run(argv: string[]): Promise<number> {
	const [name, ...rest] = argv;
	if (!name || name === '--help' || name === '-h' || name === 'help') {
		console.log(usage());
		return name ? 0 : 2;
	}
	const cmd = Object.prototype.hasOwnProperty.call(commands, name) ? commands[name] : undefined;
	if (!cmd) {
		console.error(`flatland: unknown command '${oneLine(name)}'\n\n${usage()}`);
		return 2;
	}
	const unguard = guardProcess(name);
	try {
		return await cmd.run(rest);
	} catch (e) {
		const f = failure(name, e);
		console.error(f.text);
		return f.code;
	} finally {
		unguard();
	}
}
