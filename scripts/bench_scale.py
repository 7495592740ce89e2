#!/usr/bin/env python3
"""Throughput of `aligner run` on the local and the Ray engine, per number of Ray workers.

    python scripts/bench_scale.py --articles 2000 --workers 1,2 [--mt-model DIR] [--keep DIR]

Generates a corpus of N article pairs (scripts/make_corpus.py: N Korean and N
English articles with counterparts, plus a tenth more without), then runs the
whole pipeline once on the local engine and once per worker count on the Ray
engine (a local Ray instance started by the run, its start-up included), each
in a fresh process and a fresh work directory, with MT off unless --mt-model
is given.  It checks that every run wrote the same dataset, and prints per run
the wall time and the time of each stage.

The last line is one JSON object with, besides the runs, `align_speedup` (the
align stage with the most workers over 1 worker), `pair_speedup` (the same for
the pair stage, where the sentences are embedded) and `ray_over_local` (the
whole run: local time over Ray time with the most workers; above 1, Ray is
faster).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _make_corpus(out: Path, pairs: int) -> dict:
    spec = importlib.util.spec_from_file_location("make_corpus", ROOT / "scripts" / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.make_corpus(out, pairs)


def _dataset_digest(work: Path) -> str:
    """Hash of the exported rows (JSONL export: every column of every row, in order)."""
    return hashlib.sha256((work / "export" / "corpus.jsonl").read_bytes()).hexdigest()[:16]


def _run(corpus: Path, work: Path, engine: str, workers: int | None, mt: list[str]) -> dict:
    command = [sys.executable, "-m", "aligner", "run", str(corpus), "--out", str(work), "--json",
               "--engine", engine, *mt]
    if workers:
        command += ["--workers", str(workers)]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-3000:]}")
    summary = json.loads(done.stdout)
    stages = {name: float(value.split()[0]) for name, value in summary["stages"].items()}
    return {"engine": engine, "workers": workers, "seconds": round(seconds, 2), "stages": stages,
            "sentence_pairs": summary["sentence_pairs"], "dataset": _dataset_digest(work)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=2000, help="article pairs to generate")
    ap.add_argument("--workers", default="1,2", help="comma-separated Ray worker counts")
    ap.add_argument("--mt-model", help="MT model folder (default: no MT)")
    ap.add_argument("--keep", type=Path, help="keep the corpus and work directories here")
    args = ap.parse_args()
    counts = sorted({int(w) for w in args.workers.split(",") if w.strip()})
    if not counts or min(counts) < 1:
        ap.error("--workers needs positive counts")
    mt = ["--mt-model", args.mt_model] if args.mt_model else ["--no-mt"]
    with tempfile.TemporaryDirectory() as scratch:
        root = args.keep or Path(scratch)
        corpus = root / "corpus"
        made = _make_corpus(corpus, args.articles)
        print(f"corpus: {made}", flush=True)
        runs = [_run(corpus, root / "local", "local", None, mt)]
        print(json.dumps(runs[-1]), flush=True)
        for n in counts:
            runs.append(_run(corpus, root / f"ray-{n}", "ray", n, mt))
            print(json.dumps(runs[-1]), flush=True)
    local, one, most = runs[0], runs[1], runs[-1]
    result = {
        "articles": args.articles, "corpus": made, "runs": runs,
        "identical": len({r["dataset"] for r in runs}) == 1,
        "align_speedup": round(one["stages"]["align"] / most["stages"]["align"], 3),
        "pair_speedup": round(one["stages"]["pair"] / most["stages"]["pair"], 3),
        "ray_over_local": round(local["seconds"] / most["seconds"], 3),
    }
    print(json.dumps(result))
    return 0 if result["identical"] else 1


if __name__ == "__main__":
    sys.exit(main())
