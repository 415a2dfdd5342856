/** The flatland CLI: a table of commands, each in its own file. */
import { UsageError } from './args';
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

export async function run(argv: string[]): Promise<number> {
	const [name, ...rest] = argv;
	if (!name || name === '--help' || name === '-h' || name === 'help') {
		console.log(usage());
		return name ? 0 : 2;
	}
	const cmd = commands[name];
	if (!cmd) {
		console.error(`flatland: unknown command '${name}'\n\n${usage()}`);
		return 2;
	}
	try {
		return await cmd.run(rest);
	} catch (e) {
		if (e instanceof UsageError) {
			console.error(`flatland ${name}: ${e.message}\n(see flatland ${name} --help)`);
			return 2;
		}
		console.error(`flatland ${name}: ${(e as Error).stack ?? e}`);
		return 1;
	}
}
