import { describe, expect, it } from 'vitest';
import { GRAD_TOL, TRAJ_TOL } from '../../../src/lib/core/fixture';
import { runParity } from '../../../src/lib/engines/parity';
import { WasmEngine } from '../../../src/lib/engines/wasm';
import { hasSimd } from '../../../src/lib/engines/index';
import { REQUIRED_FIXTURES, fixtureFiles, fixtureName, readFixture } from '../helpers/fixtures';

const files = fixtureFiles();

describe.each(['wasm', 'wasm-scalar'] as const)('%s engine vs PyTorch float64 fixtures', (name) => {
	it('finds the fixtures in tests/fixtures', () => {
		expect(files.map(fixtureName)).toEqual(expect.arrayContaining(REQUIRED_FIXTURES));
	});
	it('runs the flavour it was asked for', () => {
		expect(new WasmEngine(name).flavor).toBe(name === 'wasm' && hasSimd() ? 'simd' : 'scalar');
	});
	for (const file of files) {
		it(file.split('/').slice(-2).join('/'), async () => {
			const r = await runParity(new WasmEngine(name), readFixture(file));
			console.log(`${name} ${r.fixture}: max_grad_err ${r.max_grad_err.toExponential(2)} max_traj_err ${r.max_traj_err.toExponential(2)}`);
			for (const [k, err] of Object.entries(r.intermediates)) expect(err, `intermediate ${k}`).toBeLessThan(GRAD_TOL);
			for (const [k, err] of Object.entries(r.grads)) expect(err, `grad ${k}`).toBeLessThan(GRAD_TOL);
			expect(Object.keys(r.intermediates)).toEqual(['z', 'attn', 'xi', 'hidden', 'zeta']);
			expect(r.max_grad_err).toBeLessThan(GRAD_TOL);
			expect(r.max_traj_err).toBeLessThan(TRAJ_TOL);
			expect(r.pass).toBe(true);
		});
	}
});
