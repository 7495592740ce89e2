#!/usr/bin/env python3
"""Calibrate the absolute pairing threshold on known translated and known unrelated articles.

    python scripts/calibrate_pairing.py ../shared/data [--encoder use-m3] [--drop 0.25] [--seed 0]

Articles come from the bundled parallel data: FLORES-200 devtest (sentences
grouped by source URL) and WMT24++ en-ko (segments grouped by document id,
split into sentences).  Each Korean article's true English counterpart loses
`--drop` of its sentences (a condensed rewrite, as KBS World writes them);
every other combination of a Korean and an English article is a known
unrelated pair.  All pairs are scored exactly as `aligner pair` scores them
(sentence best match plus the shared-token bonus), and the script prints both
score distributions and

* MIN_SCORE: the lowest score, in steps of 0.01, that at most 1 in 4,000
  unrelated pairs reaches, with the share of true pairs it keeps;
* UNRELATED_SCORE: the median score of an unrelated pair,

the two constants of `aligner/pair.py`.  The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import numpy as np

from aligner.embed import DEFAULT_ENCODER, load_encoder
from aligner.pair import PairOptions, article_features, pair_scores
from aligner.records import Article
from aligner.segment import split_sentences

MAX_FALSE_ACCEPT = 1 / 4000


def load_documents(data: Path) -> list[tuple[str, list[str], list[str]]]:
    """(source, Korean sentences, English sentences) of every article of the bundled data."""
    docs: list[tuple[str, list[str], list[str]]] = []
    flores = data / "flores200-koen"
    metadata = (flores / "metadata_devtest.tsv").read_text(encoding="utf-8").splitlines()[1:]
    urls = [line.split("\t")[0] for line in metadata]
    ko = (flores / "kor_Hang.devtest").read_text(encoding="utf-8").splitlines()
    en = (flores / "eng_Latn.devtest").read_text(encoding="utf-8").splitlines()
    last = None
    for url, k, e in zip(urls, ko, en):
        if url != last:
            docs.append(("flores", [], []))
            last = url
        docs[-1][1].append(k)
        docs[-1][2].append(e)
    last = None
    for line in (data / "wmt24pp-enko" / "en-ko_KR.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["domain"] == "canary" or row.get("is_bad_source"):
            continue
        if row["document_id"] != last:
            docs.append((f"wmt24pp-{row['domain']}", [], []))
            last = row["document_id"]
        docs[-1][1].extend(split_sentences(row["target"], "ko"))
        docs[-1][2].extend(split_sentences(row["source"], "en"))
    return [d for d in docs if d[1] and d[2]]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", type=Path, help="the shared data folder (flores200-koen/, wmt24pp-enko/)")
    ap.add_argument("--encoder", default=DEFAULT_ENCODER)
    ap.add_argument("--drop", type=float, default=0.25, help="share of English sentences dropped")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()

    docs = load_documents(args.data)
    rng = random.Random(args.seed)
    ko, en = [], []
    for k, (_, ko_sents, en_sents) in enumerate(docs):
        kept = [s for s in en_sents if rng.random() >= args.drop] or en_sents[:1]
        ko.append(Article(id=f"k{k}", lang="ko", title="", text="\n".join(ko_sents), sentences=ko_sents))
        en.append(Article(id=f"e{k}", lang="en", title="", text="\n".join(kept), sentences=kept))
    encoder = load_encoder(args.encoder)
    scores = pair_scores(article_features(ko, encoder), article_features(en, encoder), PairOptions())
    true = np.diag(scores)
    unrelated = scores[~np.eye(len(docs), dtype=bool)]

    steps = np.round(np.arange(0.0, 1.0, 0.01), 2)
    min_score = float(next(t for t in steps if np.mean(unrelated >= t) <= MAX_FALSE_ACCEPT))
    report = {
        "encoder": args.encoder, "articles": len(docs), "unrelated_pairs": int(unrelated.size),
        "true_percentiles": dict(zip(("p1", "p5", "p50"), np.percentile(true, [1, 5, 50]).round(3).tolist())),
        "unrelated_percentiles": dict(zip(("p50", "p99", "p99.9", "max"),
                                          np.percentile(unrelated, [50, 99, 99.9, 100]).round(3).tolist())),
        "MIN_SCORE": min_score,
        "false_accept_rate": round(float(np.mean(unrelated >= min_score)), 6),
        "true_pairs_kept": round(float(np.mean(true >= min_score)), 4),
        "UNRELATED_SCORE": round(float(np.median(unrelated)), 2),
    }
    for source in sorted({d[0] for d in docs}):
        picked = np.array([d[0] == source for d in docs])
        print(f"{source:18s} {picked.sum():4d} articles, true pairs kept at MIN_SCORE: "
              f"{np.mean(true[picked] >= min_score):.3f}")
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
