// The sandbox transformer in float32, on linear memory: the entry point of the WebAssembly kernels
// (built twice by assembly/build.js: SIMD and scalar; test-hooks.ts adds the tests' extra exports).
// Every kernel is generic over the lane type T (vec.ts): lanes are sequences of one batch (or rows
// of the evaluation list), W = 4 of them per group in the SIMD build, 1 in the scalar one.
//
// One file per stage, in the order a step runs them:
//   memory.ts    the bump allocator and address helpers
//   shapes.ts    shapes, hyperparameters and the instance's scratch (setup)
//   header.ts    a model context: its header fields, parameters, Adam state, data (model_new)
//   norm.ts      the normalisation N(v) and its derivative
//   tables.ts    the (token, position) tables, and pointing the lanes at their rows
//   forward.ts   the forward pass of a group of lanes
//   backward.ts  its backward pass, the lane reduction and the tables' gradients
//   adam.ts      one Adam step
//   evaluate.ts  loss and accuracy on the train and test sets
//   loop.ts      a step on explicit rows, whole epochs, and the lane-type dispatch
//
// Memory: an instance has one set of shapes (setup) and scratch; each model (a "context": one
// single run, or one member of a population) has a header and its own parameters, Adam state,
// data and shuffle order. Nothing is allocated once training runs.
export { alloc } from './memory';
export { setup, param_count, grad_ptr, metrics_ptr, eval_ptr } from './shapes';
export {
	model_new,
	model_ready,
	H_NTRAIN,
	H_NTEST,
	H_NEVAL,
	H_SEED,
	H_STEP,
	H_ADAMT,
	H_DIVSTEP,
	H_DIVWHAT,
	H_ORDEREPOCH,
	H_LR,
	H_LRMLP,
	H_LASTLOSS,
	H_PARAMS,
	H_M,
	H_V,
	H_X,
	H_Y,
	H_EX,
	H_EY,
	H_ECTR,
	H_ECTE,
	H_ORDER,
	H_XB,
	H_EXB,
	H_EVALEVERY,
	H_EVALLAST
} from './header';
export { train_steps, step_rows, evaluate_model } from './loop';
