import { error } from '@sveltejs/kit';
import { WIDGET_IDS } from '$lib/widgets/ids';
import type { EntryGenerator, PageLoad } from './$types';

export const entries: EntryGenerator = () => WIDGET_IDS.map((widget) => ({ widget }));

export const load: PageLoad = ({ params }) => {
	if (!WIDGET_IDS.includes(params.widget)) error(404, `no widget '${params.widget}'`);
	return { widget: params.widget };
};
