#!/usr/bin/python3
"""scikit-learn's reference for DomainScorer (DomainScorerReferenceTest).

Reads the vectors as the store gives them back (float32 rows), the labels (1 in-domain, 0 general,
-1 unlabelled) and the ids, rebuilds the two folds and their train/dev parts from StableHash as
DomainScorer documents them, standardises each fold's training part (mean, population standard
deviation, constant features zeroed), trains LogisticRegression(solver='lbfgs',
multi_class='multinomial', max_iter=500) for every C of the grid (multinomial: fathom's trainer is a
softmax over both domains, whose L2 penalty on two weight vectors equals the binary form's at 2C), keeps the C with the best dev accuracy (ties keep the smaller C), scores the
other fold and prints one JSON line: the held-out accuracy over the labelled examples, the chosen C
per fold and the in-domain probability of every example.
usage: domain_scorer_reference.py DIR DIM SEED MAX_ROWS C [C ...]
"""
import json
import sys

import numpy as np
from sklearn.linear_model import LogisticRegression

MASK = (1 << 64) - 1


def stable_hash(seed, text):
    """StableHash.of: FNV-1a over UTF-16 code units, then SplitMix64's finaliser (unsigned)."""
    h = (0xcbf29ce484222325 ^ seed) & MASK
    units = text.encode("utf-16-le")
    for i in range(0, len(units), 2):
        h ^= units[i] | (units[i + 1] << 8)
        h = (h * 0x100000001b3) & MASK
    h ^= h >> 30
    h = (h * 0xbf58476d1ce4e5b9) & MASK
    h ^= h >> 27
    h = (h * 0x94d049bb133111eb) & MASK
    return h ^ (h >> 31)


def signed(h):
    return h - (1 << 64) if h >= 1 << 63 else h


def main():
    directory, dim, seed, max_rows = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    grid = sorted(float(c) for c in sys.argv[5:])
    x = np.fromfile(f"{directory}/vectors.f32", dtype="<f4").reshape(-1, dim).astype(np.float64)
    y = np.fromfile(f"{directory}/labels.i32", dtype="<i4")
    ids = open(f"{directory}/ids.txt", encoding="utf-8").read().split("\n")[: len(y)]
    hashes = [stable_hash(seed & MASK, i) for i in ids]
    scores = np.full(len(y), np.nan)
    chosen = []
    for fold in (0, 1):
        scored = [i for i in range(len(y)) if hashes[i] & 1 == fold]
        other = sorted((i for i in range(len(y)) if hashes[i] & 1 != fold and y[i] >= 0),
                       key=lambda i: signed(hashes[i]))[:max_rows]
        dev = [i for i in other if (hashes[i] >> 1) % 5 == 0]
        train = [i for i in other if (hashes[i] >> 1) % 5 != 0]
        mean = x[train].mean(axis=0)
        variance = np.maximum((x[train] ** 2).mean(axis=0) - mean * mean, 0)
        inverse = np.where(variance > 1e-12, 1 / np.sqrt(np.where(variance > 1e-12, variance, 1)), 0)
        standard = (x - mean) * inverse
        best, best_dev, best_c = None, -1.0, None
        for c in grid:
            model = LogisticRegression(C=c, solver="lbfgs", multi_class="multinomial", max_iter=500).fit(standard[train], y[train])
            accuracy = float((model.predict(standard[dev]) == y[dev]).mean())
            if accuracy > best_dev:
                best, best_dev, best_c = model, accuracy, c
        chosen.append(best_c)
        scores[scored] = best.predict_proba(standard[scored])[:, 1]
    labelled = y >= 0
    accuracy = float(((scores[labelled] >= 0.5) == (y[labelled] == 1)).mean())
    print(json.dumps({"heldOutAccuracy": accuracy, "chosenC": chosen, "scores": scores.tolist()}))


if __name__ == "__main__":
    main()
