/**
 * Adam in PyTorch's bias-corrected form (torch.optim.Adam, no weight decay, no amsgrad):
 *   m ← β1 m + (1 − β1) g            v ← β2 v + (1 − β2) g²
 *   w ← w − (lr / (1 − β1^t)) · m / (sqrt(v) / sqrt(1 − β2^t) + ε)
 * The MLP tensors use lr / mlp_lr_discount.
 */
import type { Config } from './config';
import { MLP_PARAMS, PARAM_NAMES, type Layout } from './params';

export type AdamConfig = Pick<Config, 'lr' | 'beta1' | 'beta2' | 'adam_eps' | 'mlp_lr_discount'>;

export class Adam {
	readonly m: Float64Array;
	readonly v: Float64Array;
	t = 0;
	/** Learning rate of each parameter entry. */
	private readonly lrs: Float64Array;

	constructor(
		readonly cfg: AdamConfig,
		lay: Layout
	) {
		this.m = new Float64Array(lay.total);
		this.v = new Float64Array(lay.total);
		this.lrs = new Float64Array(lay.total);
		for (const name of PARAM_NAMES) {
			const lr = MLP_PARAMS.includes(name) ? cfg.lr / cfg.mlp_lr_discount : cfg.lr;
			this.lrs.fill(lr, lay[name].offset, lay[name].offset + lay[name].size);
		}
	}

	step(w: Float64Array, g: ArrayLike<number>): void {
		const { beta1: b1, beta2: b2, adam_eps: eps } = this.cfg;
		this.t++;
		const bc1 = 1 - b1 ** this.t;
		const sbc2 = Math.sqrt(1 - b2 ** this.t);
		for (let i = 0; i < w.length; i++) {
			this.m[i] = b1 * this.m[i] + (1 - b1) * g[i];
			this.v[i] = b2 * this.v[i] + (1 - b2) * g[i] * g[i];
			w[i] -= (this.lrs[i] / bc1) * (this.m[i] / (Math.sqrt(this.v[i]) / sbc2 + eps));
		}
	}
}
