/**
 * The fixtures are Flatland runs: reference/make_fixture.py draws a fixture's data, initial weights
 * and batch order with reference/rng.py, our port of core/rng.ts. Checked here against the
 * TypeScript code that draws them for every engine, so that both ports agree (and a fixture's
 * seed means what it means everywhere else). Each fixture says which command made it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { relErr } from '../../../src/lib/core/fixture';
import { makeDataset } from '../../../src/lib/core/data';
import { initParams } from '../../../src/lib/core/params';
import { epochOrder } from '../../../src/lib/core/rng';
import { fixtureFiles, fixtureName, readFixture } from '../helpers/fixtures';

describe.each(fixtureFiles().map((f) => [fixtureName(f), f]))('fixture %s', (name, file) => {
	const fx = readFixture(file);
	const json = JSON.parse(readFileSync(file, 'utf8')) as { command?: string };

	it('records the command that wrote it', () => {
		expect(json.command).toMatch(new RegExp(`^/usr/bin/python3 reference/make_fixture\\.py tests/fixtures/${name}\\.json( |$)`));
	});

	it("holds the run's training set, initial weights and batch order", () => {
		const { config } = fx;
		expect(Array.from(fx.train.X)).toEqual(Array.from(makeDataset(config, config.seed).train.X));
		// Box–Muller's log and cos may differ in the last bit between numpy and V8.
		expect(relErr(fx.params, initParams(config))).toBeLessThan(1e-14);
		const spe = Math.ceil(config.n / config.batch);
		fx.batches.forEach((rows, s) => {
			const order = epochOrder(config.n, config.seed, Math.floor(s / spe));
			const at = (s % spe) * config.batch;
			expect(rows, `step ${s}`).toEqual(Array.from(order.subarray(at, Math.min(config.n, at + config.batch))));
		});
	});
});
