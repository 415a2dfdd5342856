// The article prerenders to static HTML: its text reads before any script runs.
export const prerender = true;
export const ssr = true;

export function load({ data }) {
	return data;
}
