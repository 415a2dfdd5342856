/** What the GPU bench reports of an adapter: its info, whether it is a software rasteriser, its limits and features. */

export interface AdapterReport {
	vendor: string;
	architecture: string;
	device: string;
	description: string;
	isFallbackAdapter: boolean | null;
	software: boolean;
	features: string[];
	limits: Record<string, number>;
}

/** A description of an adapter: its info, whether it is a software rasteriser, its limits and features. */
export function describeAdapter(adapter: GPUAdapter): AdapterReport {
	const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
	const limits = limitsOf(adapter.limits);
	const text = `${info.vendor} ${info.architecture} ${info.device} ${info.description}`;
	return {
		vendor: info.vendor,
		architecture: info.architecture,
		device: info.device,
		description: info.description,
		isFallbackAdapter: info.isFallbackAdapter ?? null,
		software: info.isFallbackAdapter === true || /swiftshader|llvmpipe|lavapipe|software|microsoft basic/i.test(text),
		features: [...adapter.features].sort(),
		limits
	};
}

export function limitsOf(l: GPUSupportedLimits): Record<string, number> {
	const out: Record<string, number> = {};
	for (const k in l) out[k] = Number((l as unknown as Record<string, number>)[k]);
	return out;
}
