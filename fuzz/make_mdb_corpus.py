#!/usr/bin/env python3
"""Writes the Access reader's seed corpus: damaged copies of the shared sample files.

The samples are third-party files (../shared/testdata/access), so the corpus is made from them at
test time instead of being committed. Each sample gives: its first pages, a copy cut in the middle
of a page, and copies with bytes flipped in the header page, in the catalog page and anywhere,
all seeded, so every run replays the same bytes.

    make_mdb_corpus.py SAMPLES_DIR OUT_DIR
"""
import os
import random
import sys

SAMPLES = {"nwind.mdb": "nwind", "DateTestDatabase.mdb": "date", "ASampleDatabase.accdb": "accdb"}


def page_size(data):
    # Jet 3 files (version byte 0 at offset 0x14) use 2 KiB pages; Jet 4 and ACE use 4 KiB.
    return 2048 if len(data) > 0x14 and data[0x14] == 0 else 4096


def flipped(data, rng, lo, hi, count=8):
    out = bytearray(data)
    hi = min(hi, len(out))
    for _ in range(count):
        if hi > lo:
            out[rng.randrange(lo, hi)] ^= 1 << rng.randrange(8)
    return bytes(out)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    src, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    rng = random.Random(20261123)
    files = {"empty.mdb": b""}
    for name, stem in SAMPLES.items():
        path = os.path.join(src, name)
        if not os.path.exists(path):
            sys.exit(f"make_mdb_corpus.py: {path} is missing")
        data = open(path, "rb").read()
        ext = os.path.splitext(name)[1]
        page = page_size(data)
        for pages in (1, 2, 3, 8):
            files[f"{stem}_first_{pages}_pages{ext}"] = data[: pages * page]
        files[f"{stem}_cut_mid_page{ext}"] = data[: 5 * page + page // 2]
        head = data[: 24 * page]  # keeps the corpus small
        files[f"{stem}_flip_header{ext}"] = flipped(head, rng, 0, page)
        files[f"{stem}_flip_catalog{ext}"] = flipped(head, rng, 2 * page, 3 * page)
        for i in range(2):
            files[f"{stem}_flip_any_{i}{ext}"] = flipped(head, rng, 0, len(head))
    for name, data in files.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
