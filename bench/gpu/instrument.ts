/**
 * Watches the WebGPU API from outside the engine, so that a figure that falls short on a real GPU
 * comes with what happened: every compute dispatch (entry point, workgroup size from the WGSL,
 * workgroup counts, its GPU time from timestamp queries where the adapter has them), every submit
 * (wall time until onSubmittedWorkDone), uncaptured errors and the device-lost reason.
 *
 * It patches the WebGPU classes' prototypes (the engine's code is not touched), so install it before
 * the first device is requested. One compute pass holds one dispatch in our engine; a pass with
 * several is recorded with its dispatches and the pass's time.
 */

import { describeAdapter, limitsOf, type AdapterReport } from './adapter';

export interface DispatchRecord {
	/** WGSL entry point of the pipeline. */
	entry: string;
	/** @workgroup_size of that entry point, as written in the shader. */
	workgroupSize: number[] | null;
	/** dispatchWorkgroups(x, y, z). */
	workgroups: [number, number, number];
	/** Index of the submit this dispatch went out in. */
	submit: number;
	/** GPU time of its compute pass (timestamp queries), ms; null without timestamps. */
	gpuMs: number | null;
}

export interface SubmitRecord {
	index: number;
	dispatches: number;
	/** ms from queue.submit() until onSubmittedWorkDone() resolved. */
	wallMs: number | null;
	/** The part of wallMs when the queue was not still busy with earlier submits, ms. */
	busyMs: number | null;
}

interface PassState {
	enc: EncoderState | undefined;
	pipeline?: GPUComputePipeline;
	records: DispatchRecord[];
	query?: { set: GPUQuerySet; index: number };
}

interface EncoderState {
	device: GPUDevice;
	querySet?: GPUQuerySet;
	used: number;
	/** Records of timestamped passes, in query order (pair k at 2k, 2k+1). */
	timed: DispatchRecord[][];
	records: DispatchRecord[];
}

interface BufferState {
	records: DispatchRecord[];
	timed: DispatchRecord[][];
	readback?: GPUBuffer;
	/** Where the timestamps are resolved before the copy to `readback`; destroyed once submitted. */
	resolve?: GPUBuffer;
	querySet?: GPUQuerySet;
}
const QUERY_PAIRS = 256; // timestamped passes per command encoder; later ones go untimed

/** What has been seen so far; `mark()` and `since()` cut out one measurement. */
export class GpuRecorder {
	adapter: AdapterReport | undefined;
	/** Whether the device was created with 'timestamp-query' (per-dispatch GPU times). */
	timestamps = false;
	/** Limits of the device the engine got (what it asked for, up to the adapter's). */
	deviceLimits: Record<string, number> | undefined;
	deviceLost: { reason: string; message: string } | undefined;
	errors: string[] = [];
	readonly dispatches: DispatchRecord[] = [];
	readonly submits: SubmitRecord[] = [];
	private pending = new Set<Promise<unknown>>();

	mark(): { d: number; s: number } {
		return { d: this.dispatches.length, s: this.submits.length };
	}

	/** Wait until every submit so far has reported its times. */
	async settle(): Promise<void> {
		while (this.pending.size) await Promise.allSettled([...this.pending]);
	}

	/** Records since a mark (call settle() first for complete times). */
	since(m: { d: number; s: number }): { dispatches: DispatchRecord[]; submits: SubmitRecord[] } {
		return { dispatches: this.dispatches.slice(m.d), submits: this.submits.slice(m.s) };
	}

	track(p: Promise<unknown>): void {
		this.pending.add(p);
		p.finally(() => this.pending.delete(p));
	}
}

/**
 * Patch the WebGPU classes (globalThis.GPUAdapter, GPUDevice, ...) to record into a recorder.
 * `timestamps`: ask for 'timestamp-query' where the adapter has it.
 */
export function instrumentWebGPU(opts: { timestamps: boolean }): GpuRecorder {
	const rec = new GpuRecorder();
	const g = globalThis as unknown as Record<string, { prototype: Record<string, unknown> }>;
	for (const name of ['GPUAdapter', 'GPUDevice', 'GPUCommandEncoder', 'GPUComputePassEncoder', 'GPUQueue'])
		if (!g[name]) throw new Error(`instrumentWebGPU: ${name} is not defined (install WebGPU first)`);
	const patch = <T>(cls: string, method: string, wrap: (orig: (...a: unknown[]) => unknown) => (this: T, ...a: never[]) => unknown) => {
		const proto = g[cls].prototype;
		const orig = proto[method] as (...a: unknown[]) => unknown;
		proto[method] = wrap(orig);
	};

	const shaderEntries = new WeakMap<GPUShaderModule, Map<string, number[]>>();
	const pipelineInfo = new WeakMap<GPUComputePipeline, { entry: string; size: number[] | null }>();
	const encoders = new WeakMap<GPUCommandEncoder, EncoderState>();
	const passes = new WeakMap<GPUComputePassEncoder, PassState>();
	const buffers = new WeakMap<GPUCommandBuffer, BufferState>();
	let lastDone = 0;

	patch<GPUAdapter>('GPUAdapter', 'requestDevice', (orig) =>
		async function (this: GPUAdapter, desc?: GPUDeviceDescriptor) {
			rec.adapter = describeAdapter(this);
			const features = new Set<GPUFeatureName>([...(desc?.requiredFeatures ?? [])]);
			if (opts.timestamps && this.features.has('timestamp-query')) features.add('timestamp-query');
			const device = (await orig.call(this, { ...desc, requiredFeatures: [...features] })) as GPUDevice;
			rec.timestamps = device.features.has('timestamp-query');
			rec.deviceLimits = limitsOf(device.limits);
			device.lost.then((info) => (rec.deviceLost ??= { reason: String(info.reason), message: info.message }));
			device.addEventListener?.('uncapturederror', (e) => rec.errors.push((e as GPUUncapturedErrorEvent).error.message));
			return device;
		}
	);

	patch<GPUDevice>('GPUDevice', 'createShaderModule', (orig) =>
		function (this: GPUDevice, desc: GPUShaderModuleDescriptor) {
			const module = orig.call(this, desc) as GPUShaderModule;
			shaderEntries.set(module, workgroupSizes(desc.code));
			return module;
		}
	);
	const remember = (pipeline: GPUComputePipeline, desc: GPUComputePipelineDescriptor) => {
		const sizes = shaderEntries.get(desc.compute.module);
		const entry = desc.compute.entryPoint ?? (sizes && sizes.size === 1 ? [...sizes.keys()][0] : '?');
		pipelineInfo.set(pipeline, { entry, size: sizes?.get(entry) ?? null });
		return pipeline;
	};
	patch<GPUDevice>('GPUDevice', 'createComputePipeline', (orig) =>
		function (this: GPUDevice, desc: GPUComputePipelineDescriptor) {
			return remember(orig.call(this, desc) as GPUComputePipeline, desc);
		}
	);
	patch<GPUDevice>('GPUDevice', 'createComputePipelineAsync', (orig) =>
		async function (this: GPUDevice, desc: GPUComputePipelineDescriptor) {
			return remember((await orig.call(this, desc)) as GPUComputePipeline, desc);
		}
	);
	patch<GPUDevice>('GPUDevice', 'createCommandEncoder', (orig) =>
		function (this: GPUDevice, desc?: GPUCommandEncoderDescriptor) {
			const enc = orig.call(this, desc) as GPUCommandEncoder;
			encoders.set(enc, { device: this, used: 0, timed: [], records: [] });
			return enc;
		}
	);
	patch<GPUCommandEncoder>('GPUCommandEncoder', 'beginComputePass', (orig) =>
		function (this: GPUCommandEncoder, desc?: GPUComputePassDescriptor) {
			const st = encoders.get(this);
			let d = desc;
			let query: PassState['query'];
			if (st && rec.timestamps && !desc?.timestampWrites && st.used < QUERY_PAIRS) {
				st.querySet ??= st.device.createQuerySet({ type: 'timestamp', count: 2 * QUERY_PAIRS });
				query = { set: st.querySet, index: st.used++ };
				d = { ...desc, timestampWrites: { querySet: query.set, beginningOfPassWriteIndex: 2 * query.index, endOfPassWriteIndex: 2 * query.index + 1 } };
			}
			const pass = orig.call(this, d) as GPUComputePassEncoder;
			const ps: PassState = { enc: st, records: [], query };
			passes.set(pass, ps);
			if (st && query) st.timed.push(ps.records);
			return pass;
		}
	);
	patch<GPUComputePassEncoder>('GPUComputePassEncoder', 'setPipeline', (orig) =>
		function (this: GPUComputePassEncoder, pipeline: GPUComputePipeline) {
			const ps = passes.get(this);
			if (ps) ps.pipeline = pipeline;
			return orig.call(this, pipeline);
		}
	);
	patch<GPUComputePassEncoder>('GPUComputePassEncoder', 'dispatchWorkgroups', (orig) =>
		function (this: GPUComputePassEncoder, x: number, y = 1, z = 1) {
			const ps = passes.get(this);
			if (ps) {
				const info = ps.pipeline ? pipelineInfo.get(ps.pipeline) : undefined;
				const r: DispatchRecord = { entry: info?.entry ?? '?', workgroupSize: info?.size ?? null, workgroups: [x, y, z], submit: -1, gpuMs: null };
				ps.records.push(r);
				ps.enc?.records.push(r);
			}
			return orig.call(this, x, y, z);
		}
	);
	patch<GPUCommandEncoder>('GPUCommandEncoder', 'finish', (orig) =>
		function (this: GPUCommandEncoder, desc?: GPUCommandBufferDescriptor) {
			const st = encoders.get(this);
			let bs: BufferState | undefined;
			if (st) {
				bs = { records: st.records, timed: st.timed };
				if (st.querySet && st.used) {
					const bytes = 16 * st.used;
					const resolve = st.device.createBuffer({ size: bytes, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC });
					bs.readback = st.device.createBuffer({ size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
					bs.resolve = resolve;
					bs.querySet = st.querySet;
					this.resolveQuerySet(st.querySet, 0, 2 * st.used, resolve, 0);
					this.copyBufferToBuffer(resolve, 0, bs.readback, 0, bytes);
				}
			}
			const cb = orig.call(this, desc) as GPUCommandBuffer;
			if (bs) buffers.set(cb, bs);
			return cb;
		}
	);
	patch<GPUQueue>('GPUQueue', 'submit', (orig) =>
		function (this: GPUQueue, cbs: GPUCommandBuffer[]) {
			const out = orig.call(this, cbs);
			const t0 = performance.now();
			const states = [...cbs].map((cb) => buffers.get(cb)).filter((s): s is BufferState => !!s);
			// Submitted work keeps what it uses alive: the resolve buffer can go now.
			for (const s of states) s.resolve?.destroy();
			const count = states.reduce((a, s) => a + s.records.length, 0);
			if (!count) return out; // copies and reads: not worth a record each
			const sub: SubmitRecord = { index: rec.submits.length, dispatches: count, wallMs: null, busyMs: null };
			rec.submits.push(sub);
			for (const s of states) for (const r of s.records) (r.submit = sub.index), rec.dispatches.push(r);
			const done = this.onSubmittedWorkDone().then(() => {
				const t1 = performance.now();
				sub.wallMs = t1 - t0;
				sub.busyMs = t1 - Math.max(t0, lastDone);
				lastDone = t1;
			});
			rec.track(done.catch(() => undefined));
			for (const s of states) if (s.readback) rec.track(readTimes(s));
			return out;
		}
	);
	return rec;
}

async function readTimes(s: BufferState): Promise<void> {
	const rb = s.readback!;
	try {
		await rb.mapAsync(GPUMapMode.READ);
		const t = new BigUint64Array(rb.getMappedRange().slice(0));
		rb.unmap();
		s.timed.forEach((records, k) => {
			const ns = Number(t[2 * k + 1] - t[2 * k]);
			// A pass with several dispatches gets the pass's time on each (the summary says so).
			const ms = t[2 * k] > 0n && t[2 * k + 1] >= t[2 * k] ? ns / 1e6 : null;
			for (const r of records) r.gpuMs = ms;
		});
	} catch {
		/* device lost or destroyed mid-read: the times stay null, the loss is recorded elsewhere */
	} finally {
		rb.destroy();
		s.querySet?.destroy();
	}
}

/** `@compute @workgroup_size(x[, y[, z]]) fn name` → name → [x, y, z] (literal sizes only). */
export function workgroupSizes(code: string): Map<string, number[]> {
	const out = new Map<string, number[]>();
	const re = /@compute\s+@workgroup_size\(([^)]*)\)\s*fn\s+(\w+)/g;
	for (const m of code.matchAll(re)) {
		const dims = m[1].split(',').map((s) => Number(s.trim()));
		if (dims.every(Number.isFinite)) out.set(m[2], [...dims, 1, 1].slice(0, 3));
	}
	return out;
}

/** Per entry point: dispatches, workgroup size and counts seen, GPU ms total / mean / max. */
export function summarizeDispatches(records: DispatchRecord[]): Record<string, { count: number; workgroupSize: number[] | null; workgroups: string[]; gpuMsTotal: number | null; gpuMsMean: number | null; gpuMsMax: number | null }> {
	const out: ReturnType<typeof summarizeDispatches> = {};
	for (const r of records) {
		const s = (out[r.entry] ??= { count: 0, workgroupSize: r.workgroupSize, workgroups: [], gpuMsTotal: null, gpuMsMean: null, gpuMsMax: null });
		s.count++;
		const wg = r.workgroups.join('×');
		if (!s.workgroups.includes(wg)) s.workgroups.push(wg);
		if (r.gpuMs !== null) {
			s.gpuMsTotal = (s.gpuMsTotal ?? 0) + r.gpuMs;
			s.gpuMsMax = Math.max(s.gpuMsMax ?? 0, r.gpuMs);
		}
	}
	for (const [entry, s] of Object.entries(out)) {
		const timed = records.filter((r) => r.entry === entry && r.gpuMs !== null).length;
		if (s.gpuMsTotal !== null) s.gpuMsMean = s.gpuMsTotal / timed;
	}
	return out;
}
