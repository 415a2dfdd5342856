"""Flatland's counter-based random numbers (src/lib/core/rng.ts), data, initialisation and epoch
order, in numpy: with them a PyTorch run of (config, seed) draws the same training and test sets, the
same initial weights and the same batch order as `flatland train` with that config and seed.

Every draw is a pure function of (seed, stream, counter): mix32 is Chris Wellons' triple32 hash on
32-bit unsigned integers, a stream key is mix32(seed ^ mix32(stream + golden ratio)), a draw is
mix32(key ^ mix32(counter)). Evaluated here on uint64 arrays masked to 32 bits (a 32 x 32-bit
product fits in 64 bits, so nothing is lost before the mask).
"""
import math

import numpy as np

from model import shapes

M32 = np.uint64(0xFFFFFFFF)
STREAM = dict(data=1, E=2, P=3, q=4, V=5, W1=6, b1=7, W2=8, b2=9, shuffle=10, probe=11)


def _u(x):
    return np.asarray(x, dtype=np.uint64) & M32


def mix32(x):
    x = _u(x)
    x ^= x >> np.uint64(17)
    x = (x * np.uint64(0xED5AD4BB)) & M32
    x ^= x >> np.uint64(11)
    x = (x * np.uint64(0xAC4C1B51)) & M32
    x ^= x >> np.uint64(15)
    x = (x * np.uint64(0x31848BAB)) & M32
    x ^= x >> np.uint64(14)
    return x


def stream_key(seed, stream):
    return mix32(_u(seed) ^ mix32(_u(stream + 0x9E3779B9)))


def draw32(key, counter):
    return mix32(_u(key) ^ mix32(counter))


def uniform(key, counter):
    """In [0, 1) with 24 bits (float64 values exactly representable in float32)."""
    return (draw32(key, counter) >> np.uint64(8)).astype(np.float64) * (1 / 16777216)


def below(key, counter, m):
    """Integer in [0, m), m <= 256: the top 24 bits scaled."""
    return ((draw32(key, counter) >> np.uint64(8)) * np.uint64(m)) >> np.uint64(24)


def normal(key, counter):
    """Box-Muller from draws 2c and 2c + 1, one normal per counter."""
    c = np.asarray(counter, dtype=np.uint64)
    u1 = 1 - uniform(key, np.uint64(2) * c)
    u2 = uniform(key, np.uint64(2) * c + np.uint64(1))
    return np.sqrt(-2 * np.log(u1)) * np.cos(2 * math.pi * u2)


def dataset(cfg, seed):
    """(X_train, X_test): n x L int64 each, rows 0..n-1 and n..2n-1 of the seed's data stream."""
    n, L = cfg["n"], cfg["L"]
    key = stream_key(seed, STREAM["data"])
    X = below(key, np.arange(2 * n * L, dtype=np.uint64), cfg["p"]).astype(np.int64).reshape(2 * n, L)
    return X[:n], X[n:]


def init_params(cfg, seed):
    """A run's initial parameters as float64 arrays of the shapes in model.shapes, drawn exactly as
    src/lib/core/params.ts does (the MLP per hidden unit, so that h changes how many units, not who)."""
    d, h, s = cfg["d"], cfg["h"], cfg["init_scale"]
    bd, bh = 1 / math.sqrt(d), 1 / math.sqrt(h)
    key = lambda name: stream_key(seed, STREAM[name])
    sym = lambda name, i: 2 * uniform(key(name), i) - 1
    out = {}
    for name, shape in shapes(cfg).items():
        i = np.arange(math.prod(shape), dtype=np.uint64)
        if name in ("E", "P"):
            v = s * normal(key(name), i)
        elif name == "W2":  # column u is unit u: counter u*d + row, independent of h
            r, u = np.meshgrid(np.arange(d, dtype=np.uint64), np.arange(h, dtype=np.uint64), indexing="ij")
            v = s * sym(name, u * np.uint64(d) + r) * bh
        else:
            v = s * (sym(name, i) * (bd if name in ("q", "V", "W1", "b1") else bh))
        out[name] = np.asarray(v, dtype=np.float64).reshape(shape)
    return out


def epoch_order(n, seed, epoch):
    """The sample order of one epoch: a 6-round balanced Feistel permutation of [0, n) on the smallest
    even number of bits covering n, cycle-walking back below n."""
    key = draw32(stream_key(seed, STREAM["shuffle"]), epoch)
    bits = 2
    while (1 << bits) < n:
        bits += 2
    half = np.uint64(bits >> 1)
    mask = np.uint64((1 << (bits >> 1)) - 1)

    def round6(x):
        left, right = x >> half, x & mask
        for k in range(6):
            f = draw32(key, np.uint64(k << 16) | right) & mask
            left, right = right, left ^ f
        return (left << half) | right

    x = round6(np.arange(n, dtype=np.uint64))
    while True:
        out = x >= np.uint64(n)
        if not out.any():
            return x.astype(np.int64)
        x[out] = round6(x[out])


def batch_rows(cfg, seed, steps):
    """The training rows of the first `steps` Adam steps of a run, epoch after epoch (the last batch
    of an epoch is short when batch does not divide n)."""
    n, B = cfg["n"], cfg["batch"]
    spe = math.ceil(n / B)
    out = []
    for step in range(steps):
        epoch, s = divmod(step, spe)
        if s == 0:
            order = epoch_order(n, seed, epoch)
        out.append(order[s * B:min(n, (s + 1) * B)].tolist())
    return out
