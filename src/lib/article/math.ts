/**
 * Every formula of the article, by name, as TeX. They are rendered to HTML with KaTeX once, at
 * build (prerender) time, in +page.server.ts: KaTeX itself never reaches the reader's browser.
 */
export const FORMULAS = {
	label: String.raw`y = (x_1 + x_2 + \dots + x_k) \bmod p`,
	sentence: String.raw`x = (x_1, \dots, x_L) \in \{0, \dots, p-1\}^L`,
	embed: String.raw`z_t = \mathrm{N}\big(E(x_t) + P(t)\big), \qquad \mathrm{N}(v) = \frac{v}{\sqrt{\tfrac1d \sum_j v_j^2}}`,
	attend: String.raw`a = \operatorname{softmax}_t\!\Big(\frac{z_t^\top q}{\sqrt d}\Big), \qquad \xi = \sum_{t=1}^{L} a_t\, V z_t`,
	mlp: String.raw`\zeta = \xi + \sum_{i=1}^{h} \sigma\big(w_i^\top \mathrm{N}(\xi) + b_i\big)\, u_i + c`,
	decode: String.raw`p_\theta(y \mid x) = \operatorname{softmax}_y\big(E(y)^\top \zeta\big)`,
	loss: String.raw`\mathcal{L}(\theta) = -\frac1n \sum_{j=1}^{n} \log p_\theta(y_j \mid x_j)`,
	clusters: String.raw`\binom{k+p-1}{k}`,
	clusters25: String.raw`\binom{6}{5} = 6`,
	jacobian: String.raw`\frac{\partial}{\partial v}\,\frac{v}{\|v\|} = \frac{1}{\|v\|}\Big(I - \frac{v v^\top}{\|v\|^2}\Big)`,
	stepSize: String.raw`\eta < \|v\|`,
	smooth: String.raw`\tilde{\mathrm N}(v) = g\big(s/\rho\big)\, \mathrm N(v), \quad s = \sqrt{\tfrac1d \textstyle\sum_j v_j^2}, \quad g(t) = \begin{cases} t(2-t) & t < 1 \\ 1 & t \ge 1 \end{cases}`,
	sparsity: String.raw`S(\varepsilon) = \frac{1}{n h}\, \#\Big\{ (j, i) : \big|\sigma\big(w_i^\top \mathrm N(\xi_j) + b_i\big)\big| < \varepsilon \Big\}`,
	gelu: String.raw`\sigma(u) = u\, \Phi(u)`,
	gradNorm: String.raw`\|\nabla_{\theta_\ell} \mathcal L\|_2`,
	dims: String.raw`d = 2`,
	xi: String.raw`\xi`,
	zeta: String.raw`\zeta`,
	q: String.raw`q`,
	V: String.raw`V`,
	Pt: String.raw`P(t)`,
	Ex: String.raw`E(x)`,
	pEq2: String.raw`p = 2`,
	nPoss: String.raw`2^{12} = 4096`
} as const;

export type FormulaName = keyof typeof FORMULAS;
/** Formulas shown as display (block) math; the others are inline. */
export const DISPLAY: ReadonlySet<FormulaName> = new Set(['label', 'embed', 'attend', 'mlp', 'decode', 'loss', 'jacobian', 'smooth', 'sparsity']);
