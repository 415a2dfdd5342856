/// <reference lib="webworker" />
// A Web Worker that runs the article's analyses (analyses.ts) off the page's thread.
import { ANALYSES, type AnalysisName } from './analyses';

const scope = self as unknown as DedicatedWorkerGlobalScope;
scope.onmessage = (e: MessageEvent<{ id: number; name: AnalysisName; args: unknown[] }>) => {
	const { id, name, args } = e.data;
	try {
		const result = (ANALYSES[name] as (...a: unknown[]) => unknown)(...args);
		scope.postMessage({ id, ok: true, result });
	} catch (err) {
		scope.postMessage({ id, ok: false, message: (err as Error).message });
	}
};
