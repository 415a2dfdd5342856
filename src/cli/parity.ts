/** `flatland parity FILE`: run an engine on a parity fixture and print the per-tensor errors. */
import { createNodeEngine } from './engine';
import { basename } from 'node:path';
import { FixtureError, GRAD_TOL, TRAJ_TOL, loadFixture } from '../lib/core/fixture';
import { ENGINE_NAMES } from '../lib/engines/index';
import type { EngineName } from '../lib/engines/types';
import { runParity } from '../lib/engines/parity';
import { UsageError, parse } from './args';
import { show } from '../lib/core/config';
import { FileError, readText } from './files';

export const parityHelp = `Usage: flatland parity FILE [--engine NAME]

Loads a parity fixture (the format of tests/fixtures/*.json, any config values), runs the engine
on its batch and its Adam trajectory, and prints one JSON line with the relative error of every
tensor. Exit code 0 when every gradient is within ${GRAD_TOL} (relative, per tensor) and the
trajectory within ${TRAJ_TOL}; 1 when not; 2 for a malformed file or bad flag.
Engines: ${ENGINE_NAMES.join(', ')} (default ts).`;

export async function parity(argv: string[]): Promise<number> {
	const { values, positionals } = parse(argv, { engine: { type: 'string' } });
	if (values.help) {
		console.log(parityHelp);
		return 0;
	}
	if (positionals.length !== 1) throw new UsageError('parity needs exactly one FILE');
	const engineName = (values.engine as string | undefined) ?? 'ts';
	if (!ENGINE_NAMES.includes(engineName as EngineName)) throw new UsageError(`--engine = ${show(engineName)}: must be one of ${ENGINE_NAMES.join(', ')}`);
	const file = positionals[0];
	const text = readText(file, 'fixture');
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch (e) {
		throw new FileError(`fixture ${file}: is not valid JSON (${(e as Error).message})`);
	}
	let fx;
	try {
		fx = loadFixture(json, basename(file).replace(/\.json$/, ''));
	} catch (e) {
		if (e instanceof FixtureError) throw new FileError(`fixture ${file}: ${e.message}`);
		throw e;
	}
	const engine = await createNodeEngine(engineName as EngineName);
	try {
		const report = await runParity(engine, fx);
		console.log(JSON.stringify(report));
		return report.pass ? 0 : 1;
	} finally {
		engine.dispose();
	}
}
