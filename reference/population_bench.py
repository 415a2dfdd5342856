"""PyTorch's throughput on a population: R independent models trained at once, vectorised over a
leading model axis (model.py), on the CPU or a CUDA GPU. Prints one JSON line on stdout:

    python3 reference/population_bench.py --device cuda --R 1024 --steps 200
    {"bench": "population", "device": "cuda", ..., "model_steps_per_s": ..., "ms_per_step": ...}

A model-step is one Adam step of one model. Each model has its own data set (n sequences drawn with
torch's generator), its own initial weights (SPEC.md's distributions) and its own shuffle every epoch
(batches of `batch` rows in a fresh random order; the epoch's last batch is short when batch does not
divide n). With --eval, every model's loss and accuracy on its whole train and test sets are measured
after every epoch, as Flatland's engines do; without it only training steps are timed.

Needs only torch and model.py beside this file. Eager PyTorch, as a user would write it; the first
--warmup steps (and one evaluation) are not timed; CUDA is synchronised before the clock is read.
"""
import argparse
import json
import math
import os
import sys
import time

try:
    import torch
except ImportError:
    sys.exit("population_bench.py: PyTorch is not installed for this python3")

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import model  # noqa: E402

BENCH_FIELDS = ("p", "L", "k", "d", "h", "nb_emb", "n", "batch", "lr", "norm", "rho", "mlp_lr_discount")


def parse(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--device", choices=("cpu", "cuda"), default="cpu", help="where to train (default cpu)")
    ap.add_argument("--R", type=int, default=64, help="models trained at once (default 64)")
    ap.add_argument("--steps", type=int, default=200, help="timed Adam steps of every model (default 200)")
    ap.add_argument("--warmup", type=int, default=10, help="untimed steps first (default 10)")
    ap.add_argument("--eval", action="store_true", help="measure loss and accuracy on the full train and test sets after every epoch")
    ap.add_argument("--dtype", choices=("float32", "float64"), default="float32")
    ap.add_argument("--threads", type=int, default=0, help="CPU threads for torch (default: torch's own choice)")
    ap.add_argument("--seed", type=int, default=0, help="seed of torch's generator (data, weights, shuffles)")
    for key in BENCH_FIELDS:
        ap.add_argument(f"--{key}", type=type(model.DEFAULTS[key]), default=model.DEFAULTS[key], help=f"config field (default {model.DEFAULTS[key]})")
    a = ap.parse_args(argv)
    if a.R < 1 or a.steps < 1 or a.warmup < 0:
        ap.error("--R and --steps must be at least 1, --warmup at least 0")
    if a.device == "cuda" and not torch.cuda.is_available():
        ap.error("--device cuda: torch sees no CUDA device (torch.cuda.is_available() is False)")
    try:
        cfg = model.make_config(**{k: getattr(a, k) for k in BENCH_FIELDS})
    except ValueError as e:
        ap.error(str(e))
    return a, cfg


class Population:
    """R models, their data and Adam, stepping through their own epochs."""

    def __init__(self, cfg, R, device, dtype, seed):
        self.cfg, self.R, self.device = cfg, R, device
        self.gen = torch.Generator(device=device).manual_seed(seed)
        n, L = cfg["n"], cfg["L"]
        # Tokens as uint8 (p <= 16): R = 65536 models of 2 x 2048 x 12 tokens fit in 3.2 GB.
        self.X = torch.randint(0, cfg["p"], (R, 2 * n, L), generator=self.gen, device=device, dtype=torch.uint8)
        self.Y = model.labels(self.X, cfg).to(torch.uint8)
        init = model.init_params(cfg, R, self.gen, dtype=dtype, device=device)
        self.params = {k: v.requires_grad_(True) for k, v in init.items()}
        self.opt = model.adam(self.params, cfg)
        self.spe = model.steps_per_epoch(cfg)
        self.rows = torch.arange(R, device=device).view(R, 1)
        self.step_no = 0
        self.order = None

    def step(self):
        cfg = self.cfg
        s = self.step_no % self.spe
        if s == 0:  # a fresh shuffle of every model's training set
            self.order = torch.argsort(torch.rand(self.R, cfg["n"], generator=self.gen, device=self.device), dim=1)
        idx = self.order[:, s * cfg["batch"]:(s + 1) * cfg["batch"]]
        xb, yb = self.X[self.rows, idx].long(), self.Y[self.rows, idx].long()
        loss = model.losses(self.params, xb, yb, cfg).sum()
        self.opt.zero_grad(set_to_none=True)
        loss.backward()
        self.opt.step()
        self.step_no += 1
        return loss

    def evaluate(self):
        n = self.cfg["n"]
        train = model.evaluate(self.params, self.X[:, :n], self.Y[:, :n], self.cfg)
        test = model.evaluate(self.params, self.X[:, n:], self.Y[:, n:], self.cfg)
        return train, test


def main(argv):
    a, cfg = parse(argv)
    if a.threads:
        torch.set_num_threads(a.threads)
    device = torch.device(a.device)
    dtype = dict(float32=torch.float32, float64=torch.float64)[a.dtype]
    sync = torch.cuda.synchronize if device.type == "cuda" else (lambda: None)
    pop = Population(cfg, a.R, device, dtype, a.seed)
    evals = 0

    def run(steps):
        nonlocal evals
        loss = None
        for _ in range(steps):
            loss = pop.step()
            if a.eval and pop.step_no % pop.spe == 0:
                pop.evaluate()
                evals += 1
        return loss

    run(a.warmup)
    if a.eval:
        pop.evaluate()
    sync()
    evals = 0
    t0 = time.perf_counter()
    loss = run(a.steps)
    sync()
    secs = time.perf_counter() - t0
    (train_loss, _), (test_loss, test_acc) = pop.evaluate()
    out = dict(
        bench="population", device=a.device,
        device_name=torch.cuda.get_device_name(device) if device.type == "cuda" else "cpu",
        torch=torch.__version__, threads=torch.get_num_threads(), dtype=a.dtype, R=a.R, steps=a.steps,
        warmup=a.warmup, eval=a.eval, evaluations=evals, steps_per_epoch=pop.spe, seconds=secs,
        model_steps_per_s=a.R * a.steps / secs, ms_per_step=1000 * secs / a.steps,
        loss_per_model=loss.item() / a.R, mean_train_loss=train_loss.mean().item(),
        mean_test_loss=test_loss.mean().item(), mean_test_acc=test_acc.mean().item(),
        config={k: cfg[k] for k in BENCH_FIELDS},
    )
    if not all(math.isfinite(out[k]) for k in ("loss_per_model", "mean_train_loss")):
        out["warning"] = "non-finite loss"
    print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
