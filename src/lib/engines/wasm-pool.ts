/**
 * A population spread over a pool of workers (Web Workers in the page, worker_threads in node), one
 * per core by default: each worker trains a contiguous share of the members in its own WebAssembly
 * instance (wasm-population.ts), and the results are put back in member order. A worker that dies or
 * stops answering (watchdog.ts) fails the calls in flight with WorkerCrashedError; the next init
 * starts a fresh one, so the sweep runner can train that population again.
 */
import type { Config } from '../core/config';
import type { EpochMetrics } from '../core/metrics';
import { layout } from '../core/params';
import { nodeWorkerLink, RpcClient, webWorkerLink, type WorkerLink } from './rpc';
import type { PoolHost } from './wasm-pool-host';
import type { PopulationEngine, PopulationInitOptions, PopulationMember, PopulationStepReport } from './types';
import { DEFAULT_WATCHDOG, type Watchdog } from './watchdog';

const isNode = typeof process !== 'undefined' && !!process.versions?.node && typeof (globalThis as { window?: unknown }).window === 'undefined';

/** Cores available to this page or process. */
export async function coreCount(): Promise<number> {
	if (isNode) {
		const osName = 'node:os';
		const os = (await import(/* @vite-ignore */ osName)) as typeof import('node:os');
		return os.availableParallelism?.() ?? os.cpus().length;
	}
	return Math.max(1, globalThis.navigator?.hardwareConcurrency ?? 1);
}

const WHO = 'a population worker';

/** Starts a worker (a parameter so that tests can stand in a fake one). */
export type SpawnPoolWorker = () => Promise<WorkerLink>;

async function spawn(): Promise<WorkerLink> {
	if (!isNode) return webWorkerLink(new Worker(new URL('./wasm-pool.worker.ts', import.meta.url), { type: 'module' }), WHO);
	// node: a worker_thread that runs the TypeScript entry through tsx. The entry name is a variable
	// so that bundlers leave it alone.
	const { startTsWorker } = await import('./node-ts-worker');
	const file = './wasm-pool-node.worker.ts';
	return nodeWorkerLink(await startTsWorker(new URL(file, import.meta.url).href), WHO);
}

type Lane = RpcClient<PoolHost>;

/** Split 0..R into `parts` contiguous shares of sizes differing by at most one. */
export function shares(R: number, parts: number): [number, number][] {
	const out: [number, number][] = [];
	for (let i = 0, from = 0; i < parts; i++) {
		const size = Math.floor(R / parts) + (i < R % parts ? 1 : 0);
		if (size > 0) out.push([from, from + size]);
		from += size;
	}
	return out;
}

export class WasmPoolPopulation implements PopulationEngine {
	private lanes: Lane[] = [];
	private parts: [number, number][] = [];
	private P = 0;

	/**
	 * workers: how many (default: one per core). watchdog: null for none; the default is
	 * DEFAULT_WATCHDOG in a page (a browser may kill a worker without an error event) and none in
	 * node, where a worker_thread's death always raises 'exit', and where sweeps often run under
	 * `nice` beside other work: a starved worker would look hung. spawn: for tests.
	 */
	constructor(
		readonly name: 'wasm' | 'wasm-scalar' = 'wasm',
		private readonly workers?: number,
		private readonly options: { spawn?: SpawnPoolWorker; watchdog?: Watchdog | null } = {}
	) {}

	async init(config: Config, members: PopulationMember[], options: PopulationInitOptions = {}): Promise<void> {
		if (members.length === 0) throw new RangeError('a population needs at least one member');
		const threads = Math.max(1, Math.min(members.length, this.workers ?? (await coreCount())));
		// A dead worker (crashed, or silenced by the watchdog) is replaced: the pool can be reused after a failure.
		if (this.lanes.length !== threads || this.lanes.some((l) => !l.alive)) {
			this.dispose();
			const { spawn: spawnWorker = spawn, watchdog = isNode ? null : DEFAULT_WATCHDOG } = this.options;
			this.lanes = await Promise.all(Array.from({ length: threads }, async () => new RpcClient<PoolHost>(await spawnWorker(), WHO, watchdog)));
		}
		for (const l of this.lanes) l.resetClock();
		this.parts = shares(members.length, threads);
		this.P = layout(config).total;
		await Promise.all(
			this.parts.map(([a, b], i) => {
				const params = options.params?.slice(a, b).map((p) => Float64Array.from(p));
				return this.lanes[i].call('init', [this.name, config, members.slice(a, b), { ...(params ? { params } : {}), evalEvery: options.evalEvery }]);
			})
		);
	}

	async step(n: number): Promise<PopulationStepReport> {
		const reports = await Promise.all(this.parts.map(([a, b], i) => this.lanes[i].call('step', [n], n * (b - a))));
		const epochs: EpochMetrics[][] = reports[0].epochs.map((_, e) => reports.flatMap((r) => r.epochs[e]));
		const diverged = reports.flatMap((r, i) => r.diverged.map((d) => ({ member: d.member + this.parts[i][0], step: d.step })));
		return { step: reports[0].step, epochs, diverged };
	}

	async params(): Promise<Float32Array> {
		const parts = await Promise.all(this.parts.map((_, i) => this.lanes[i].call('params', [])));
		const out = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
		let o = 0;
		for (const p of parts) {
			out.set(p, o);
			o += p.length;
		}
		return out;
	}

	async evaluate(): Promise<EpochMetrics[]> {
		const parts = await Promise.all(this.parts.map((_, i) => this.lanes[i].call('evaluate', [])));
		return parts.flat();
	}

	/** Parameters per member (the layout's total). */
	get paramCount(): number {
		return this.P;
	}

	dispose(): void {
		for (const l of this.lanes) l.terminate('was stopped with its pool');
		this.lanes = [];
	}
}

