#!/usr/bin/env python3
"""Surface baselines for the built-in probing tasks: how far a classifier gets without a model.

Reads the JSONL files written by the DumpBuiltinDatasets test (one per task, lines with split, label
and text), trains each baseline on train and prints its test accuracy per task as a Markdown table:

  majority     the most frequent training label
  first word   one-hot of the first whitespace token
  length       one-hot of the number of whitespace tokens
  BoW          CountVectorizer(ngram_range=(1, 2)) counts, scikit-learn's default tokens (lower case,
               words of two or more letters or digits)
  BoW+         the same on every whitespace token as written (case, punctuation, one-letter words)

Usage: surface_baselines.py DUMP_DIRECTORY
"""
import json
import sys
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import OneHotEncoder


def read(path):
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    by_split = {}
    for row in rows:
        by_split.setdefault(row["split"], ([], []))
        by_split[row["split"]][0].append(row["text"])
        by_split[row["split"]][1].append(row["label"])
    return by_split["train"], by_split["test"]


def accuracy(model, x_train, y_train, x_test, y_test):
    model.fit(x_train, y_train)
    return float(np.mean(model.predict(x_test) == np.asarray(y_test)))


def one_hot_baseline(feature, train, test):
    encoder = OneHotEncoder(handle_unknown="ignore")
    x_train = encoder.fit_transform([[feature(t)] for t in train[0]])
    x_test = encoder.transform([[feature(t)] for t in test[0]])
    return accuracy(LogisticRegression(max_iter=5000), x_train, train[1], x_test, test[1])


def bow_baseline(vectorizer, train, test):
    x_train = vectorizer.fit_transform(train[0])
    x_test = vectorizer.transform(test[0])
    return accuracy(LogisticRegression(max_iter=5000), x_train, train[1], x_test, test[1])


def main(directory):
    print("| task | classes | majority | first word | length | BoW | BoW+ |")
    print("|---|---|---|---|---|---|---|")
    for path in sorted(Path(directory).glob("*.jsonl")):
        train, test = read(path)
        labels, counts = np.unique(train[1], return_counts=True)
        majority = float(np.mean(np.asarray(test[1]) == labels[np.argmax(counts)]))
        first = one_hot_baseline(lambda t: t.split(" ")[0], train, test)
        length = one_hot_baseline(lambda t: len(t.split(" ")), train, test)
        bow = bow_baseline(CountVectorizer(ngram_range=(1, 2)), train, test)
        bow_all = bow_baseline(CountVectorizer(ngram_range=(1, 2), lowercase=False, token_pattern=r"\S+"),
                               train, test)
        name = path.stem.replace("__", "/")
        print(f"| `{name}` | {len(labels)} | {majority:.3f} | {first:.3f} | {length:.3f} | {bow:.3f} | {bow_all:.3f} |",
              flush=True)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
