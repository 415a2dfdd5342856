/**
 * The report figure as an SVG string, from records alone (no DOM: it runs in node for
 * `flatland report` and in the lab page, which re-renders it as records arrive).
 * Panels: one per axis (mean ± std band of the final test accuracy vs the grid value, every run as a
 * dot, success rate dashed), a histogram of final test accuracy, and activation sparsity vs ε when
 * the records carry it (Fig 17).
 */
import { scaleLinear, scaleLog, scalePoint } from 'd3-scale';
import { area, line } from 'd3-shape';
import { aggregate, accOf, fmtValue, SUCCESS, type Axis } from './aggregate';
import type { RunRecord } from './record';
import { ARM_LABEL, transferAnalysis, type ArmName, type TransferPoint } from './transfer';

export interface FigureOptions {
	/** Each dot links here (e.g. the sandbox with the run's config). */
	link?: (r: RunRecord) => string;
	/** Panel size in px. */
	panel?: { width: number; height: number };
	columns?: number;
	title?: string;
}

const COLORS: Record<string, string> = { train: '#2b6cb0', scratch: '#c05621', 'finetune keep': '#2f855a', 'finetune fresh': '#6b46c1' };
const M = { top: 28, right: 14, bottom: 40, left: 46 };

export function esc(s: string): string {
	return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const n2 = (x: number) => (Number.isFinite(x) ? Math.round(x * 100) / 100 : 0);

/** Deterministic jitter in [-1, 1] from a run id. */
function jitter(id: string): number {
	let h = 0;
	for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) | 0;
	return ((h >>> 0) % 1000) / 500 - 1;
}

function xScaleFor(values: (number | string)[], w: number) {
	const nums = values.filter((v): v is number => typeof v === 'number');
	if (nums.length === values.length && nums.length > 0) {
		const lo = Math.min(...nums);
		const hi = Math.max(...nums);
		if (lo > 0 && hi / lo >= 8) {
			const s = scaleLog().domain([lo, hi]).range([0, w]).nice();
			return { x: (v: number | string) => s(v as number), ticks: s.ticks(6).filter((t) => Number.isInteger(Math.log10(t)) || s.ticks(6).length < 8), fmt: (t: number | string) => fmtValue(t), log: true };
		}
		const s = scaleLinear().domain(lo === hi ? [lo - 1, hi + 1] : [lo, hi]).range([0, w]).nice();
		return { x: (v: number | string) => s(v as number), ticks: s.ticks(6) as (number | string)[], fmt: (t: number | string) => fmtValue(t), log: false };
	}
	const s = scalePoint<string>().domain(values.map(String)).range([0, w]).padding(0.5);
	return { x: (v: number | string) => s(String(v)) ?? 0, ticks: values, fmt: (t: number | string) => String(t), log: false };
}

function frame(title: string, w: number, h: number, xLabel: string, yLabel: string): string {
	return `<text x="${w / 2}" y="${-12}" text-anchor="middle" font-size="12" font-weight="600">${esc(title)}</text>
<text x="${w / 2}" y="${h + 34}" text-anchor="middle" font-size="11">${esc(xLabel)}</text>
<text transform="translate(${-36},${h / 2}) rotate(-90)" text-anchor="middle" font-size="11">${esc(yLabel)}</text>
<rect x="0" y="0" width="${w}" height="${h}" fill="none" stroke="#ccc"/>`;
}

function yAxis(h: number, w: number): string {
	const y = scaleLinear().domain([0, 1]).range([h, 0]);
	return [0, 0.25, 0.5, 0.75, 1]
		.map((t) => `<line x1="0" x2="${w}" y1="${n2(y(t))}" y2="${n2(y(t))}" stroke="#eee"/><text x="-5" y="${n2(y(t)) + 3}" text-anchor="end" font-size="10">${t}</text>`)
		.join('');
}

function axisPanel(axis: Axis, w: number, h: number, opts: FigureOptions): string {
	const values = [...new Set(axis.series.flatMap((s) => s.rows.map((r) => r.value)))];
	const xs = xScaleFor(values, w);
	const y = scaleLinear().domain([0, 1]).range([h, 0]).clamp(true);
	const parts: string[] = [frame(`${axis.spec}: ${axis.fields.join(', ') || 'runs'}`, w, h, axis.fields.join(', ') + (xs.log ? ' (log)' : ''), 'final test accuracy'), yAxis(h, w)];
	parts.push(
		xs.ticks.map((t) => `<text x="${n2(xs.x(t))}" y="${h + 14}" text-anchor="middle" font-size="10">${esc(xs.fmt(t))}</text><line x1="${n2(xs.x(t))}" x2="${n2(xs.x(t))}" y1="${h}" y2="${h + 4}" stroke="#999"/>`).join('')
	);
	parts.push(`<line x1="0" x2="${w}" y1="${n2(y(SUCCESS))}" y2="${n2(y(SUCCESS))}" stroke="#999" stroke-dasharray="2 3"/>`);
	const legend: string[] = [];
	axis.series.forEach((s, si) => {
		const color = COLORS[s.kind] ?? '#555';
		const rows = s.rows.filter((r) => r.stats.n > 0);
		const band = area<(typeof rows)[number]>()
			.x((r) => xs.x(r.value))
			.y0((r) => y(Math.max(0, r.stats.mean - r.stats.std)))
			.y1((r) => y(Math.min(1, r.stats.mean + r.stats.std)));
		const mean = line<(typeof rows)[number]>()
			.x((r) => xs.x(r.value))
			.y((r) => y(r.stats.mean));
		const succ = line<(typeof rows)[number]>()
			.x((r) => xs.x(r.value))
			.y((r) => y(r.stats.success));
		const round = (d: string | null) => (d ?? '').replace(/\d+\.\d{3,}/g, (m) => String(n2(Number(m))));
		parts.push(`<path d="${round(band(rows))}" fill="${color}" fill-opacity="0.18" data-series="${s.kind}" data-role="band"/>`);
		// Dots: every run, jittered a little sideways so that seeds do not pile up.
		const spread = Math.min(8, w / Math.max(1, values.length) / 4);
		for (const row of rows)
			for (const r of row.records) {
				const cx = n2(xs.x(row.value) + spread * jitter(r.id));
				const cy = n2(y(accOf(r)));
				const dot = `<circle cx="${cx}" cy="${cy}" r="2.2" fill="${color}" fill-opacity="0.45" data-id="${esc(r.id)}"><title>${esc(`${axis.fields.map((f) => `${f}=${fmtValue(row.point[f])}`).join(' ')} seed=${r.seed}: test acc ${accOf(r).toFixed(3)}${r.circuit ? `, ${r.circuit}` : ''}`)}</title></circle>`;
				parts.push(opts.link ? `<a href="${esc(opts.link(r))}">${dot}</a>` : dot);
			}
		parts.push(`<path d="${round(mean(rows))}" fill="none" stroke="${color}" stroke-width="2" data-series="${s.kind}" data-role="mean"/>`);
		if (rows.some((r) => r.stats.n > 1)) parts.push(`<path d="${round(succ(rows))}" fill="none" stroke="${color}" stroke-width="1.2" stroke-dasharray="5 3" data-role="success"/>`);
		// Transfer sweeps (Fig 9): the best run per value too, as the paper's right panel shows.
		if (s.kind !== 'train') {
			const best = line<(typeof rows)[number]>()
				.x((r) => xs.x(r.value))
				.y((r) => y(r.stats.max));
			parts.push(`<path d="${round(best(rows))}" fill="none" stroke="${color}" stroke-width="1" stroke-dasharray="1 2" data-role="max"/>`);
		}
		for (const r of rows) parts.push(`<circle cx="${n2(xs.x(r.value))}" cy="${n2(y(r.stats.mean))}" r="3" fill="${color}"/>`);
		legend.push(`<g transform="translate(${6 + si * 120},${h - 8})"><rect width="10" height="4" y="-4" fill="${color}"/><text x="14" y="0" font-size="10">${esc(s.kind === 'train' ? 'mean ± std' : s.kind)}</text></g>`);
	});
	legend.push(`<g transform="translate(${w - 78},${12})"><line x1="0" x2="14" y1="-3" y2="-3" stroke="#333" stroke-dasharray="5 3"/><text x="18" y="0" font-size="10">success rate</text></g>`);
	if (axis.series.some((s) => s.kind !== 'train'))
		legend.push(`<g transform="translate(${w - 78},${24})"><line x1="0" x2="14" y1="-3" y2="-3" stroke="#333" stroke-dasharray="1 2"/><text x="18" y="0" font-size="10">max</text></g>`);
	parts.push(...legend);
	return parts.join('\n');
}

function histogramPanel(records: RunRecord[], w: number, h: number): string {
	const bins = 20;
	const counts = new Array(bins).fill(0);
	for (const r of records) counts[Math.min(bins - 1, Math.floor(accOf(r) * bins))]++;
	const max = Math.max(1, ...counts);
	const x = scaleLinear().domain([0, 1]).range([0, w]);
	const y = scaleLinear().domain([0, max]).range([h, 0]).nice();
	const parts = [frame(`final test accuracy, ${records.length} runs`, w, h, 'final test accuracy', 'runs')];
	parts.push(y.ticks(4).map((t) => `<text x="-5" y="${n2(y(t)) + 3}" text-anchor="end" font-size="10">${t}</text>`).join(''));
	parts.push([0, 0.25, 0.5, 0.75, 1].map((t) => `<text x="${n2(x(t))}" y="${h + 14}" text-anchor="middle" font-size="10">${t}</text>`).join(''));
	counts.forEach((c, i) => {
		if (!c) return;
		const lo = i / bins;
		parts.push(`<rect x="${n2(x(lo)) + 0.5}" y="${n2(y(c))}" width="${n2(x(1 / bins)) - 1}" height="${n2(h - y(c))}" fill="${lo + 1 / bins > SUCCESS ? '#2b6cb0' : '#c53030'}" data-bin="${i}" data-count="${c}"><title>${lo.toFixed(2)}–${(lo + 1 / bins).toFixed(2)}: ${c}</title></rect>`);
	});
	return parts.join('\n');
}

function sparsityPanel(records: RunRecord[], w: number, h: number): string {
	const rs = records.filter((r) => r.sparsity && r.sparsity.eps.length);
	const eps = rs[0].sparsity!.eps;
	const x = scaleLog().domain([eps[0], eps[eps.length - 1]]).range([0, w]);
	const y = scaleLinear().domain([0, 1]).range([h, 0]);
	const parts = [frame(`activation sparsity, ${rs.length} models (blue: test acc > ${SUCCESS})`, w, h, 'ε (log)', 'share of |gelu| < ε'), yAxis(h, w)];
	parts.push(x.ticks().filter((t) => Number.isInteger(Math.log10(t))).map((t) => `<text x="${n2(x(t))}" y="${h + 14}" text-anchor="middle" font-size="10">1e${Math.log10(t)}</text>`).join(''));
	for (const r of rs) {
		const pts = r.sparsity!.eps.map((e, i) => `${n2(x(e))},${n2(y(r.sparsity!.frac[i]))}`).join(' ');
		parts.push(`<polyline points="${pts}" fill="none" stroke="${accOf(r) > SUCCESS ? '#2b6cb0' : '#c53030'}" stroke-opacity="0.6" stroke-width="1.3"><title>seed ${r.seed}: test acc ${accOf(r).toFixed(3)}</title></polyline>`);
	}
	return parts.join('\n');
}

const ARM_COLORS: Record<ArmName, string> = { pretrain: '#718096', keep: '#2f855a', fresh: '#6b46c1', scratch: '#c05621' };

/**
 * Fig 9's panels for a transfer sweep: per target p, one bar per arm (fine-tuned with the spare row
 * kept, with it fresh, from scratch) with its 95 % interval — `which` picks the mean test accuracy, the
 * success rate, or the success rate given a successful pretraining — and the best run as a tick.
 */
function transferPanel(points: TransferPoint[], which: 'mean' | 'success' | 'given', w: number, h: number): string {
	const arms = (['keep', 'fresh', 'scratch'] as const).filter((a) => points.some((p) => p.arms[a]));
	const title = which === 'mean' ? 'Fig 9: mean final test accuracy, 95 % CI' : which === 'success' ? 'Fig 9: runs above 0.9, 95 % CI' : 'Fig 9: above 0.9, given pretraining succeeded';
	const parts = [frame(title, w, h, 'target vocabulary p', which === 'mean' ? 'test accuracy' : 'share of runs'), yAxis(h, w)];
	const y = scaleLinear().domain([0, 1]).range([h, 0]).clamp(true);
	const band = scalePoint<string>().domain(points.map((p) => String(p.p))).range([0, w]).padding(0.5);
	const step = w / Math.max(1, points.length);
	const bw = Math.min(16, (step * 0.8) / arms.length);
	for (const p of points) {
		const cx = band(String(p.p)) ?? 0;
		parts.push(`<text x="${n2(cx)}" y="${h + 14}" text-anchor="middle" font-size="10">${p.p}</text>`);
		if (which === 'mean') parts.push(`<line x1="${n2(cx - step / 2 + 2)}" x2="${n2(cx + step / 2 - 2)}" y1="${n2(y(1 / p.p))}" y2="${n2(y(1 / p.p))}" stroke="#999" stroke-dasharray="1 2"><title>chance 1/${p.p}</title></line>`);
		const src = which === 'given' ? p.givenPretrained.arms : p.arms;
		arms.forEach((a, i) => {
			const st = src[a];
			if (!st) return;
			const iv = which === 'mean' ? st.mean : st.success;
			const x0 = cx - (arms.length * bw) / 2 + i * bw;
			parts.push(`<rect x="${n2(x0 + 1)}" y="${n2(y(iv.est))}" width="${n2(bw - 2)}" height="${n2(h - y(iv.est))}" fill="${ARM_COLORS[a]}" fill-opacity="0.75" data-arm="${a}" data-p="${p.p}"><title>${esc(`p = ${p.p}, ${ARM_LABEL[a]}: ${iv.est.toFixed(3)} [${iv.lo.toFixed(3)}, ${iv.hi.toFixed(3)}], ${st.n} runs`)}</title></rect>`);
			parts.push(`<line x1="${n2(x0 + bw / 2)}" x2="${n2(x0 + bw / 2)}" y1="${n2(y(Math.min(1, iv.hi)))}" y2="${n2(y(Math.max(0, iv.lo)))}" stroke="#222" stroke-width="1"/>`);
			if (which === 'mean') parts.push(`<line x1="${n2(x0 + 1)}" x2="${n2(x0 + bw - 1)}" y1="${n2(y(st.max))}" y2="${n2(y(st.max))}" stroke="#222" stroke-width="1.5"><title>best run ${st.max.toFixed(3)}</title></line>`);
		});
	}
	arms.forEach((a, i) => parts.push(`<g transform="translate(${6 + i * 110},${12})"><rect width="10" height="6" y="-6" fill="${ARM_COLORS[a]}"/><text x="14" y="0" font-size="9">${esc(ARM_LABEL[a].replace('fine-tuned, ', ''))}</text></g>`));
	return parts.join('\n');
}

/** The whole figure: panels on a grid, as one standalone SVG document. */
export function reportSvg(records: RunRecord[], opts: FigureOptions = {}): string {
	const pw = opts.panel?.width ?? 360;
	const ph = opts.panel?.height ?? 230;
	const w = pw - M.left - M.right;
	const h = ph - M.top - M.bottom;
	const panels: string[] = [];
	if (records.length) {
		const transfer = transferAnalysis(records);
		// A transfer sweep's axis is drawn as Fig 9's bars (the arms side by side per p), not as lines.
		const transferSpecs = new Set(records.filter((r) => r.kind === 'finetune').map((r) => r.spec));
		for (const axis of aggregate(records)) if (axis.fields.length && !(transfer.length && transferSpecs.has(axis.spec))) panels.push(axisPanel(axis, w, h, opts));
		if (transfer.length) for (const which of ['mean', 'success', 'given'] as const) panels.push(transferPanel(transfer, which, w, h));
		panels.push(histogramPanel(records, w, h));
		if (records.some((r) => r.sparsity?.eps.length)) panels.push(sparsityPanel(records, w, h));
	}
	const cols = Math.max(1, Math.min(opts.columns ?? 2, panels.length));
	const rows = Math.max(1, Math.ceil(panels.length / cols));
	const head = opts.title ? 24 : 0;
	const W = cols * pw;
	const H = rows * ph + head;
	const body = panels.map((p, i) => `<g transform="translate(${(i % cols) * pw + M.left},${head + Math.floor(i / cols) * ph + M.top})">${p}</g>`).join('\n');
	return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="system-ui, sans-serif" role="img" aria-label="${esc(opts.title ?? 'sweep results')}">
<rect width="${W}" height="${H}" fill="#fff"/>
${opts.title ? `<text x="${W / 2}" y="17" text-anchor="middle" font-size="14" font-weight="600">${esc(opts.title)}</text>` : ''}
${panels.length ? body : `<text x="${W / 2}" y="${H / 2}" text-anchor="middle" font-size="12" fill="#666">no runs yet</text>`}
</svg>
`;
}
