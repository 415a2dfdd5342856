"""Self-checks of the PyTorch reference; tests/unit/parity/reference.test.ts runs them. Exit status 0 when all
hold; one line per check on stdout.

    /usr/bin/python3 reference/check.py [FIXTURE.json ...]

1. A population is R independent models: one step of R stacked models (summed losses, one Adam)
   gives each model the parameters that training it alone gives (float64, to 1e-12).
2. evaluate() in chunks of rows equals one pass (populations are evaluated in chunks).
3. Every fixture given is reproduced by the command it records (its numbers to 1e-12, its data and
   batches exactly): the fixtures in tests/fixtures are what make_fixture.py writes today.
"""
import json
import os
import shlex
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_fixture  # noqa: E402
import model  # noqa: E402

TOL = 1e-12


def population_is_independent():
    torch.set_default_dtype(torch.float64)
    cfg = model.make_config(n=30, batch=6, d=3, h=7, norm="smooth", rho=1.5, mlp_lr_discount=2.0, lr=0.05)
    R, steps = 4, 3
    gen = torch.Generator().manual_seed(0)
    init = model.init_params(cfg, R, gen, dtype=torch.float64)
    X = torch.randint(0, cfg["p"], (R, steps, cfg["batch"], cfg["L"]), generator=gen)
    Y = model.labels(X, cfg)
    stacked = {k: v.clone().requires_grad_(True) for k, v in init.items()}
    opt = model.adam(stacked, cfg)
    for s in range(steps):
        opt.zero_grad()
        model.losses(stacked, X[:, s], Y[:, s], cfg).sum().backward()
        opt.step()
    worst = 0.0
    for r in range(R):
        alone = {k: v[r:r + 1].clone().requires_grad_(True) for k, v in init.items()}
        opt1 = model.adam(alone, cfg)
        for s in range(steps):
            opt1.zero_grad()
            model.losses(alone, X[r:r + 1, s], Y[r:r + 1, s], cfg).sum().backward()
            opt1.step()
        for k in model.PARAM_NAMES:
            a, b = stacked[k][r].detach(), alone[k][0].detach()
            worst = max(worst, ((a - b).norm() / b.norm()).item())
    return worst < TOL, f"population of {R} = {R} models alone after {steps} Adam steps: max rel err {worst:.1e}"


def evaluation_in_chunks():
    """evaluate() over rows in small chunks gives what one pass over all rows gives."""
    torch.set_default_dtype(torch.float64)
    cfg = model.make_config(n=50, d=3, h=5)
    gen = torch.Generator().manual_seed(1)
    params = model.init_params(cfg, 3, gen, dtype=torch.float64)
    X = torch.randint(0, cfg["p"], (3, 50, cfg["L"]), generator=gen)
    Y = model.labels(X, cfg)
    whole = model.evaluate(params, X, Y, cfg, chunk_elements=1 << 30)
    parts = model.evaluate(params, X, Y, cfg, chunk_elements=3 * 7 * (3 * cfg["L"] * 3 + 2 * 5))  # 7 rows a chunk
    worst = max((a - b).abs().max().item() for a, b in zip(whole, parts))
    return worst < TOL, f"evaluation in chunks of 7 rows = in one pass: max abs diff {worst:.1e}"


def flat(x):
    if isinstance(x, list):
        for v in x:
            yield from flat(v)
    else:
        yield x


def max_rel(a, b):
    a, b = torch.tensor(list(flat(a)), dtype=torch.float64), torch.tensor(list(flat(b)), dtype=torch.float64)
    if a.shape != b.shape:
        return float("inf")
    den = b.norm().item()
    return (a - b).norm().item() / (den if den > 0 else 1.0)


def fixture_reproduces(path):
    with open(path) as f:
        old = json.load(f)
    argv = shlex.split(old.get("command", ""))
    if len(argv) < 3 or not argv[1].endswith("make_fixture.py"):
        return False, f"{path}: no make_fixture.py command recorded"
    _, cfg, steps = make_fixture.parse(argv[2:])
    new = make_fixture.fixture(cfg, steps)
    if new["config"] != old["config"] or new["data"] != old["data"] or new["adam"]["batches"] != old["adam"]["batches"]:
        return False, f"{path}: config, data or batches differ from what its command writes"
    errs = dict(
        params=max(max_rel(new["params"][k], old["params"][k]) for k in model.PARAM_NAMES),
        logits=max_rel(new["batch"]["logits"], old["batch"]["logits"]),
        loss=max_rel([new["batch"]["loss"]], [old["batch"]["loss"]]),
        intermediates=max(max_rel(new["batch"]["intermediates"][k], v) for k, v in old["batch"]["intermediates"].items()),
        grads=max(max_rel(new["batch"]["grads"][k], old["batch"]["grads"][k]) for k in model.PARAM_NAMES),
        losses=max_rel(new["adam"]["losses"], old["adam"]["losses"]),
        final=max(max_rel(new["adam"]["final_params"][k], old["adam"]["final_params"][k]) for k in model.PARAM_NAMES),
    )
    worst = max(errs.values())
    return worst < TOL, f"{path}: its command reproduces it, max rel err {worst:.1e}"


def main(paths):
    results = [population_is_independent(), evaluation_in_chunks()] + [fixture_reproduces(p) for p in paths]
    for ok, line in results:
        print(("ok   " if ok else "FAIL ") + line)
    sys.exit(0 if all(ok for ok, _ in results) else 1)


if __name__ == "__main__":
    main(sys.argv[1:])
