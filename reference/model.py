"""Flatland's model in PyTorch, for checking our engines and for benchmarking PyTorch itself.

The same math as src/lib/core/model.ts (the float64 TypeScript reference), written with autograd
instead of a hand-written backward pass. Every tensor carries a leading model axis R, so one code
path serves a single run (R = 1), a parity fixture and a population of R independent models:

    e_t  = E[x_t] + P[t]              z_t = N(e_t)        N: RMSNorm, or its smoothed form
    a    = softmax_t(z_t . q / sqrt(d))
    xi   = sum_t a_t V z_t
    zeta = xi + W2 gelu(W1 N(xi) + b1) + b2               gelu: the exact (erf) form
    logits_y = E[y] . zeta                                the decoder is tied to the embedding
    loss = cross-entropy, averaged over each model's batch

N(v) = c(s) v with s = sqrt(mean_j v_j^2): c = 1 / (s + eps) for 'rms'; 'smooth' multiplies that by
g(s / rho), g(t) = t (2 - t) below 1 and 1 above (zero at the origin, RMSNorm away from it).

A population's loss is the SUM over models of each model's mean loss: each model's gradient is then
its own, and Adam (elementwise) over the stacked tensors is R independent Adams.

Only torch and the standard library: population_bench.py carries this file to machines that have
nothing else (a GPU box with PyTorch).
"""
import math

import torch
import torch.nn.functional as F

# Every config field of src/lib/core/config.ts, with its default.
DEFAULTS = dict(p=2, L=12, k=5, d=2, h=32, nb_emb=3, lr=3e-3, batch=32, n=2048, epochs=1000, seed=0,
                eps=1e-5, beta1=0.9, beta2=0.999, adam_eps=1e-8, norm="rms", rho=1.0, mlp_lr_discount=1.0,
                init_scale=1.0)
PARAM_NAMES = ("E", "P", "q", "V", "W1", "b1", "W2", "b2")
MLP_PARAMS = ("W1", "b1", "W2", "b2")
INTS = ("p", "L", "k", "d", "h", "nb_emb", "batch", "n", "epochs", "seed")


def make_config(**overrides):
    """A full config: DEFAULTS with overrides, each cast to its field's type; unknown fields refused."""
    cfg = dict(DEFAULTS)
    for key, value in overrides.items():
        if key not in DEFAULTS:
            raise ValueError(f"unknown config field {key!r} (known: {', '.join(DEFAULTS)})")
        cfg[key] = type(DEFAULTS[key])(value)
    if cfg["nb_emb"] < cfg["p"] or cfg["k"] > cfg["L"] or cfg["batch"] > cfg["n"]:
        raise ValueError("config needs p <= nb_emb, k <= L and batch <= n")
    if cfg["norm"] not in ("rms", "smooth"):
        raise ValueError("norm must be 'rms' or 'smooth'")
    return cfg


def shapes(cfg):
    """Shapes of one model's parameters, row-major, as in src/lib/core/params.ts."""
    d, h = cfg["d"], cfg["h"]
    return dict(E=(cfg["nb_emb"], d), P=(cfg["L"], d), q=(d,), V=(d, d), W1=(h, d), b1=(h,), W2=(d, h), b2=(d,))


def steps_per_epoch(cfg):
    return math.ceil(cfg["n"] / cfg["batch"])


def normalize(v, cfg):
    """N(v) over the last axis."""
    s = v.pow(2).mean(-1, keepdim=True).sqrt()
    out = v / (s + cfg["eps"])
    if cfg["norm"] == "smooth":
        t = s / cfg["rho"]
        out = out * torch.where(t < 1, t * (2 - t), torch.ones_like(t))
    return out


def forward(params, X, cfg):
    """Logits (R, B, nb_emb) and the intermediates of R models on token batches X (R, B, L), long."""
    E, P, q, V = params["E"], params["P"], params["q"], params["V"]
    R = X.shape[0]
    d = E.shape[-1]
    e = E[torch.arange(R, device=X.device).view(R, 1, 1), X] + P.unsqueeze(1)  # R B L d
    z = normalize(e, cfg)
    attn = torch.softmax((z * q.view(R, 1, 1, d)).sum(-1) / math.sqrt(d), dim=-1)  # R B L
    vz = torch.einsum("rblj,rij->rbli", z, V)
    xi = (attn.unsqueeze(-1) * vz).sum(2)  # R B d
    hidden = F.gelu(torch.einsum("rbj,rhj->rbh", normalize(xi, cfg), params["W1"]) + params["b1"].unsqueeze(1))
    zeta = xi + torch.einsum("rbh,rih->rbi", hidden, params["W2"]) + params["b2"].unsqueeze(1)
    logits = torch.einsum("rbi,rvi->rbv", zeta, E)
    return logits, dict(z=z, attn=attn, xi=xi, hidden=hidden, zeta=zeta)


def losses(params, X, Y, cfg):
    """Each model's mean cross-entropy over its batch: (R,)."""
    logits, _ = forward(params, X, cfg)
    R, B, C = logits.shape
    return F.cross_entropy(logits.reshape(R * B, C), Y.reshape(R * B), reduction="none").view(R, B).mean(1)


@torch.no_grad()
def evaluate(params, X, Y, cfg, chunk_elements=None):
    """Mean loss and accuracy of every model on its whole set X (R, n, L): two (R,) tensors.
    Rows are taken in chunks of about chunk_elements numbers per intermediate (default 2^28 on a GPU,
    2^24 on the CPU), so that memory stays bounded for large populations."""
    R, n, L = X.shape
    if chunk_elements is None:
        chunk_elements = 1 << (28 if X.is_cuda else 24)
    per_row = 3 * L * cfg["d"] + 2 * cfg["h"]  # the largest intermediates of one sequence: e, z, V z, hidden
    rows = max(1, chunk_elements // (R * per_row))
    loss = torch.zeros(R, dtype=params["E"].dtype, device=X.device)
    hits = torch.zeros(R, dtype=params["E"].dtype, device=X.device)
    for i in range(0, n, rows):
        xb, yb = X[:, i:i + rows].long(), Y[:, i:i + rows].long()
        logits, _ = forward(params, xb, cfg)
        Rb, B, C = logits.shape
        loss += F.cross_entropy(logits.reshape(Rb * B, C), yb.reshape(-1), reduction="none").view(Rb, B).sum(1)
        hits += (logits.argmax(-1) == yb).sum(1).to(loss.dtype)
    return loss / n, hits / n


def init_params(cfg, R, generator, dtype=torch.float32, device="cpu"):
    """R models drawn from torch's generator, with the distributions of SPEC.md: E, P ~ N(0, 1);
    q, V, W1, b1 ~ U(-1/sqrt(d), 1/sqrt(d)); W2, b2 ~ U(-1/sqrt(h), 1/sqrt(h)); all times init_scale.
    (rng.py draws the very numbers of a Flatland run instead; this is for benchmarks.)"""
    bd, bh = 1 / math.sqrt(cfg["d"]), 1 / math.sqrt(cfg["h"])
    bound = dict(E=None, P=None, q=bd, V=bd, W1=bd, b1=bd, W2=bh, b2=bh)
    out = {}
    for name, shape in shapes(cfg).items():
        size = (R, *shape)
        if bound[name] is None:
            t = torch.randn(size, generator=generator, device=device, dtype=dtype)
        else:
            t = (torch.rand(size, generator=generator, device=device, dtype=dtype) * 2 - 1) * bound[name]
        out[name] = t * cfg["init_scale"]
    return out


def labels(X, cfg):
    """(x_1 + ... + x_k) mod p over the last axis."""
    return X[..., :cfg["k"]].long().sum(-1) % cfg["p"]


def adam(params, cfg, **kwargs):
    """torch.optim.Adam with the MLP at lr / mlp_lr_discount (the engines' rule); params: name -> leaf tensor."""
    groups = [dict(params=[params[k] for k in PARAM_NAMES if k not in MLP_PARAMS], lr=cfg["lr"]),
              dict(params=[params[k] for k in MLP_PARAMS], lr=cfg["lr"] / cfg["mlp_lr_discount"])]
    return torch.optim.Adam(groups, betas=(cfg["beta1"], cfg["beta2"]), eps=cfg["adam_eps"], **kwargs)
