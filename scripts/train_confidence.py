#!/usr/bin/env python3
"""Rebuild the confidence model's weights (aligner/confidence_weights.json) from the bundled data.

    python scripts/train_confidence.py ../shared/data [--out aligner/confidence_weights.json]
        [--seed 0] [--rounds 3] [--cache work/confidence-emb.npz] [--mt-model DIR] [--holdout 0.3]

Training material is the parallel data of ../shared/data only (FLORES-200
devtest, Tatoeba, WMT24++), never the benchmark it is measured on.  Sentence
pairs are grouped into pseudo-documents and condensed the way newsroom
rewrites are: neighbouring sentences merged (2-1, 1-2, 3-1), sentences dropped
on either side, neighbours swapped, near-duplicates inserted (a sentence with
a number or a word changed, which has no counterpart) and page chrome added,
at the rates of a "parallel" and of a "comparable" document, `--rounds` times
with different seeds.  The real aligner aligns every document; each bead it
links is a training example, labelled by whether it is exactly a true bead.
So that a pair the aligner would never make is not called a translation
either, a quarter of the documents add one random pair of their sentences as
a negative.
A logistic regression (standardised features, L2, Newton's method) is fitted
twice: ``base`` without MT and ``mt`` with the MT evidence of
`aligner.mt_evidence` (how much better the MT of a bead's Korean side matches its
own English than the English around it).  The ``mt`` variant sees MT of every
quality, simulated from the true English by `simulated_mt.Paraphraser`: near-
perfect, good, realistic (chrF 0.3-0.5 with paraphrase), weak and random output,
each over every document, and good MT cut after 5-12 words; `--mt-model` adds the
translations of a real model.
`--holdout` keeps a share of the documents out of fitting and reports, per MT
level, the log loss, ECE and kept beads of both variants on them (the weights
are then not written).  The same seed gives the same weights.  The last line
printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path
from typing import Callable

import numpy as np

from aligner.align import align_embedded, with_posteriors
from aligner.confidence import (BASE_FEATURES, MT_FEATURES, ConfidenceModel, Variant, WEIGHTS_FILE, bead_features,
                                reliability)
from aligner.mt_evidence import FEATURES as MT_EVIDENCE
from aligner.mt_evidence import agreement, evidence
from aligner.embed import encoder_texts, load_encoder
from aligner.records import Bead
from aligner.segment import split_sentences
from make_align_bench import CHROME_EN, CHROME_KO, NAMES
from simulated_mt import LEVELS, Paraphraser

# per document: (Korean-side merges, English-side merges, triple share, Korean drops, English drops,
# swapped neighbours, near-duplicates, chrome lines per side)
STYLES = {
    "parallel": (0.12, 0.12, 0.10, 0.025, 0.025, 0.03, 0.03, (0, 2)),
    "comparable": (0.08, 0.15, 0.15, 0.19, 0.12, 0.03, 0.05, (1, 4)),
}
RANDOM_PAIRS = 0.25  # share of documents that add one random pair of sentences as a negative
Unit = tuple[list[str], list[str]]  # Korean sentences, English sentences of one true bead


def load_units(data: Path, rng: random.Random) -> list[list[Unit]]:
    """Documents of true 1-1 units from FLORES-200 (by article), WMT24++ (by document, segments
    that are one sentence on each side) and Tatoeba (longer pairs, shuffled, in runs of 15)."""
    docs: list[list[Unit]] = []
    flores = data / "flores200-koen"
    metadata = (flores / "metadata_devtest.tsv").read_text(encoding="utf-8").splitlines()[1:]
    urls = [line.split("\t")[0] for line in metadata]
    ko = (flores / "kor_Hang.devtest").read_text(encoding="utf-8").splitlines()
    en = (flores / "eng_Latn.devtest").read_text(encoding="utf-8").splitlines()
    by_url: dict[str, list[Unit]] = {}
    for url, k, e in zip(urls, ko, en):
        by_url.setdefault(url, []).append(([k.strip()], [e.strip()]))
    docs += _runs([u for units in by_url.values() for u in units], 15)
    wmt: dict[str, list[Unit]] = {}
    for line in (data / "wmt24pp-enko" / "en-ko_KR.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["domain"] == "canary" or row.get("is_bad_source"):
            continue
        k, e = split_sentences(row["target"], "ko"), split_sentences(row["source"], "en")
        if len(k) == 1 and len(e) == 1:
            wmt.setdefault(row["document_id"], []).append((k, e))
    docs += _runs([u for units in wmt.values() for u in units], 15)
    pairs = []
    for line in (data / "tatoeba-koen" / "kor.txt").read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) >= 2 and len(cols[0]) >= 25:
            pairs.append(([cols[1].strip()], [cols[0].strip()]))
    rng.shuffle(pairs)
    docs += _runs(pairs, 15)
    return docs


def _runs(units: list[Unit], size: int) -> list[list[Unit]]:
    return [units[k:k + size] for k in range(0, len(units), size) if len(units[k:k + size]) >= 3]


_NUMBER = re.compile(r"\d+")


def _near_duplicate(sentence: str, rng: random.Random) -> str:
    """The sentence with a number or a word changed: similar, but not a translation of the same."""
    if _NUMBER.search(sentence):
        return _NUMBER.sub(lambda m: str(int(m.group()) + rng.randint(2, 9)), sentence, count=1)
    words = sentence.split()
    if len(words) > 3:
        del words[rng.randrange(len(words))]
        words.insert(rng.randrange(len(words)), rng.choice(["also", "not", "again", "never", "only"]))
    return " ".join(words)


def condense(units: list[Unit], style: str, rng: random.Random):
    """(Korean lines, English lines, true links as (ko ids, en ids), Korean line -> its true English)."""
    ko_merge, en_merge, triple, ko_drop, en_drop, swap, dup, chrome = STYLES[style]
    # ko, en, the true English of each Korean line (a Korean merge's line: the English of all its units)
    beads: list[tuple[list[str], list[str], list[str]]] = []
    k = 0
    while k < len(units):
        roll, width = rng.random(), 3 if rng.random() < triple else 2
        group = units[k:k + width]
        if roll < ko_merge and len(group) == width:
            beads.append(([" ".join(s for u in group for s in u[0])], [s for u in group for s in u[1]],
                          [" ".join(s for u in group for s in u[1])]))
            k += width
        elif roll < ko_merge + en_merge and len(group) == width:
            beads.append(([s for u in group for s in u[0]], [" ".join(s for u in group for s in u[1])],
                          [" ".join(u[1]) for u in group for _ in u[0]]))
            k += width
        else:
            beads.append((list(units[k][0]), list(units[k][1]), [" ".join(units[k][1])] * len(units[k][0])))
            k += 1
    out: list[tuple[list[str], list[str], list[str]]] = []
    for ko_side, en_side, truth in beads:
        roll = rng.random()
        if roll < ko_drop:
            out.append((ko_side, [], truth))
        elif roll < ko_drop + en_drop:
            out.append(([], en_side, []))
        else:
            out.append((ko_side, en_side, truth))
            if rng.random() < dup and en_side:
                out.append(([], [_near_duplicate(en_side[-1], rng)], []))
    name, ename, user = rng.choice(NAMES)
    fill = {"m": rng.randint(1, 12), "d": rng.randint(1, 28), "name": name, "ename": ename, "user": user}
    for lines, side in ((CHROME_KO, 0), (CHROME_EN, 1)):
        for line in rng.sample(lines, rng.randint(*chrome)):
            out.insert(rng.randint(0, len(out)), ([line.format(**fill)], [], []) if side == 0
                       else ([], [line.format(**fill)], []))
    ko_lines, en_lines, truth_of, links = [], [], [], []
    en_spans: list[tuple[int, int]] = []
    for ko_side, en_side, truth in out:
        ko_ids = list(range(len(ko_lines), len(ko_lines) + len(ko_side)))
        ko_lines += ko_side
        truth_of += truth or [""] * len(ko_side)
        en_spans.append((len(en_lines), len(en_side)))
        en_lines += en_side
        links.append(ko_ids)
    # swapped neighbours: two adjacent English sides change places (their links cross)
    order = list(range(len(out)))
    for n in range(len(out) - 1):
        if out[n][0] and out[n][1] and out[n + 1][0] and out[n + 1][1] and rng.random() < swap:
            order[n], order[n + 1] = order[n + 1], order[n]
    en_lines, new_ids, start = [], {}, 0
    for n in order:
        first, count = en_spans[n]
        new_ids[n] = list(range(start, start + count))
        en_lines += [out[n][1][j] for j in range(count)]
        start += count
    gold = {(tuple(links[n]), tuple(new_ids[n])) for n in range(len(out)) if links[n] and new_ids[n]}
    return ko_lines, en_lines, gold, truth_of


def fit(x: np.ndarray, y: np.ndarray, features: tuple[str, ...], l2: float = 1.0, steps: int = 50) -> Variant:
    """L2-regularised logistic regression by Newton's method on standardised features."""
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    z = np.hstack([np.ones((len(x), 1)), (x - mean) / scale])
    w = np.zeros(z.shape[1])
    reg = np.full(z.shape[1], l2)
    reg[0] = 0.0  # the bias is not shrunk
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(z @ w)))
        grad = z.T @ (p - y) + reg * w
        hess = (z * (p * (1 - p))[:, None]).T @ z + np.diag(reg)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-9:
            break
    return Variant(features, mean, scale, w[1:], float(w[0]))


def _windows(en: list[str], beads: list[Bead]) -> tuple[list[str], list[int | None]]:
    """The English windows of an alignment (every bead with an English side) and each bead's own."""
    windows, own = [], []
    for bead in beads:
        own.append(len(windows) if bead.en else None)
        if bead.en:
            windows.append(" ".join(en[j] for j in bead.en))
    return windows, own


def _truth(bead: Bead, truth_of: list[str]) -> str:
    """The true English of a bead's Korean side ("" for chrome, which has none)."""
    return " ".join(t for t in dict.fromkeys(truth_of[i] for i in bead.ko) if t)


def collect(documents, rounds: int, rng: random.Random, encoder):
    """Every training document condensed and aligned: per document its English windows, the beads
    that link (features, label, own window, true English of the Korean side), in order."""
    other = random.Random(rng.random())  # random negative pairs draw from their own stream
    docs = []
    for _ in range(rounds):
        for style in STYLES:
            for units in documents:
                ko, en, gold, truth_of = condense(units, style, rng)
                if not ko or not en:
                    continue
                ko_emb, en_emb = encoder.encode(encoder_texts(ko, "ko")), encoder.encode(encoder_texts(en, "en"))
                beads = align_embedded(ko, en, ko_emb, en_emb)
                windows, own = _windows(en, beads)
                linked = [(features, float((bead.ko, bead.en) in gold), own[k],
                           (" ".join(ko[i] for i in bead.ko), _truth(bead, truth_of)))
                          for k, (bead, features) in enumerate(zip(beads, bead_features(ko, en, ko_emb, en_emb, beads)))
                          if features is not None]
                doc = {"windows": windows, "linked": linked, "style": style}
                # now and then a pair the aligner would not make: not a translation either; its
                # English sentence stands in for the window that holds it
                i, j = other.randrange(len(ko)), other.randrange(len(en))
                if other.random() < RANDOM_PAIRS and ((i,), (j,)) not in gold:
                    [features] = bead_features(ko, en, ko_emb, en_emb,
                                               with_posteriors(ko, en, ko_emb, en_emb, [Bead((i,), (j,))]))
                    holder = next(k for k, bead in enumerate(beads) if j in bead.en)
                    swapped = list(windows)
                    swapped[own[holder]] = en[j]
                    doc["negative"] = (features, 0.0, own[holder], (ko[i], truth_of[i]), swapped)
                docs.append(doc)
        encoder.save()
    return docs


def _simulated(simulate: Paraphraser, level: str) -> Callable[[list[tuple[str, str]]], list[str]]:
    return lambda items: [simulate(truth, level) for _, truth in items]


def _systems(corpus: list[str], seed: int) -> dict[str, Callable[[list[tuple[str, str]]], list[str]]]:
    """The simulated MT systems: every level of `LEVELS`, and a good one whose output stops
    after 5 to 12 words (a model run with too small a token budget)."""
    systems = {level: _simulated(Paraphraser(corpus, seed), level) for level in LEVELS}
    good, cut = Paraphraser(corpus, seed + 1), random.Random(seed + 2)
    systems["truncated"] = lambda items: [" ".join(good(t, "good").split()[:cut.randint(5, 12)]) for _, t in items]
    return systems


def _mt_rows(docs: list[dict], base: Variant, translate: Callable[[list[tuple[str, str]]], list[str]]
             ) -> tuple[list[list[float]], list[float], dict]:
    """The `mt` variant's rows of every bead with MT evidence, its MT by `translate` (from the
    (Korean, true English) of each bead), and the run's `agreement`."""
    rows, labels, evidences, confidences = [], [], [], []
    for doc in docs:
        examples = [(f, y, o, t, doc["windows"]) for f, y, o, t in doc["linked"]]
        if "negative" in doc:
            examples.append(doc["negative"])
        hyps = translate([source for _, _, _, source, _ in examples])
        owns = [o for _, _, o, _ in doc["linked"]]
        linked_hyps = hyps[:len(owns)]
        found = evidence(linked_hyps, doc["windows"], owns)
        if "negative" in doc:
            _, _, o, _, swapped = doc["negative"]
            # the negative's MT competes with the linked beads' MT for its English sentence
            found.append(evidence([*linked_hyps, hyps[-1]], swapped, [*owns, o])[-1])
        for (features, label, *_), ev in zip(examples, found):
            if ev is None or not ev["mt_rivals"]:
                continue
            row = [features[name] for name in BASE_FEATURES]
            rows.append(row)
            labels.append(label)
            evidences.append(ev)
            confidences.append(float(base.predict(np.array([row]))[0]))
    agreed = agreement(confidences, evidences)
    rows = [row + [agreed.features(ev)[name] for name in MT_EVIDENCE] for row, ev in zip(rows, evidences)]
    return rows, labels, agreed.to_dict()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", type=Path, help="the shared data folder (flores200-koen/, tatoeba-koen/, wmt24pp-enko/)")
    ap.add_argument("--out", type=Path, default=WEIGHTS_FILE)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--rounds", type=int, default=3, help="condensed versions of every document, per style")
    ap.add_argument("--cache", type=Path, help="embedding cache (.npz) kept between runs")
    ap.add_argument("--mt-model", help="also train on the translations of this model, beside the simulated MT")
    ap.add_argument("--holdout", type=float, default=0.0,
                    help="share of the documents kept out of fitting, to report calibration on (0: fit on all)")
    args = ap.parse_args()

    rng = random.Random(args.seed)
    documents = load_units(args.data, rng)
    encoder = load_encoder(cache_file=args.cache)
    docs = collect(documents, args.rounds, rng, encoder)
    held = set(random.Random(args.seed + 2).sample(range(len(docs)), int(len(docs) * args.holdout)))
    fit_docs = [d for k, d in enumerate(docs) if k not in held]
    test_docs = [d for k, d in enumerate(docs) if k in held] or fit_docs

    def base_rows(subset):
        examples = [e for d in subset for e in (*d["linked"], *([d["negative"]] if "negative" in d else []))]
        return np.array([[e[0][name] for name in BASE_FEATURES] for e in examples]), np.array([e[1] for e in examples])

    x, y = base_rows(fit_docs)
    base = fit(x, y, BASE_FEATURES)
    corpus = [w for d in docs for w in d["windows"]]
    systems = _systems(corpus, args.seed)
    if args.mt_model:
        from aligner.translate import load_translator

        translator = load_translator(model=args.mt_model)
        systems["model"] = lambda items: [t or "" for t in translator.translate([ko for ko, _ in items])]
    mt_x, mt_y, report = [], [], {}
    for level, translate in systems.items():
        rows, labels, _ = _mt_rows(fit_docs, base, translate)
        mt_x += rows
        mt_y += labels
        report[level] = {}
    mt = fit(np.array(mt_x), np.array(mt_y), MT_FEATURES)
    measured = _systems(corpus, args.seed + 3)
    for level, translate in (measured | ({"model": systems["model"]} if args.mt_model else {})).items():
        rows, labels, agreed = _mt_rows(test_docs, base, translate)
        rx, ry = np.array(rows), np.array(labels)
        for name, variant, data in (("base", base, rx[:, :len(BASE_FEATURES)]), ("mt", mt, rx)):
            p = variant.predict(data)
            report[level][name] = {"log_loss": round(float(-np.mean(ry * np.log(p + 1e-12)
                                                                   + (1 - ry) * np.log(1 - p + 1e-12))), 4),
                                   "ece": float(reliability(list(p), list(ry == 1))[0]),
                                   "kept_correct": int(((p >= 0.5) & (ry == 1)).sum()),
                                   "kept_wrong": int(((p >= 0.5) & (ry == 0)).sum())}
        report[level]["agreement"] = agreed  # of the documents measured on
    meta = {"trained_on": "FLORES-200 devtest, Tatoeba, WMT24++ (../shared/data), condensed synthetically",
            "command": "python scripts/train_confidence.py ../shared/data"
                       + (f" --seed {args.seed}" if args.seed else "")
                       + (f" --rounds {args.rounds}" if args.rounds != 3 else ""),
            "mt": "simulated (scripts/simulated_mt.py, Paraphraser) at every level of " + ", ".join(LEVELS)
                  + ": sentence chrF against the true English about 87, 57, 42, 33 and 18 (random output: "
                    "a sentence of another document), and good MT cut after 5-12 words"
                  + (f", and the model {args.mt_model}" if args.mt_model else "")
                  + "; MT evidence relative to the article (aligner.mt_evidence)",
            "beads": int(len(y)), "correct_share": round(float(y.mean()), 4)}
    if not held:
        ConfidenceModel({"base": base, "mt": mt}, meta).save(args.out)
    print(f"{len(y)} beads ({y.mean():.1%} correct) from {len(fit_docs)} documents"
          + (f" -> {args.out}" if not held else f" ({len(held)} held out, weights not written)"))
    for level, r in report.items():
        print(f"  MT {level:12s} agreement {r['agreement']['share']}  base: {r['base']}  mt: {r['mt']}")
    print(json.dumps({**meta, "levels": report}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
