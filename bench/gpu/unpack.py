#!/usr/bin/env python3
"""The kit's fallbacks where the GPU machine lacks xz or dpkg (python3 is there: PyTorch needs it).

    python3 unpack.py xz FILE.xz OUT        decompress (what `xz -dc FILE.xz > OUT` does)
    python3 unpack.py deb FILE.deb DIR      extract a Debian package's files (what `dpkg -x` does)
"""
import io
import lzma
import os
import shutil
import sys
import tarfile


def unxz(src, dst):
    with lzma.open(src) as i, open(dst, "wb") as o:
        shutil.copyfileobj(i, o, 1 << 20)


def members(tar, dest):
    """Refuse paths that would land outside dest (python < 3.12 has no extraction filter)."""
    root = os.path.realpath(dest)
    for m in tar.getmembers():
        target = os.path.realpath(os.path.join(dest, m.name))
        if target != root and not target.startswith(root + os.sep):
            raise SystemExit(f"unpack.py: refusing {m.name!r}: outside {dest}")
        if m.isdev():
            continue
        yield m


def undeb(src, dest):
    with open(src, "rb") as f:
        data = f.read()
    if data[:8] != b"!<arch>\n":
        raise SystemExit(f"unpack.py: {src} is not a Debian package (no ar header)")
    pos = 8
    while pos + 60 <= len(data):
        header = data[pos:pos + 60]
        name = header[:16].decode("ascii").strip().rstrip("/")
        size = int(header[48:58].decode("ascii").strip())
        body = data[pos + 60:pos + 60 + size]
        if name.startswith("data.tar"):
            if name.endswith(".zst"):
                raise SystemExit(f"unpack.py: {src} is zstd-compressed, which python cannot read: install dpkg or zstd")
            mode = {".xz": "r:xz", ".gz": "r:gz", ".bz2": "r:bz2"}.get(os.path.splitext(name)[1], "r:")
            os.makedirs(dest, exist_ok=True)
            with tarfile.open(fileobj=io.BytesIO(body), mode=mode) as tar:
                safe = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
                tar.extractall(dest, members=list(members(tar, dest)), **safe)
            return
        pos += 60 + size + (size & 1)
    raise SystemExit(f"unpack.py: {src} has no data.tar member")


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in ("xz", "deb"):
        raise SystemExit(__doc__.strip())
    (unxz if sys.argv[1] == "xz" else undeb)(sys.argv[2], sys.argv[3])
