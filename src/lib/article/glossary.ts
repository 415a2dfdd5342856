/**
 * Short definitions of the terms a newcomer meets in the article, in our own words. <Term k=…> shows one
 * on hover or focus and links to the full list (Glossary.svelte), so every section can use them.
 */
export const GLOSSARY = {
	softmax: {
		term: 'softmax',
		def: 'Turns a list of scores into probabilities: raise e to each score and divide by the sum. The largest score gets the largest share, and multiplying every score by a larger number makes the split sharper.'
	},
	rmsnorm: {
		term: 'RMSNorm',
		def: 'Divides a vector by the root mean square of its coordinates (here with no learned gain). In the plane this puts every vector on the circle of radius √2: only its direction is left.'
	},
	gelu: {
		term: 'GELU',
		def: 'The MLP’s non-linearity, x·Φ(x) with Φ the normal distribution function: about x for large positive inputs, close to 0 for negative ones, smooth in between (in float32 it rounds to exactly 0 far enough left).'
	},
	adam: {
		term: 'Adam',
		def: 'The optimiser. Each weight moves by a running average of its gradients divided by the square root of a running average of their squares, so every weight steps at about the learning rate whatever the scale of its gradient.'
	},
	epoch: {
		term: 'epoch',
		def: 'One pass over the 2048 training sentences: 64 steps of 32 sentences, in an order shuffled anew each pass. After each epoch we measure loss and accuracy on the whole training and test sets.'
	},
	seed: {
		term: 'seed',
		def: 'The number every random draw of a run derives from: the data, the initial weights, the order of the batches. The same seed and settings give the same run, bit for bit, on the same engine.'
	},
	plateau: {
		term: 'plateau',
		def: 'A stretch of training where the loss barely moves. Here the first plateau sits at ln p, the loss of a model that guesses: it has not yet found how to use its input.'
	},
	saddle: {
		term: 'saddle point',
		def: 'A point where the gradient vanishes without being a minimum: some directions lead down, but near the point the slope is so small that training can linger there for a long time before it finds one.'
	},
	pca: {
		term: 'PCA',
		def: 'Principal component analysis: the directions along which a cloud of points varies most. The first two span the plane that keeps the most of the cloud’s spread; we use them to flatten a run’s weights onto a picture.'
	},
	signtest: {
		term: 'sign test',
		def: 'A test for paired comparisons: count the pairs where A beats B and those where B beats A, dropping ties. If neither were better the split would be a run of coin flips, so the binomial distribution gives the chance of one at least this lopsided.'
	},
	crossentropy: {
		term: 'cross-entropy',
		def: 'The loss training lowers: minus the logarithm of the probability the model gives the right class, averaged over sentences. A model that spreads its bets evenly over p classes scores ln p; one that is sure and right scores close to 0.'
	},
	logit: {
		term: 'logit',
		def: 'The score of one class before the softmax turns the scores into probabilities. Here the logit of class y is the dot product of the model’s output ζ with the token embedding E(y): the decoder reuses the embedding table.'
	},
	jacobian: {
		term: 'Jacobian',
		def: 'For a function from vectors to vectors, the table of how much each output coordinate changes per small change of each input coordinate. Close to a point the function behaves like multiplication by it: a large Jacobian means a small nudge of the input moves the output a lot.'
	},
	nokey: {
		term: 'no key matrix',
		def: 'A full transformer scores each token by comparing a query with a key, K times the token’s vector. Here there is one query q, learned once for all sentences, and q · (K z) is the same number as (Kᵀq) · z: a key matrix would only rename the query, adding weights but nothing the model could not already compute. So the paper drops it (and the output matrix, which V absorbs), and a score depends only on which token sits at which position: one of 12 × 3 = 36 values with three token embeddings.'
	}
} as const;

export type GlossaryKey = keyof typeof GLOSSARY;
