/** A Svelte action that draws a d3 axis into a <g>, and redraws when its scale changes. */
import { axisBottom, axisLeft, type AxisScale } from 'd3-axis';
import { select } from 'd3-selection';

export interface AxisOptions {
	scale: AxisScale<number>;
	orient: 'bottom' | 'left';
	ticks?: number;
	format?: (d: number) => string;
}

export function axis(node: SVGGElement, opts: AxisOptions) {
	const draw = (o: AxisOptions) => {
		const a = (o.orient === 'bottom' ? axisBottom(o.scale) : axisLeft(o.scale)).ticks(o.ticks ?? 5);
		if (o.format) a.tickFormat((d) => o.format!(d as number));
		select(node).call(a);
	};
	draw(opts);
	return { update: draw };
}
