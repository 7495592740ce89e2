#!/usr/bin/env python3
"""Benchmark document pairing.

    python scripts/bench_pair.py PAIRING_DIR --pred-out PRED.tsv
    python scripts/bench_pair.py --synthetic 20000

The first form reads the benchmark layout (ko.tsv / en.tsv with id and date,
ko/ID.txt and en/ID.txt one sentence per line), pairs the articles with the
real encoder, writes KO_ID<TAB>EN_ID<TAB>score lines and prints P/R/F1 against
gold.tsv when present.  The second generates N articles per side over a year
with planted features (random unit vectors per sentence; the English
counterpart is a condensed, noisy copy; planted numbers and names; 20% without
counterpart) and runs the same pairing code on them, to measure the algorithm's
time, memory and F1 at scale.  The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import resource
import sys
import time
from pathlib import Path

import numpy as np

from aligner.fileio import read_text, write_text_atomic
from aligner.pair import DocFeatures, Pairing, pair_articles, pair_features
from aligner.records import Article


def _prf(pred: set[tuple[str, str]], gold: set[tuple[str, str]]) -> dict:
    tp = len(pred & gold)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(gold) if gold else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0, "pairs": len(pred)}


def _read_side(root: Path, lang: str) -> list[Article]:
    articles = []
    for number, line in enumerate(read_text(root / f"{lang}.tsv").splitlines(), 1):
        if not line.strip():
            continue
        cols = line.split("\t")
        if len(cols) < 2:
            raise ValueError(f"{root / f'{lang}.tsv'}:{number}: expected ID<TAB>DATE")
        doc_id, date = cols[0].strip(), cols[1].strip()
        sentences = read_text(root / lang / f"{doc_id}.txt").splitlines()
        articles.append(Article(id=doc_id, lang=lang, title="", text="\n".join(sentences),
                                sentences=sentences, published=date or None))
    return articles


def run_dir(root: Path, pred_out: Path) -> dict:
    from aligner.embed import load_encoder

    started = time.time()
    ko, en = _read_side(root, "ko"), _read_side(root, "en")
    result = pair_articles(ko, en, load_encoder())
    write_text_atomic(pred_out, "".join(f"{p.ko_id}\t{p.en_id}\t{p.score}\n" for p in result.pairs))
    report = {"ko": len(ko), "en": len(en), "pairs": len(result.pairs), "seconds": round(time.time() - started, 2)}
    gold_file = root / "gold.tsv"
    if gold_file.exists():
        gold = {tuple(line.split("\t")[:2]) for line in read_text(gold_file).splitlines() if line.strip()}
        report.update(_prf({(p.ko_id, p.en_id) for p in result.pairs}, gold))
    return report


def synthetic(n: int, dim: int = 64, seed: int = 0) -> tuple[list[DocFeatures], list[DocFeatures], set]:
    """n Korean and n English articles over a year; 80% have a counterpart."""
    rng = np.random.default_rng(seed)
    pyrng = random.Random(seed)
    start = dt.date(2024, 1, 1).toordinal()

    def unit(rows: int) -> np.ndarray:
        v = rng.normal(size=(rows, dim)).astype(np.float32)
        return v / np.linalg.norm(v, axis=1, keepdims=True)

    def tokens() -> set[str]:
        return {f"#{pyrng.randint(1, 5000)}" for _ in range(pyrng.randint(0, 4))} | \
               {f"name{pyrng.randint(1, 20000)}" for _ in range(pyrng.randint(0, 2))}

    ko, en, gold = [], [], set()
    paired = int(0.8 * n)
    for k in range(n):
        day = start + int(k * 365 / n)
        sents = unit(rng.integers(5, 16))
        ko.append(DocFeatures(f"k{k}", day, sents, tokens(), 40 * len(sents)))
        if k < paired:  # the rewrite: a subset of sentences, each a noisy copy
            keep = sents[rng.random(len(sents)) < 0.6] if len(sents) > 2 else sents
            noisy = keep + 0.9 * unit(len(keep)) / np.sqrt(1.0)
            noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)
            gap = int(rng.choice([-1, 0, 0, 1]))
            en.append(DocFeatures(f"e{k}", day + gap, noisy, set(pyrng.sample(sorted(ko[-1].tokens), len(ko[-1].tokens) // 2 + 1)) if ko[-1].tokens else set(), 80 * len(noisy)))
            gold.add((f"k{k}", f"e{k}"))
    for k in range(paired, n):  # English articles without counterpart
        day = start + int(k * 365 / n)
        en.append(DocFeatures(f"x{k}", day, unit(rng.integers(3, 9)), tokens(), 300))
    return ko, en, gold


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pairing_dir", nargs="?", type=Path)
    ap.add_argument("--pred-out", type=Path)
    ap.add_argument("--synthetic", type=int, metavar="N", help="N planted articles per side over a year")
    args = ap.parse_args()
    if args.synthetic:
        ko, en, gold = synthetic(args.synthetic)
        started = time.time()
        result: Pairing = pair_features(ko, en)
        report = {"synthetic": args.synthetic, "seconds": round(time.time() - started, 1)}
        report.update(_prf({(p.ko_id, p.en_id) for p in result.pairs}, gold))
    elif args.pairing_dir and args.pred_out:
        report = run_dir(args.pairing_dir, args.pred_out)
    else:
        ap.error("give PAIRING_DIR --pred-out PRED.tsv, or --synthetic N")
    report["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    for key in ("precision", "recall", "f1"):
        if key in report:
            print(f"{key:10s} {report[key]:.4f}")
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
