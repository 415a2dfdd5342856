import { describe, expect, it } from 'vitest';
import { Slots } from '../../../src/lib/stores/step-slots';

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('training slots', () => {
	it('let at most `size` holders in at once, first come first served', async () => {
		const slots = new Slots(2);
		let inside = 0;
		let most = 0;
		const order: number[] = [];
		const job = (i: number) =>
			slots.run(async () => {
				inside++;
				most = Math.max(most, inside);
				order.push(i);
				await tick();
				inside--;
			});
		await Promise.all(Array.from({ length: 7 }, (_, i) => job(i)));
		expect(most).toBe(2);
		expect(order).toEqual([0, 1, 2, 3, 4, 5, 6]);
	});

	it('free the slot when the holder throws, and ignore a second release', async () => {
		const slots = new Slots(1);
		await expect(slots.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
		const release = await slots.acquire();
		release();
		release();
		const a = await slots.acquire();
		let second = false;
		const b = slots.acquire().then((r) => ((second = true), r));
		await tick();
		expect(second).toBe(false); // one slot, held by a: the double release above did not make two
		a();
		(await b)();
		expect(second).toBe(true);
	});

	it('always have at least one slot', async () => {
		const slots = new Slots(0);
		expect(slots.size).toBe(0);
		(await slots.acquire())();
	});

	it('give a freed slot to a waiting foreground holder before any background one', async () => {
		const slots = new Slots(1);
		const first = await slots.acquire();
		const order: string[] = [];
		const bg = slots.run(async () => void order.push('background'), 'background');
		const fg = slots.run(async () => void order.push('foreground'));
		await tick();
		first();
		await Promise.all([bg, fg]);
		expect(order).toEqual(['foreground', 'background']);
	});

	it('hold background work back while a hold lasts; foreground work goes on', async () => {
		const slots = new Slots(1);
		const unhold = slots.hold();
		const order: string[] = [];
		const bg = slots.run(async () => void order.push('background'), 'background');
		await slots.run(async () => void order.push('foreground'));
		await tick();
		expect(order).toEqual(['foreground']);
		unhold();
		unhold(); // a second call does nothing
		await bg;
		expect(order).toEqual(['foreground', 'background']);
	});
});
