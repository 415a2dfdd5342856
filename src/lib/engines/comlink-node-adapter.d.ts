// Comlink ships the types of its node adapter (node-adapter.mjs) beside its UMD build only.
declare module 'comlink/dist/esm/node-adapter.mjs' {
	import nodeEndpoint from 'comlink/dist/umd/node-adapter';
	export default nodeEndpoint;
}
