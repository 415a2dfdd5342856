#!/usr/bin/env node
// The `flatland` command. Runs the CLI compiled at install (dist/cli/, `npm run build:cli`, which
// `prepare` runs) so that it starts at once; falls back to the TypeScript sources in src/cli/ through
// tsx (a dependency) when that build is missing or older than its sources (see cli-entry.js).
// FLATLAND_CLI_WHY=1 says on stderr which one runs and why.
import { cliEntry } from './cli-entry.js';

const entry = cliEntry();
if (process.env.FLATLAND_CLI_WHY === '1') console.error(`flatland: running the ${entry.kind === 'compiled' ? 'compiled CLI (dist/cli/)' : `TypeScript sources: ${entry.why}`}`);
if (entry.kind === 'source') (await import('tsx/esm/api')).register();
const { run } = await import(entry.url);
process.exitCode = await run(process.argv.slice(2));
