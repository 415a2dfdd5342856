import { describe, expect, it } from 'vitest';
import { GRAD_TOL, TRAJ_TOL } from '../../../src/lib/core/fixture';
import { runParity } from '../../../src/lib/engines/parity';
import { TsEngine } from '../../../src/lib/engines/ts';
import { REQUIRED_FIXTURES, fixtureFiles, fixtureName, readFixture } from '../helpers/fixtures';

const files = fixtureFiles();

describe('TypeScript reference vs PyTorch float64 fixtures', () => {
	it('finds the fixtures in tests/fixtures', () => {
		expect(files.length).toBeGreaterThanOrEqual(REQUIRED_FIXTURES.length);
		expect(files.map(fixtureName)).toEqual(expect.arrayContaining(REQUIRED_FIXTURES));
	});
	for (const file of files) {
		it(file.split('/').slice(-2).join('/'), async () => {
			const r = await runParity(new TsEngine(), readFixture(file));
			for (const [name, err] of Object.entries(r.intermediates)) expect(err, `intermediate ${name}`).toBeLessThan(GRAD_TOL);
			for (const [name, err] of Object.entries(r.grads)) expect(err, `grad ${name}`).toBeLessThan(GRAD_TOL);
			expect(r.logits).toBeLessThan(GRAD_TOL);
			expect(r.loss).toBeLessThan(GRAD_TOL);
			expect(r.trajectory.losses).toBeLessThan(TRAJ_TOL);
			for (const [name, err] of Object.entries(r.trajectory.params)) expect(err, `final ${name}`).toBeLessThan(TRAJ_TOL);
			expect(Object.keys(r.intermediates)).toEqual(['z', 'attn', 'xi', 'hidden', 'zeta']);
			expect(r.pass).toBe(true);
		});
	}
});
