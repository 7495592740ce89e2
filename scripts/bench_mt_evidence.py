#!/usr/bin/env python3
"""Does MT evidence only help?  The end-to-end benchmark without MT and with MT of several qualities.

    python scripts/bench_mt_evidence.py SPLIT_DIR [--work work/mt-evidence] [--seed 0]
        [--levels near-perfect,...,half-random,echo] [--system garbler|paraphraser] [--mt-model DIR]

The split is rendered as raw news pages as by scripts/bench_e2e.py and run once
without MT.  Then the same work directory is scored again (`aligner run --mt-file`,
the stages before scoring are up to date) with simulated MT of every Korean
window the run aligned, made from the true English of its lines (the gold of both
tracks of the split) by `simulated_mt.Garbler`, a system unlike the one the
confidence model was trained with: `near-perfect`, `good`, `realistic`, `weak`,
`random` (output unrelated to the source), and systems broken otherwise:
`wrong-file` (a translation file whose translations are of other sentences: each
window gets the near-perfect translation of another article's window),
`truncated` (good translations cut after eight words, as a too small
`--max-new-tokens` gives), `half-random` (good on half of the sentences,
unrelated on the others) and `echo` (a model that copies its Korean input).
`--system paraphraser` simulates with the training system instead.  `--mt-model`
adds a run with a real model folder (e.g. the random-weight one of
scripts/make_tiny_mt.py).

Printed per level: the mean sentence chrF of the MT against the human English,
whether the run used the MT evidence (and its agreement), precision / recall of
the exported rows, and the ECE of the confidence of the linked rows, beside the
run without MT.  The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
from pathlib import Path

from bench_e2e import _key, evaluate, render, run_aligner
from simulated_mt import LEVELS, Garbler, Paraphraser

from aligner.align.batch import find_documents, read_sentences
from aligner.evaluate import parse_beads
from aligner.ingest.normalise import decode_entities, normalise_text
from aligner.segment import split_sentences

BROKEN = ("wrong-file", "truncated", "half-random", "echo")  # systems broken in other ways than quality
DEFAULT_LEVELS = (*LEVELS, *BROKEN)


def true_english(split: Path) -> dict[str, str]:
    """Korean sentence (as the pipeline splits and normalises it) -> its true English, over both
    tracks (a line the comparable track drops has its English in the parallel one).  The
    sentences of a gold bead are paired in order when both sides hold as many; else each
    Korean sentence gets the stretch of the bead's English words that its share of the bead's
    Korean characters spans (a partial window is translated partly)."""
    truth: dict[str, str] = {}
    for _, ko_file, en_file in find_documents(split / "align"):
        ko, en = read_sentences(ko_file), read_sentences(en_file)
        for ko_ids, en_ids in parse_beads(ko_file.with_suffix(".gold").read_text(encoding="utf-8")):
            if not (ko_ids and en_ids):
                continue
            ko_sents = [_key(s) for i in ko_ids for s in split_sentences(_clean(ko[i]), "ko")]
            en_sents = [s for j in en_ids for s in split_sentences(_clean(en[j]), "en")]
            words, total = " ".join(en_sents).split(), sum(map(len, ko_sents))
            at = 0
            for k, sentence in enumerate(ko_sents):
                start, at = at, at + len(sentence)
                stretch = " ".join(words[round(start / total * len(words)):round(at / total * len(words))])
                truth.setdefault(sentence, en_sents[k] if len(ko_sents) == len(en_sents) else stretch)
    return truth


def _clean(line: str) -> str:
    return decode_entities(normalise_text(line).text)


def windows(run_dir: Path, truth: dict[str, str]) -> dict[str, str]:
    """Every Korean window the run aligned -> the true English of its sentences ("" where none:
    page chrome, or a sentence whose English the split does not hold)."""
    articles = {a["id"]: a for a in map(json.loads, (run_dir / "articles.jsonl").open(encoding="utf-8"))}
    out: dict[str, str] = {}
    for line in (run_dir / "aligned.jsonl").open(encoding="utf-8"):
        row = json.loads(line)
        if row["ko"] and row["en"]:
            sentences = articles[row["ko_article_id"]]["sentences"]
            found = [truth.get(_key(sentences[i])) for i in row["ko_sentence_ids"]]
            out[row["ko"]] = " ".join(dict.fromkeys(t for t in found if t))
    return out


def translations(texts: dict[str, str], level: str, seed: int, system: str = "garbler") -> list[dict]:
    """The rows of an --mt-file for `texts` (Korean -> true English) at `level`, by `system`."""
    garble = Garbler(seed) if system == "garbler" else Paraphraser(sorted(set(texts.values())), seed)
    pairs = sorted(texts.items())
    if level == "truncated":  # a good model stopped after eight words (--max-new-tokens too small)
        made = [" ".join(garble(en, "good").split()[:8]) for _, en in pairs]
    elif level == "half-random":  # good on half of the sentences, unrelated output on the others
        coin = random.Random(seed)
        made = [garble(en, "good" if coin.random() < 0.5 else "random") for _, en in pairs]
    elif level == "echo":  # a model that copies its Korean input
        made = [ko for ko, _ in pairs]
    elif level == "wrong-file":
        others = [en for _, en in pairs]
        random.Random(seed).shuffle(others)
        made = [garble(en, "near-perfect") for en in others]
    else:
        made = [garble(en, level) for _, en in pairs]
    return [{"source": ko, "translation": out} for (ko, _), out in zip(pairs, made)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("split_dir", type=Path)
    ap.add_argument("--work", type=Path, default=Path("work/mt-evidence"))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--levels", default=",".join(DEFAULT_LEVELS), help="comma-separated, of " + ", ".join(DEFAULT_LEVELS))
    ap.add_argument("--system", choices=("garbler", "paraphraser"), default="garbler",
                    help="the simulated MT: the bench's own (default) or the one the model was trained with")
    ap.add_argument("--mt-model", type=Path, help="also a run with this MT model folder")
    args = ap.parse_args()
    levels = [lv for lv in args.levels.split(",") if lv]
    unknown = set(levels) - set(DEFAULT_LEVELS)
    if unknown:
        ap.error(f"unknown level(s) {', '.join(sorted(unknown))}")
    shutil.rmtree(args.work, ignore_errors=True)
    (args.work / "pages").mkdir(parents=True)
    pages = args.work / "pages"
    gold = render(args.split_dir, args.work, args.seed, 0.15)
    run_aligner(pages, args.work / "none", "--no-mt")
    results = {"none": _summary(evaluate(args.work / "none", gold), args.work / "none")}
    texts = windows(args.work / "none", true_english(args.split_dir))
    runs = [(level, ("--mt-file", str(args.work / f"mt-{level}.jsonl"))) for level in levels]
    if args.mt_model:
        runs.append(("model", ("--mt-model", str(args.mt_model))))
    for level, options in runs:
        if level != "model":
            Path(options[1]).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n"
                                                for r in translations(texts, level, args.seed, args.system)), encoding="utf-8")
        shutil.copytree(args.work / "none", args.work / level)
        run_aligner(pages, args.work / level, *options)
        results[level] = _summary(evaluate(args.work / level, gold), args.work / level)
    none = results["none"]
    print(f"{'MT':12s} {'chrF':>5s} {'evidence':>9s} {'agree':>6s} {'P':>7s} {'R':>7s} {'ECE':>7s}")
    for name, r in results.items():
        print(f"{name:12s} {_fmt(r['mean_chrf'], 5, 1)} {_fmt(r['evidence_used'], 9)} {_fmt(r['agreement'], 6, 2)} "
              f"{r['precision']:7.4f} {r['recall']:7.4f} {r['ece']:7.4f}"
              + ("" if name == "none" else f"   dP {r['precision'] - none['precision']:+.4f} "
                                           f"dR {r['recall'] - none['recall']:+.4f}"))
    print(json.dumps({"seed": args.seed, "system": args.system, "runs": results}))
    return 0


def _summary(report: dict, run_dir: Path) -> dict:
    """The figures of one run: rows exported, their precision and recall, ECE, and the MT it saw."""
    status = json.loads((run_dir / "score.json").read_text(encoding="utf-8"))
    chrfs = [r["chrf"] for r in map(json.loads, (run_dir / "scored.jsonl").open(encoding="utf-8"))
             if r.get("chrf") is not None and r["alignment"] != "title"]
    return {"precision": report["rows"]["precision"], "recall": report["rows"]["recall"],
            "exported_rows": report["exported_rows"], "ece": report["ece"],
            "mean_chrf": round(sum(chrfs) / len(chrfs), 2) if chrfs else None,
            "evidence_used": status.get("evidence_used"), "agreement": (status.get("agreement") or {}).get("share")}


def _fmt(value, width: int, digits: int | None = None) -> str:
    if value is None:
        return f"{'-':>{width}s}"
    if isinstance(value, bool):
        return f"{'yes' if value else 'no':>{width}s}"
    return f"{value:{width}.{digits}f}"


if __name__ == "__main__":
    sys.exit(main())
