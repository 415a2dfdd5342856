/** The article's sections, in order: ids are the deep links (/#transfer). */
export const SECTIONS = [
	{ id: 'task', title: 'The task' },
	{ id: 'model', title: 'The model, in the plane' },
	{ id: 'ideal', title: 'A circuit built by hand' },
	{ id: 'circuits', title: 'What training finds' },
	{ id: 'phases', title: 'Two phases of learning' },
	{ id: 'hyperparameters', title: 'Hyperparameters and luck' },
	{ id: 'attention', title: 'Attention: start and end' },
	{ id: 'transfer', title: 'Transfer from p = 2' },
	{ id: 'spikes', title: 'Loss spikes' },
	{ id: 'sparsity', title: 'Activation sparsity' },
	{ id: 'larger-d', title: 'More dimensions' },
	{ id: 'meaning', title: 'What it means' },
	{ id: 'related', title: 'Related work' },
	{ id: 'references', title: 'References' },
	{ id: 'cite', title: 'How to cite' }
] as const;
export type SectionId = (typeof SECTIONS)[number]['id'];
