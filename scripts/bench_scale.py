#!/usr/bin/env python3
"""Throughput of `aligner run` on the local and the Ray engine, per number of Ray workers.

    python scripts/bench_scale.py --articles 2000 --workers 1,2 [--repeat 3] [--mt-model DIR] [--keep DIR]

Generates a corpus of N article pairs (scripts/make_corpus.py: N Korean and N
English articles with counterparts, plus a tenth more without), then runs the
whole pipeline once on the local engine and `--repeat` times per worker count
on the Ray engine (a local Ray instance started by the run, its start-up
included), each in a fresh process and a fresh work directory, with MT off
unless --mt-model is given.  The Ray runs go in rounds (1 worker, 2 workers,
then again), so a drift of the machine's speed touches every worker count
alike; per worker count the median of each time is taken.  It checks that
every run wrote the same dataset, and prints per run the wall time and the
time of each stage.

On a shared virtual machine the cores' speed drifts by tens of percent from
one minute to the next, so the run also measures the machine itself: a pure
CPU loop, twice in one process against once in each of two processes at the
same time (`machine_speedup`, the median over rounds: what a perfectly
parallel job would gain from a second core, then and there).

The last line is one JSON object with, besides the runs, `align_speedup` (the
align stage with the most workers over 1 worker), `pair_speedup` (the same for
the pair stage, where the sentences are embedded), `ray_over_local` (the
whole run: local time over Ray time with the most workers; above 1, Ray is
faster), all from the medians, and `machine_speedup`.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import statistics
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


SPIN = "s = 0\nfor i in range({n}): s += i * i"


def _machine_speedup(units: int = 12_000_000) -> float:
    """A pure CPU loop: twice in one process, against once in each of two processes at once."""
    def timed(commands: list[list[str]]) -> float:
        started = time.perf_counter()
        for process in [subprocess.Popen(c) for c in commands]:
            process.wait()
        return time.perf_counter() - started

    serial = timed([[sys.executable, "-c", SPIN.format(n=2 * units)]])
    parallel = timed([[sys.executable, "-c", SPIN.format(n=units)]] * 2)
    return serial / parallel


def _medians(runs: list[dict]) -> dict:
    """The median wall time and stage times of repeated runs of one configuration."""
    return {"seconds": round(statistics.median(r["seconds"] for r in runs), 2),
            "stages": {k: round(statistics.median(r["stages"][k] for r in runs), 2) for k in runs[0]["stages"]}}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=2000, help="article pairs to generate")
    ap.add_argument("--workers", default="1,2", help="comma-separated Ray worker counts")
    ap.add_argument("--repeat", type=int, default=3, help="Ray runs per worker count (medians are compared)")
    ap.add_argument("--mt-model", help="MT model folder (default: no MT)")
    ap.add_argument("--keep", type=Path, help="keep the corpus and work directories here")
    args = ap.parse_args()
    counts = sorted({int(w) for w in args.workers.split(",") if w.strip()})
    if not counts or min(counts) < 1:
        ap.error("--workers needs positive counts")
    if args.repeat < 1:
        ap.error("--repeat needs a positive count")
    mt = ["--mt-model", args.mt_model] if args.mt_model else ["--no-mt"]
    with tempfile.TemporaryDirectory() as scratch:
        root = args.keep or Path(scratch)
        corpus = root / "corpus"
        made = _make_corpus(corpus, args.articles)
        print(f"corpus: {made}", flush=True)
        runs = [_run(corpus, root / "local", "local", None, mt)]
        print(json.dumps(runs[-1]), flush=True)
        machine = []
        for round_ in range(args.repeat):
            machine.append(_machine_speedup())
            print(json.dumps({"round": round_ + 1, "machine_speedup": round(machine[-1], 3)}), flush=True)
            for n in counts:
                runs.append(_run(corpus, root / f"ray-{n}-{round_ + 1}", "ray", n, mt))
                print(json.dumps(runs[-1]), flush=True)
    local = runs[0]
    ray = {n: _medians([r for r in runs[1:] if r["workers"] == n]) for n in counts}
    one, most = ray[counts[0]], ray[counts[-1]]
    result = {
        "articles": args.articles, "corpus": made, "runs": runs, "ray_medians": ray,
        "identical": len({r["dataset"] for r in runs}) == 1,
        "align_speedup": round(one["stages"]["align"] / most["stages"]["align"], 3),
        "pair_speedup": round(one["stages"]["pair"] / most["stages"]["pair"], 3),
        "ray_over_local": round(local["seconds"] / most["seconds"], 3),
        "machine_speedup": round(statistics.median(machine), 3),
    }
    print(json.dumps(result))
    return 0 if result["identical"] else 1


if __name__ == "__main__":
    sys.exit(main())
