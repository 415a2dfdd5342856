/** A Svelte action that draws a d3 axis into a <g>, and redraws when its scale changes. */
import { axisBottom, axisLeft, type AxisScale } from 'd3-axis';
import { select } from 'd3-selection';

export interface AxisOptions {
	scale: AxisScale<number>;
	orient: 'bottom' | 'left';
	ticks?: number;
	/** Explicit tick values (e.g. a log axis's powers of ten); `ticks` is then ignored. */
	values?: number[];
	format?: (d: number) => string;
	/** Tick length in pixels (d3's default 6). */
	size?: number;
}

export function axis(node: SVGGElement, opts: AxisOptions) {
	const draw = (o: AxisOptions) => {
		const a = (o.orient === 'bottom' ? axisBottom(o.scale) : axisLeft(o.scale)).ticks(o.ticks ?? 5);
		if (o.values) a.tickValues(o.values);
		if (o.format) a.tickFormat((d) => o.format!(d as number));
		if (o.size !== undefined) a.tickSize(o.size);
		select(node).call(a);
	};
	draw(opts);
	return { update: draw };
}
