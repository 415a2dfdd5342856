"""One Flatland run in PyTorch, and PyTorch's single-run speed.

    /usr/bin/python3 reference/train.py --seed 1 --epochs 1000 [--FIELD VALUE ...] [--log] [--dtype float64]

The run (config, seed) as `flatland train` trains it: the same training and test sets, initial
weights and per-epoch batch order (rng.py), the same model and Adam (model.py), and after every epoch
loss and accuracy on the full train and test sets. With --log, one JSON line per epoch, as
`flatland train` prints them ({"epoch", "loss", "acc", "test_loss", "test_acc"}, epoch counting
from 1). The last line is a summary: {"bench": "single", "seconds", "steps", "steps_per_s", ...,
"final": {...}}. In float64 the numbers follow the TypeScript reference's to rounding; float32 (the
default, as a user would train) is what the speed figure is about. One CPU thread unless --threads.
"""
import argparse
import json
import math
import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import model  # noqa: E402
import rng  # noqa: E402


def parse(argv):
    ap = argparse.ArgumentParser(description="Train one Flatland run in PyTorch (CPU).")
    ap.add_argument("--log", action="store_true", help="print every epoch's metrics as a JSON line")
    ap.add_argument("--dtype", choices=("float32", "float64"), default="float32")
    ap.add_argument("--threads", type=int, default=1, help="CPU threads for torch (default 1)")
    for key, value in model.DEFAULTS.items():
        ap.add_argument(f"--{key}", type=type(value), default=value)
    a = ap.parse_args(argv)
    try:
        cfg = model.make_config(**{k: getattr(a, k) for k in model.DEFAULTS})
    except ValueError as e:
        ap.error(str(e))
    return a, cfg


def main(argv):
    a, cfg = parse(argv)
    torch.set_num_threads(a.threads)
    dtype = dict(float32=torch.float32, float64=torch.float64)[a.dtype]
    seed, n, B = cfg["seed"], cfg["n"], cfg["batch"]
    Xtr, Xte = (torch.from_numpy(x).unsqueeze(0) for x in rng.dataset(cfg, seed))
    Ytr, Yte = model.labels(Xtr, cfg), model.labels(Xte, cfg)
    params = {k: torch.from_numpy(v).to(dtype).unsqueeze(0).requires_grad_(True) for k, v in rng.init_params(cfg, seed).items()}
    opt = model.adam(params, cfg)
    spe = model.steps_per_epoch(cfg)
    last = None
    t0 = time.perf_counter()
    for epoch in range(cfg["epochs"]):
        order = torch.from_numpy(rng.epoch_order(n, seed, epoch))
        for s in range(spe):
            rows = order[s * B:(s + 1) * B]
            loss = model.losses(params, Xtr[:, rows], Ytr[:, rows], cfg).sum()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
        (tl, ta), (vl, va) = model.evaluate(params, Xtr, Ytr, cfg), model.evaluate(params, Xte, Yte, cfg)
        last = dict(epoch=epoch + 1, loss=tl.item(), acc=ta.item(), test_loss=vl.item(), test_acc=va.item())
        if a.log:
            print(json.dumps(last), flush=True)
        if not math.isfinite(last["loss"]):
            break
    secs = time.perf_counter() - t0
    steps = (last["epoch"] if last else 0) * spe
    print(json.dumps(dict(bench="single", torch=torch.__version__, dtype=a.dtype, threads=torch.get_num_threads(),
                          epochs=last["epoch"] if last else 0, seconds=secs, steps=steps,
                          steps_per_s=steps / secs if secs > 0 else 0, final=last)), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
