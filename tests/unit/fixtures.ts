/** Shared test helper: every parity fixture in ../shared/fixtures and tests/fixtures. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadFixture, type Fixture } from '../../src/lib/core/fixture';

const DIRS = [join(__dirname, '..', '..', '..', 'shared', 'fixtures'), join(__dirname, '..', 'fixtures')];

export function fixtureFiles(): string[] {
	return DIRS.filter(existsSync).flatMap((d) =>
		readdirSync(d)
			.filter((f) => f.endsWith('.json'))
			.map((f) => join(d, f))
	);
}

export function readFixture(file: string): Fixture {
	return loadFixture(JSON.parse(readFileSync(file, 'utf8')), file.split('/').pop()!.replace(/\.json$/, ''));
}
