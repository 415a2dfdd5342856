/** The article's references (cited in the text by key) and its footnotes. */
export interface Ref {
	key: string;
	short: string;
	text: string;
	url?: string;
}

export const REFS: Ref[] = [
	{
		key: 'odonnat2024a',
		short: 'Odonnat et al., 2024',
		text: 'Ambroise Odonnat, Vivien Cabannes, Wassim Bouaziz (2024). A Visual Case Study of the Training Dynamics in Neural Networks. Code released with the paper.',
		url: 'https://github.com/facebookresearch/pal'
	},
	{
		key: 'yang2024',
		short: 'Yang et al., 2024',
		text: 'Hongru Yang, Bhavya Kailkhura, Zhangyang Wang, Yingbin Liang (2024). Training Dynamics of Transformers to Recognize Word Co-occurrence via Gradient Flow Analysis. NeurIPS 2024; arXiv:2410.09605.',
		url: 'https://arxiv.org/abs/2410.09605'
	},
	{
		key: 'tian2023',
		short: 'Tian et al., 2023',
		text: 'Yuandong Tian, Yiping Wang, Beidi Chen, Simon Du (2023). Scan and Snap: Understanding Training Dynamics and Token Composition in 1-layer Transformer. NeurIPS 2023.'
	},
	{
		key: 'huang2024',
		short: 'Huang et al., 2024',
		text: 'Ruiquan Huang, Yingbin Liang, Jing Yang (2024). Non-asymptotic Convergence of Training Transformers for Next-token Prediction. NeurIPS 2024; arXiv:2409.17335.',
		url: 'https://arxiv.org/abs/2409.17335'
	},
	{
		key: 'lebeurrier',
		short: 'Lebeurrier et al.',
		text: 'Arthur Lebeurrier, Titouan Vayer, Rémi Gribonval. Path-conditioned training: a principled way to rescale ReLU neural networks. arXiv preprint.'
	},
	{ key: 'zhang2019', short: 'Zhang & Sennrich, 2019', text: 'Biao Zhang, Rico Sennrich (2019). Root Mean Square Layer Normalization. NeurIPS 2019.' },
	{ key: 'xiong2020', short: 'Xiong et al., 2020', text: 'Ruibin Xiong et al. (2020). On Layer Normalization in the Transformer Architecture. ICML 2020.' },
	{ key: 'hendrycks2016', short: 'Hendrycks & Gimpel, 2016', text: 'Dan Hendrycks, Kevin Gimpel (2016). Gaussian Error Linear Units (GELUs). arXiv:1606.08415.' },
	{ key: 'kingma2015', short: 'Kingma & Ba, 2015', text: 'Diederik P. Kingma, Jimmy Ba (2015). Adam: A Method for Stochastic Optimization. ICLR 2015.' },
	{ key: 'cohen2021', short: 'Cohen et al., 2021', text: 'Jeremy Cohen, Simran Kaur, Yuanzhi Li, J. Zico Kolter, Ameet Talwalkar (2021). Gradient Descent on Neural Networks Typically Occurs at the Edge of Stability. ICLR 2021.' },
	{ key: 'barak2022', short: 'Barak et al., 2022', text: 'Boaz Barak, Benjamin Edelman, Surbhi Goel, Sham Kakade, Eran Malach, Cyril Zhang (2022). Hidden Progress in Deep Learning: SGD Learns Parities Near the Computational Limit. NeurIPS 2022.' },
	{ key: 'power2022', short: 'Power et al., 2022', text: 'Alethea Power, Yuri Burda, Harri Edwards, Igor Babuschkin, Vedant Misra (2022). Grokking: Generalization Beyond Overfitting on Small Algorithmic Datasets. arXiv:2201.02177.' },
	{ key: 'nanda2023', short: 'Nanda et al., 2023', text: 'Neel Nanda, Lawrence Chan, Tom Lieberum, Jess Smith, Jacob Steinhardt (2023). Progress Measures for Grokking via Mechanistic Interpretability. ICLR 2023.' },
	{ key: 'abbe2023', short: 'Abbe et al., 2023', text: 'Emmanuel Abbe, Elisabetta Cornacchia, Aryo Lotfi (2023). Provable Advantage of Curriculum Learning on Parity Targets with Mixed Inputs. NeurIPS 2023.' },
	{ key: 'li2018', short: 'Li et al., 2018', text: 'Hao Li, Zheng Xu, Gavin Taylor, Christoph Studer, Tom Goldstein (2018). Visualizing the Loss Landscape of Neural Nets. NeurIPS 2018.' },
	{ key: 'dauphin2014', short: 'Dauphin et al., 2014', text: 'Yann Dauphin, Razvan Pascanu, Caglar Gulcehre, Kyunghyun Cho, Surya Ganguli, Yoshua Bengio (2014). Identifying and Attacking the Saddle Point Problem in High-Dimensional Non-Convex Optimization. NeurIPS 2014.' },
	{ key: 'li2023', short: 'Li et al., 2023', text: 'Zonglin Li et al. (2023). The Lazy Neuron Phenomenon: On Emergence of Activation Sparsity in Transformers. ICLR 2023.' },
	{ key: 'mirzadeh2024', short: 'Mirzadeh et al., 2024', text: 'Iman Mirzadeh et al. (2024). ReLU Strikes Back: Exploiting Activation Sparsity in Large Language Models. ICLR 2024.' },
	{ key: 'wortsman2024', short: 'Wortsman et al., 2024', text: 'Mitchell Wortsman et al. (2024). Small-Scale Proxies for Large-Scale Transformer Training Instabilities. ICLR 2024.' },
	{ key: 'elhage2021', short: 'Elhage et al., 2021', text: 'Nelson Elhage et al. (2021). A Mathematical Framework for Transformer Circuits. Transformer Circuits Thread.' }
];

export const refIndex = (key: string) => REFS.findIndex((r) => r.key === key) + 1;

/** Footnotes, numbered in this order. */
export const NOTES: Record<string, string> = {
	rng: 'Our random streams are not PyTorch’s: seed 1 here is not the paper’s seed 1, but the runs follow the same distribution (same initialisation law, same data law, same optimiser).',
	nbemb:
		'As in the authors’ code, the model keeps a third token embedding from the start even when p = 2. It is never used as an input, but it is one more output class, which is why an untrained model’s loss starts near ln 3 rather than ln 2.',
	stars: 'Counting the multisets of k tokens out of p kinds is the classic stars-and-bars count.',
	popsize:
		'The paper averages 100 runs of 1000 epochs per value: about 6·10¹⁰ floating-point operations per value, a minute or two of one laptop core. The figures here train fewer seeds, at the paper’s 1000 epochs, starting as you approach them (one core works, one stays free for the page); the line under each figure says what ran. Our own 100-seed sweep of the full grid is docs/figures/fig7.md.',
	smooth: 'Our choice of g is one of many that meet the paper’s conditions; it is the simplest polynomial that is 0 at the origin, 1 from s = ρ on, and has a continuous first derivative there.'
};
export const NOTE_KEYS = Object.keys(NOTES);
export const noteIndex = (key: string) => NOTE_KEYS.indexOf(key) + 1;

export const BIBTEX_PAPER = `@article{odonnat2024a,
  title   = {A Visual Case Study of the Training Dynamics in Neural Networks},
  author  = {Odonnat, Ambroise and Cabannes, Vivien and Bouaziz, Wassim},
  year    = {2024},
  note    = {Code: https://github.com/facebookresearch/pal}
}`;

export const BIBTEX_ARTICLE = `@misc{flatland2025,
  title        = {Flatland: watch a tiny transformer learn},
  author       = {{The Flatland authors}},
  year         = {2025},
  howpublished = {Interactive article},
  note         = {After Odonnat, Cabannes and Bouaziz (2024), odonnat2024a}
}`;
