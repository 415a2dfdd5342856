"""Write one parity fixture: float64 PyTorch autograd numbers that every engine must reproduce.

    /usr/bin/python3 reference/make_fixture.py tests/fixtures/NAME.json [--FIELD VALUE ...] [--steps N]

FIELD is any config field (p L k d h nb_emb lr batch n seed eps beta1 beta2 adam_eps norm rho
mlp_lr_discount init_scale); fixtures default to n = 256 and 50 Adam steps. The fixture is the run
(config, seed) as Flatland draws it (rng.py): its training set, its initial weights and its batch
order. It holds
  - config (with `steps`), the initial params (row-major nested lists) and the training set;
  - on the first `batch` rows: logits, loss, the intermediates z, attn, xi, hidden, zeta and the
    gradient of every parameter;
  - an Adam trajectory of `steps` steps on explicit batches (the run's epoch order): the loss before
    each step and the params after the last;
  - `command`: the command line that wrote it (check.py reruns it and compares).
"""
import argparse
import json
import os
import shlex
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import model  # noqa: E402
import rng  # noqa: E402

FIXTURE_DEFAULTS = dict(n=256, steps=50)


def parse(argv):
    ap = argparse.ArgumentParser(description="Write a parity fixture (float64 PyTorch autograd).")
    ap.add_argument("out", help="the fixture file to write, e.g. tests/fixtures/NAME.json")
    ap.add_argument("--steps", type=int, default=FIXTURE_DEFAULTS["steps"], help="Adam steps of the trajectory")
    for key, value in model.DEFAULTS.items():
        if key != "epochs":
            ap.add_argument(f"--{key}", type=type(value), default=FIXTURE_DEFAULTS.get(key, value))
    a = ap.parse_args(argv)
    cfg = model.make_config(**{k: getattr(a, k) for k in model.DEFAULTS if k != "epochs"})
    if a.steps < 1:
        ap.error("--steps must be at least 1")
    return a.out, cfg, a.steps


def tolist(t):
    return t.detach().tolist()


def one(params):
    """A single model's tensors as a population of one (leading axis R = 1), as leaves of autograd."""
    return {k: v.detach().clone().unsqueeze(0).requires_grad_(True) for k, v in params.items()}


def fixture(cfg, steps):
    torch.set_default_dtype(torch.float64)
    seed = cfg["seed"]
    X = torch.from_numpy(rng.dataset(cfg, seed)[0])
    Y = model.labels(X, cfg)
    params = {k: torch.from_numpy(v) for k, v in rng.init_params(cfg, seed).items()}

    B = cfg["batch"]
    P = one(params)
    logits, inter = model.forward(P, X[:B].unsqueeze(0), cfg)
    loss = model.losses(P, X[:B].unsqueeze(0), Y[:B].unsqueeze(0), cfg).sum()
    loss.backward()

    batches = rng.batch_rows(cfg, seed, steps)
    P2 = one(params)
    opt = model.adam(P2, cfg)
    traj = []
    for rows in batches:
        step_loss = model.losses(P2, X[rows].unsqueeze(0), Y[rows].unsqueeze(0), cfg).sum()
        opt.zero_grad()
        step_loss.backward()
        opt.step()
        traj.append(step_loss.item())

    return dict(
        description="float64 PyTorch autograd (reference/make_fixture.py); params are row-major nested lists with the shapes below",
        torch=torch.__version__,
        shapes={k: list(v.shape) for k, v in params.items()},
        config=dict(cfg, steps=steps),
        params={k: tolist(v) for k, v in params.items()},
        data=dict(X=tolist(X), Y=tolist(Y)),
        batch=dict(rows="the first `batch` rows of data.X", logits=tolist(logits[0]), loss=loss.item(),
                   intermediates={k: tolist(v[0]) for k, v in inter.items()},
                   grads={k: tolist(v.grad[0]) for k, v in P.items()}),
        adam=dict(batches=batches, losses=traj, final_params={k: tolist(v[0]) for k, v in P2.items()}),
    )


def main(argv):
    out, cfg, steps = parse(argv)
    fx = fixture(cfg, steps)
    fx["command"] = shlex.join(["/usr/bin/python3", "reference/make_fixture.py", *argv])
    with open(out, "w") as f:
        json.dump(fx, f)
        f.write("\n")
    print(f"{out}: loss {fx['batch']['loss']:.6f}, trajectory {fx['adam']['losses'][0]:.6f} -> {fx['adam']['losses'][-1]:.6f}")


if __name__ == "__main__":
    main(sys.argv[1:])
