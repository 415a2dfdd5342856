import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../src/lib/stores/embed-api';

describe('postMessage commands', () => {
	it('accepts only the documented command shapes', () => {
		expect(parseCommand({ flatland: 1, type: 'play' })).toEqual({ flatland: 1, type: 'play' });
		expect(parseCommand({ flatland: 1, type: 'pause' })).toEqual({ flatland: 1, type: 'pause' });
		expect(parseCommand({ flatland: 1, type: 'seek', epoch: 12 })).toEqual({ flatland: 1, type: 'seek', epoch: 12 });
		for (const bad of [
			null,
			'play',
			[1],
			{ type: 'play' },
			{ flatland: 2, type: 'play' },
			{ flatland: 1, type: 'play', extra: 1 },
			{ flatland: 1, type: 'seek' },
			{ flatland: 1, type: 'seek', epoch: -1 },
			{ flatland: 1, type: 'seek', epoch: 1.5 },
			{ flatland: 1, type: 'seek', epoch: '3' },
			{ flatland: 1, type: 'reset' }
		])
			expect(parseCommand(bad)).toBeNull();
	});
});
