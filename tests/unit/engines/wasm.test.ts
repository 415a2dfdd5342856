/**
 * The WebAssembly engine against the TypeScript reference on whole runs: same batches, same metrics
 * (to float32 rounding) for the same seed (the shuffle itself: assembly/rng.test.ts); divergence,
 * resume and the evaluation's de-duplication.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/lib/core/config';
import { makeDataset } from '../../../src/lib/core/data';
import { DivergenceError } from '../../../src/lib/core/metrics';
import { Model } from '../../../src/lib/core/model';
import { initParams, layout } from '../../../src/lib/core/params';
import { Trainer } from '../../../src/lib/core/trainer';
import { createEngine } from '../../../src/lib/engines/index';
import { TsEngine } from '../../../src/lib/engines/ts';
import { WasmEngine } from '../../../src/lib/engines/wasm';
import { evalList } from '../../../src/lib/engines/wasm-kernel';

const relErr = (a: ArrayLike<number>, b: ArrayLike<number>) => {
	let num = 0, den = 0;
	for (let i = 0; i < b.length; i++) {
		num += (a[i] - b[i]) ** 2;
		den += b[i] ** 2;
	}
	return Math.sqrt(num / den);
};

describe.each(['wasm', 'wasm-scalar'] as const)('%s: whole runs', (name) => {
	it('trains the same run as the TypeScript Trainer (same seed, 3 epochs, last batch smaller)', async () => {
		// n = 200, batch 32: 7 steps per epoch, the last of 8 rows.
		const cfg = parseConfig({ n: 200, seed: 3, lr: 0.01 });
		const ref = new Trainer(cfg);
		const want = ref.run(3 * 7 + 2);
		const e = await createEngine(name);
		expect(e.name).toBe(name);
		await e.init(cfg);
		const got = await e.step(3 * 7 + 2);
		expect(got.step).toBe(23);
		expect(got.epochs.map((m) => m.epoch)).toEqual([1, 2, 3]);
		got.epochs.forEach((m, i) => {
			for (const k of ['loss', 'test_loss'] as const) expect(Math.abs(m[k] - want[i][k]) / want[i][k]).toBeLessThan(1e-4);
			for (const k of ['acc', 'test_acc'] as const) expect(Math.abs(m[k] - want[i][k])).toBeLessThanOrEqual(2 / cfg.n);
		});
		const snap = await e.snapshot();
		expect(snap.step).toBe(23);
		expect(snap.epoch).toBe(3);
		expect(snap.params).toBeInstanceOf(Float32Array);
		expect(relErr(snap.params, ref.w)).toBeLessThan(1e-4);
		expect(Math.abs(snap.stepLoss - ref.lastLoss) / ref.lastLoss).toBeLessThan(1e-4);
		const ev = await e.evaluate();
		const wantEv = ref.evaluate();
		expect(ev.epoch).toBe(wantEv.epoch);
		expect(Math.abs(ev.test_loss - wantEv.test_loss) / wantEv.test_loss).toBeLessThan(1e-4);
		e.dispose();
	});

	it('step(n) in pieces equals one step(total)', async () => {
		const cfg = parseConfig({ n: 96, batch: 10, seed: 9 });
		const a = await createEngine(name);
		const b = await createEngine(name);
		await a.init(cfg);
		await b.init(cfg);
		const whole = await a.step(25);
		const parts = [...(await b.step(7)).epochs, ...(await b.step(11)).epochs, ...(await b.step(7)).epochs];
		expect(parts).toEqual(whole.epochs);
		expect((await b.snapshot()).params).toEqual((await a.snapshot()).params);
	});

	it('resumes from a snapshot with its Adam state', async () => {
		const cfg = parseConfig({ n: 64, batch: 8, seed: 5 });
		const a = new WasmEngine(name);
		await a.init(cfg);
		await a.step(13);
		const snap = await a.snapshot();
		const adam = a.adamState();
		const b = new WasmEngine(name);
		await b.init(cfg, { params: snap.params, resume: { step: snap.step, adam } });
		await a.step(10);
		await b.step(10);
		expect((await b.snapshot()).params).toEqual((await a.snapshot()).params);
	});

	it('reports divergence at the step where the loss stops being finite', async () => {
		const cfg = parseConfig({ n: 64, batch: 8, seed: 1 });
		const params = initParams(cfg);
		params[0] = Infinity; // E[0][0]: every sequence holding token 0 at some position is NaN
		const e = await createEngine(name);
		await e.init(cfg, { params });
		const err = await e.step(5).catch((x) => x);
		expect(err).toBeInstanceOf(DivergenceError);
		expect(err.step).toBe(1);
		expect(err.what).toBe('loss');
		// A learning rate past float32's range makes the first update infinite: caught after Adam.
		const f = await createEngine(name);
		await f.init({ ...cfg, lr: 1e39 });
		const err2 = await f.step(5).catch((x) => x);
		expect(err2).toBeInstanceOf(DivergenceError);
		expect(err2.step).toBe(1);
		expect(err2.what).toBe('a parameter');
		// The same through explicit batches.
		const g = await createEngine(name);
		await g.init(cfg, { params });
		const err3 = await g.stepBatches([[1, 2], [3, 4]]).catch((x) => x);
		expect(err3).toBeInstanceOf(DivergenceError);
		expect(err3.step).toBe(1);
	});

	it('falls back to a per-sequence softmax when attention scores span too much for the exp table', async () => {
		const cfg = parseConfig({ n: 64, batch: 8, seed: 4 });
		const params = initParams(cfg);
		const q = layout(cfg).q.offset;
		params[q] = 150; // scores z·q/√2 now span far more than 80
		params[q + 1] = -120;
		const ts = new TsEngine();
		await ts.init(cfg, { params });
		const e = await createEngine(name);
		await e.init(cfg, { params });
		const rows = [0, 1, 2, 3, 4, 5, 6, 7];
		const want = await ts.gradients(rows);
		const got = await e.gradients(rows);
		expect(Math.abs(got.loss - want.loss) / want.loss).toBeLessThan(1e-5);
		expect(relErr(got.intermediates!.attn!, want.intermediates!.attn!)).toBeLessThan(1e-5);
		expect(relErr(got.grads, want.grads)).toBeLessThan(1e-4);
		const m = await e.evaluate();
		const w = await ts.evaluate();
		expect(Math.abs(m.test_loss - w.test_loss) / w.test_loss).toBeLessThan(1e-5);
	});

	it.each([
		['two tokens, L = 40 (rows too long for bit masks)', { p: 2, L: 40, k: 7, h: 9, batch: 6 }],
		['16 tokens, d = 8, h = 300', { p: 16, nb_emb: 20, L: 6, k: 3, d: 8, h: 300, batch: 5 }]
	])('matches the reference on other shapes: %s', async (_, shape) => {
		const cfg = parseConfig({ n: 48, seed: 6, ...shape });
		const ts = new TsEngine();
		await ts.init(cfg);
		const e = await createEngine(name);
		await e.init(cfg);
		const rows = [0, 5, 9, 11, 30, 47];
		const want = await ts.gradients(rows);
		const got = await e.gradients(rows);
		expect(Math.abs(got.loss - want.loss) / want.loss).toBeLessThan(1e-5);
		expect(relErr(got.grads, want.grads)).toBeLessThan(1e-4);
		for (const k of ['z', 'attn', 'xi', 'hidden', 'zeta'] as const) expect(relErr(got.intermediates![k]!, want.intermediates![k]!)).toBeLessThan(1e-5);
		const a = await ts.step(20);
		const b = await e.step(20);
		expect(b.epochs.length).toBe(a.epochs.length);
		b.epochs.forEach((m, i) => expect(Math.abs(m.test_loss - a.epochs[i].test_loss) / a.epochs[i].test_loss).toBeLessThan(1e-4));
	});

	it('evaluates on distinct sequences with their counts, like the reference on full sets', async () => {
		const cfg = parseConfig({ n: 500, seed: 2, p: 3, L: 4, k: 2, d: 3, h: 7 });
		const data = makeDataset(cfg, 2);
		const ev = evalList(data.train, data.test, cfg.L, cfg.p);
		expect(ev.n).toBeLessThanOrEqual(81); // 3^4 possible sequences
		expect(ev.countTrain.reduce((a, b) => a + b, 0)).toBe(500);
		expect(ev.countTest.reduce((a, b) => a + b, 0)).toBe(500);
		const e = await createEngine(name);
		await e.init(cfg, { data });
		const m = new Model(cfg);
		const w = initParams(cfg);
		const got = await e.evaluate();
		const tr = m.evaluate(w, data.train), te = m.evaluate(w, data.test);
		expect(got.acc).toBe(tr.acc);
		expect(got.test_acc).toBe(te.acc);
		expect(Math.abs(got.loss - tr.loss) / tr.loss).toBeLessThan(1e-5);
		expect(Math.abs(got.test_loss - te.loss) / te.loss).toBeLessThan(1e-5);
	});
});

describe('WebAssembly engine inputs', () => {
	it('counts epochs by the size of the data it was given, and refuses tokens outside 0..p−1', async () => {
		const cfg = parseConfig({ n: 64, batch: 8, seed: 1 });
		const data = makeDataset({ ...cfg, n: 40 }, 1); // 5 steps per epoch, not 8
		const e = await createEngine('wasm');
		await e.init(cfg, { data });
		const r = await e.step(10);
		expect(r.epochs.map((m) => m.epoch)).toEqual([1, 2]);
		expect((await e.snapshot()).epoch).toBe(2);
		const bad = makeDataset(cfg, 1);
		bad.train.X[3] = 2;
		await expect(createEngine('wasm').then((x) => x.init(cfg, { data: bad }))).rejects.toThrow(/token 2/);
	});
});
