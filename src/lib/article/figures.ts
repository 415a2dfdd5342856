/**
 * The article's figures, in page order: the number a figure shows is its place here, so numbers stay
 * consecutive whoever adds one. `paper` names the figure of the paper it rebuilds (null: ours alone).
 * A figure is drawn with <Figure id=…> (Figure.svelte), or by <Scrolly figure=…> for a sticky graphic.
 */
export const FIGURES = [
	{ id: 'hero', title: 'A model training in your browser', paper: null },
	{ id: 'task', title: 'Sentences, labels and a model’s answer', paper: null },
	{ id: 'model-diagram', title: 'The model, part by part', paper: null },
	{ id: 'model', title: 'One probe sentence through the network', paper: 'sandbox panels (§2.3)' },
	{ id: 'ideal', title: 'A circuit built by hand', paper: 'Fig. 1' },
	{ id: 'circuits', title: 'Circuits found by training, sorted by measurement', paper: 'Figs. 2–4' },
	{ id: 'phases', title: 'Two drops of the loss, and what moves at each', paper: 'Fig. 5' },
	{ id: 'phases-moments', title: 'The four moments side by side', paper: 'Fig. 5' },
	{ id: 'hyper', title: 'Final test accuracy against one hyperparameter', paper: 'Figs. 6–7' },
	{ id: 'attention', title: 'Attention at the start and at the end of training', paper: 'Fig. 8' },
	{ id: 'transfer', title: 'Transfer from p = 2', paper: 'Figs. 9–11' },
	{ id: 'spikes', title: 'Loss spikes', paper: 'Figs. 12–16' },
	{ id: 'sparsity', title: 'Activation sparsity', paper: 'Fig. 17' },
	{ id: 'larger-d', title: 'More dimensions', paper: 'Figs. 18–20' }
] as const;

export type FigureId = (typeof FIGURES)[number]['id'];

export function figureOf(id: FigureId): { n: number; title: string; paper: string | null } {
	const i = FIGURES.findIndex((f) => f.id === id);
	if (i < 0) throw new Error(`unknown figure '${id}'`);
	return { n: i + 1, title: FIGURES[i].title, paper: FIGURES[i].paper };
}
