#!/usr/bin/python3
"""scikit-learn's reference for the probe benchmark (io.fathom.bench.SklearnReference).

Reads one layer's splits as ProbeBenchmark wrote them (raw float32 rows and int32 labels, the values
fathom's trainer reads), standardises them as LinearProbe.Standardizer does (train mean and
population standard deviation, constant features zeroed), trains LogisticRegression(solver='lbfgs',
multinomial for more than two classes, max_iter=500 as LinearProbe's cap, otherwise scikit-learn's
defaults) for every C of the grid from the smallest, each from scratch, keeps the C with the best
dev accuracy (ties keep the smaller C) and prints one JSON line.
usage: sklearn_probe.py DIR DIM C [C ...]
"""
import json
import sys
import time

import numpy as np
from sklearn.linear_model import LogisticRegression


def load(directory, split, dim):
    x = np.fromfile(f"{directory}/{split}.f32", dtype="<f4").reshape(-1, dim)
    y = np.fromfile(f"{directory}/{split}.i32", dtype="<i4")
    return x, y


def main():
    directory, dim, grid = sys.argv[1], int(sys.argv[2]), sorted(float(c) for c in sys.argv[3:])
    t = time.perf_counter()
    train, dev, test = (load(directory, s, dim) for s in ("train", "dev", "test"))
    load_seconds = time.perf_counter() - t
    start = time.perf_counter()
    x = train[0].astype(np.float64)
    mean = x.mean(axis=0)
    variance = np.maximum((x * x).mean(axis=0) - mean * mean, 0)
    inverse = np.where(variance > 1e-12, 1 / np.sqrt(np.where(variance > 1e-12, variance, 1)), 0)
    mean, inverse = mean.astype(np.float32), inverse.astype(np.float32)
    xs = [(s[0] - mean) * inverse for s in (train, dev, test)]
    per_c, best, best_dev, best_c = [], None, -1.0, None
    for c in grid:
        t = time.perf_counter()
        model = LogisticRegression(C=c, solver="lbfgs", max_iter=500).fit(xs[0], train[1])
        dev_accuracy = float((model.predict(xs[1]) == dev[1]).mean())
        per_c.append({"c": c, "seconds": time.perf_counter() - t, "dev": dev_accuracy,
                      "iterations": int(np.max(model.n_iter_))})
        if dev_accuracy > best_dev:
            best, best_dev, best_c = model, dev_accuracy, c
    test_accuracy = float((best.predict(xs[2]) == test[1]).mean())
    print(json.dumps({"chosenC": best_c, "dev": best_dev, "test": test_accuracy,
                      "seconds": time.perf_counter() - start, "loadSeconds": load_seconds, "perC": per_c}))


if __name__ == "__main__":
    main()
