#!/usr/bin/env node
// The `flatland` command: runs the TypeScript CLI in src/cli/ through tsx (a dependency), so that it
// works right after `npm install`, with no build step.
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';

register();
const main = new URL('../src/cli/main.ts', import.meta.url);
const { run } = await import(fileURLToPath(main));
process.exitCode = await run(process.argv.slice(2));
