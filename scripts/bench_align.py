#!/usr/bin/env python3
"""Benchmark the sentence aligner on a benchmark split.

    python scripts/bench_align.py SPLIT_DIR --pred-out PRED_DIR [--long]

Aligns every SPLIT_DIR/align/TRACK/DOC.{ko,en} with a cold embedding cache,
writes PRED_DIR/TRACK/DOC.align, and prints per-track strict/lax F1,
end-to-end sentences per second (from process start, imports and model load
included), peak RSS, and the encoder share: the time a fresh process needs to
embed the same sentences and nothing else (``--encoder-only``), over the time
of the whole bench (1.0 would mean alignment costs nothing beyond the encoder),
and the calibration of the confidence of the beads it links (expected
calibration error and a reliability table).
--long also aligns a synthetic 10,000 x 10,000 sentence document (built from
the split's sentences, with dropped sentences and merges) in a child process
and reports its time and peak memory.
The last line printed is one JSON object.
"""

from __future__ import annotations

import os
import time


def _process_start() -> float:
    """Wall-clock time this process started (Linux), else now."""
    try:
        with open("/proc/self/stat") as handle:
            ticks = int(handle.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime") as handle:
            uptime = float(handle.read().split()[0])
        return time.time() - uptime + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return time.time()


START = _process_start()

import argparse  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import resource  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

from aligner.align import align, align_embedded  # noqa: E402
from aligner.align.batch import find_documents, read_sentences, write_alignment  # noqa: E402
from aligner.embed import encoder_texts, load_encoder  # noqa: E402
from aligner.evaluate import evaluate_dirs  # noqa: E402


def _peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def synthetic_long(docs: list[tuple[str, Path, Path]], size: int, seed: int = 0) -> tuple[list[str], list[str]]:
    """A size x size document: real sentences in order, with 1-0/0-1 drops and 2-1/1-2 merges."""
    rng = random.Random(seed)
    pairs = []
    for _, ko_file, en_file in docs:
        ko, en = read_sentences(ko_file), read_sentences(en_file)
        pairs.extend(zip(ko, en))
    ko_out: list[str] = []
    en_out: list[str] = []
    while len(ko_out) < size or len(en_out) < size:
        ko, en = rng.choice(pairs)
        roll = rng.random()
        if roll < 0.05 and len(ko_out) < size:
            ko_out.append(ko)
        elif roll < 0.10 and len(en_out) < size:
            en_out.append(en)
        else:
            if len(ko_out) < size:
                ko_out.append(ko)
            if len(en_out) < size:
                en_out.append(en)
    return ko_out, en_out


def run_long(docs: list[tuple[str, Path, Path]], size: int) -> dict:
    """Align the synthetic document in a forked child so its memory is measured alone."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(read_fd)
        ko, en = synthetic_long(docs, size)
        started = time.time()
        beads = align(ko, en, load_encoder())
        report = {"sentences": [len(ko), len(en)], "beads": len(beads),
                  "seconds": round(time.time() - started, 1)}
        os.write(write_fd, json.dumps(report).encode())
        os._exit(0)
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    report = json.loads(data)
    report["peak_rss_mb"] = round(_peak_rss_mb(resource.RUSAGE_CHILDREN))
    return report


def calibration(docs: list[tuple[str, Path, Path]], encoder) -> dict:
    """Expected calibration error and reliability table of the confidence of the beads the aligner
    links, against the gold (a bead is correct when it is exactly a gold bead); 10 equal bins."""
    from aligner.confidence import bead_features, default_model, reliability
    from aligner.evaluate import parse_beads

    model = default_model()
    confidences, correct = [], []
    for _, ko_file, en_file in docs:
        ko, en = read_sentences(ko_file), read_sentences(en_file)
        if not ko or not en:
            continue
        gold = set(parse_beads(ko_file.with_suffix(".gold").read_text(encoding="utf-8")))
        ko_emb, en_emb = encoder.encode(encoder_texts(ko, "ko")), encoder.encode(encoder_texts(en, "en"))
        beads = align_embedded(ko, en, ko_emb, en_emb)
        for bead, features in zip(beads, bead_features(ko, en, ko_emb, en_emb, beads)):
            if features is not None:
                confidences.append(model.predict(features))
                correct.append((bead.ko, bead.en) in gold)
    ece, table = reliability(confidences, correct)
    return {"ece": ece, "beads": len(confidences), "correct": round(sum(correct) / len(correct), 4),
            "reliability": table}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("split_dir", type=Path)
    ap.add_argument("--pred-out", type=Path)
    ap.add_argument("--long", action="store_true", help="also align a 10,000 x 10,000 document")
    ap.add_argument("--encoder-only", action="store_true",
                    help="only embed each document's sentences, as the aligner does, and time that")
    args = ap.parse_args()
    align_root = args.split_dir / "align" if (args.split_dir / "align").is_dir() else args.split_dir
    docs = find_documents(align_root)
    if not docs:
        print(f"error: no DOC.ko/DOC.en pairs under {align_root}", file=sys.stderr)
        return 2
    encoder = load_encoder()  # in-memory cache only: cold for this run
    if not args.encoder_only and args.pred_out is None:
        ap.error("--pred-out PRED_DIR is needed (or --encoder-only)")
    if args.encoder_only:
        for _, ko_file, en_file in docs:
            encoder.encode_groups([encoder_texts(read_sentences(ko_file), "ko"),
                                   encoder_texts(read_sentences(en_file), "en")])
        print(json.dumps({"encoder_seconds": round(time.time() - START, 2)}))
        return 0
    sentences = 0
    for name, ko_file, en_file in docs:
        ko, en = read_sentences(ko_file), read_sentences(en_file)
        sentences += len(ko) + len(en)
        write_alignment(args.pred_out / f"{name}.align", align(ko, en, encoder))
    elapsed = time.time() - START
    result = {"documents": len(docs), "sentences": sentences, "seconds": round(elapsed, 2),
              "sentences_per_s": round(sentences / elapsed, 1), "peak_rss_mb": round(_peak_rss_mb())}
    # the encoder alone on the same sentences, from the start of a fresh process
    child = subprocess.run([sys.executable, __file__, str(args.split_dir), "--encoder-only"],
                           capture_output=True, text=True, check=True)
    result["encoder_seconds"] = json.loads(child.stdout.splitlines()[-1])["encoder_seconds"]
    result["encoder_share"] = round(result["encoder_seconds"] / elapsed, 3)
    scores = evaluate_dirs(align_root, args.pred_out)
    result["tracks"] = {track: {k: s[k] for k in ("f1_strict", "f1_lax", "precision_strict", "recall_strict")}
                        for track, s in scores["groups"].items()}
    for track, s in result["tracks"].items():
        print(f"{track:12s} strict F1 {s['f1_strict']:.4f}  lax F1 {s['f1_lax']:.4f}")
    print(f"{sentences} sentences in {elapsed:.1f} s from process start: "
          f"{result['sentences_per_s']:.0f} sentences/s, peak RSS {result['peak_rss_mb']} MB; the encoder alone "
          f"takes {result['encoder_seconds']:.1f} s (encoder share {result['encoder_share']:.2f})")
    result["calibration"] = calibration(docs, encoder)
    print(f"confidence on the linked beads: ECE {result['calibration']['ece']:.4f} "
          f"({result['calibration']['beads']} beads, {result['calibration']['correct']:.1%} correct)")
    for row in result["calibration"]["reliability"]:
        print(f"  {row['bin']}: {row['beads']:5d} beads, mean confidence {row['mean_confidence']:.3f}, "
              f"correct {row['correct']:.3f}")
    if args.long:
        result["long"] = run_long(docs, 10_000)
        print(f"10k x 10k: {result['long']['seconds']} s, peak RSS {result['long']['peak_rss_mb']} MB")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
