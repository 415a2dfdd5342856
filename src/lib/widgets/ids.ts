/** Widget ids (routes /embed/<id>, elements <flatland-<id>>), without importing any component. */
export const PANEL_IDS = [
	'tokens',
	'positions',
	'raw',
	'normalized',
	'attention',
	'value',
	'sequence',
	'levels',
	'mlp-input',
	'receptors',
	'assemblers',
	'mlp-output',
	'output-levels',
	'simplex',
	'loss',
	'accuracy'
] as const;
export const WIDGET_IDS: string[] = ['sandbox', 'landscape', ...PANEL_IDS];
