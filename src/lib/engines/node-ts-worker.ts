/**
 * Node only: start a worker_thread on an entry module. A compiled entry (`.js`: the CLI built into
 * dist/cli/ by bin/build-cli.js) starts as it is. A TypeScript entry (`.ts`: tests, the CLI run from
 * source) first registers tsx's loader (a dependency) in the thread and then imports the entry;
 * `--import tsx` in execArgv is not honoured by worker_threads in node 20. Module names are variables
 * so that bundlers leave them alone.
 */
export async function startTsWorker(entry: string): Promise<import('node:worker_threads').Worker> {
	const [wt, mod, url, path] = ['node:worker_threads', 'node:module', 'node:url', 'node:path'];
	const { Worker: NodeWorker } = (await import(/* @vite-ignore */ wt)) as typeof import('node:worker_threads');
	if (!entry.endsWith('.ts')) return new NodeWorker(new URL(entry));
	const { createRequire } = (await import(/* @vite-ignore */ mod)) as typeof import('node:module');
	const { pathToFileURL } = (await import(/* @vite-ignore */ url)) as typeof import('node:url');
	const { dirname, join } = (await import(/* @vite-ignore */ path)) as typeof import('node:path');
	const tsxApi = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
	const boot = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
	return new NodeWorker(boot, { eval: true });
}
