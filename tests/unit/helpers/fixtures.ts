/**
 * Shared test helper: every parity fixture in tests/fixtures (written by reference/make_fixture.py;
 * each records the command that made it).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadFixture, type Fixture } from '../../../src/lib/core/fixture';

export const FIXTURE_DIR = join(__dirname, '..', '..', 'fixtures');

/** Fixtures every engine's suite must find (more may be added beside them). */
export const REQUIRED_FIXTURES = ['default-p2', 'p3-h8', 'smooth-p2-mlp4', 'p2-d1-h5-smooth', 'p3-d3-h16-b7', 'p5-d4-h64-smooth-b1'];

export function fixtureFiles(): string[] {
	return readdirSync(FIXTURE_DIR)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((f) => join(FIXTURE_DIR, f));
}

/** tests/fixtures/NAME.json → NAME */
export const fixtureName = (file: string) => file.split('/').pop()!.replace(/\.json$/, '');

export function readFixture(file: string): Fixture {
	return loadFixture(JSON.parse(readFileSync(file, 'utf8')), fixtureName(file));
}
