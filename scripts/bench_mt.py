#!/usr/bin/env python3
"""Benchmark the translate stage: against naive translation, or CTranslate2 against transformers.

    python scripts/bench_mt.py --model DIR_OR_ID --n 256 [--source FILE] [--device auto]
    python scripts/bench_mt.py --model DIR_OR_ID --n 256 --backend ct2 [--compute-type auto]

With ``--backend ct2``: the transformers path and CTranslate2 (at --compute-type,
int8 on a CPU by default) translate the same sentences with the same settings
(greedy, --max-new-tokens) in one run, and CTranslate2 at float32 once more to
count the sentences whose output equals the transformers output exactly.  The
last line is one JSON object with sentences_per_s (CTranslate2),
transformers_sentences_per_s, speedup_vs_transformers, identical_share, device,
compute_type and cpu (the CPU model and its widest vector extension, on which
CTranslate2's int8 speed depends most).

Without it (``--backend transformers``), in one run: (1) a naive baseline, one
sentence at a time: tokenize, `generate`, decode (what
`transformers.pipeline("translation")` did per call; transformers 5 removed that
pipeline, so the loop is written out); (2) our translate stage (length-sorted
batches, SQLite cache, cold); (3) the same call again, served from the cache.  Same model, greedy
decoding, same `--max-new-tokens`.  The last line printed is one JSON object
with speedup_vs_naive, cache_speedup, sentences_per_s and device.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")

from make_tiny_mt import training_lines  # noqa: E402

from aligner.fileio import read_text  # noqa: E402
from aligner.translate import CachedTranslator, HFTranslator, TranslationCache  # noqa: E402


def sentences(n: int, source: Path | None) -> list[str]:
    """n distinct Korean sentences: lines of `source`, else generated news-like sentences."""
    pool = [s for s in read_text(source).splitlines() if s.strip()] if source else \
        [line for line in training_lines(4 * n) if any("\uac00" <= c <= "\ud7a3" for c in line)]
    seen: dict[str, None] = {}
    for k, line in enumerate(pool * (n // max(1, len(pool)) + 1)):
        seen.setdefault(line if line not in seen else f"{line} ({k})")
        if len(seen) == n:
            break
    return list(seen)


def _rate(translator, texts: list[str]) -> tuple[float, list[str]]:
    translator.translate(texts[:2])  # warm-up
    started = time.perf_counter()
    out = translator.translate(texts)
    return len(texts) / (time.perf_counter() - started), out


def cpu_name() -> str:
    """The CPU model and its widest vector extension: CTranslate2's int8 speed depends on it
    (the same 2-core machine class measured 2.6-3.5x with AVX2 and 5.0-5.8x with AVX-512)."""
    try:
        info = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        import platform

        return platform.processor() or "unknown"
    fields: dict[str, str] = {}
    for line in info.splitlines():  # the first CPU's fields
        key, _, value = line.partition(":")
        fields.setdefault(key.strip(), value.strip())
    name, flags = fields.get("model name", "?"), set(fields.get("flags", "").split())
    isa = "AVX-512" if "avx512f" in flags else "AVX2" if "avx2" in flags else "no AVX2"
    return f"{name} ({isa})"


def compare_ct2(args, texts: list[str]) -> int:
    from aligner.ct2 import CT2Translator

    common = {"device": args.device, "batch_size": args.batch_size, "max_new_tokens": args.max_new_tokens,
              "progress": False}
    hf = HFTranslator(args.model, dtype=args.dtype, **common)
    hf_rate, hf_out = _rate(hf, texts)
    fast = CT2Translator(args.model, compute_type=args.compute_type, **common)
    ct2_rate, _ = _rate(fast, texts)
    exact = fast if fast.compute_type == "float32" else CT2Translator(args.model, compute_type="float32", **common)
    _, exact_out = _rate(exact, texts)
    report = {
        "model": args.model, "device": fast.device, "compute_type": fast.compute_type, "n": len(texts),
        "cpu": cpu_name(),
        "batch_size": args.batch_size, "max_new_tokens": args.max_new_tokens,
        "transformers_sentences_per_s": round(hf_rate, 2), "sentences_per_s": round(ct2_rate, 2),
        "speedup_vs_transformers": round(ct2_rate / hf_rate, 2),
        "identical_share": round(sum(a == b for a, b in zip(hf_out, exact_out)) / len(texts), 4),
    }
    print(f"transformers {report['transformers_sentences_per_s']} sent/s, ct2 {fast.compute_type} "
          f"{report['sentences_per_s']} sent/s ({report['speedup_vs_transformers']}x); ct2 float32 output equal "
          f"to transformers for {report['identical_share']:.1%} of the sentences")
    print(json.dumps(report))
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", required=True)
    ap.add_argument("--n", type=int, default=256)
    ap.add_argument("--source", type=Path, help="Korean sentences, one per line")
    ap.add_argument("--device", default="auto")
    ap.add_argument("--dtype", default="auto")
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--max-new-tokens", type=int, default=48)
    ap.add_argument("--naive-n", type=int, help="sentences for the naive baseline (default: all); "
                    "its rate is measured on these")
    ap.add_argument("--backend", choices=("transformers", "ct2"), default="transformers")
    ap.add_argument("--compute-type", default="auto", help="CTranslate2 compute type (auto: int8 on CPU)")
    args = ap.parse_args()
    texts = sentences(args.n, args.source)
    if args.backend == "ct2":
        return compare_ct2(args, texts)

    ours = HFTranslator(args.model, device=args.device, batch_size=args.batch_size,
                        max_new_tokens=args.max_new_tokens, dtype=args.dtype, progress=False)
    naive_texts = texts[:args.naive_n] if args.naive_n else texts
    ours.translate(naive_texts[:1])  # warm-up
    started = time.perf_counter()
    for text in naive_texts:
        ours._generate([text])
    naive_rate = len(naive_texts) / (time.perf_counter() - started)

    with tempfile.TemporaryDirectory() as tmp:
        cached = CachedTranslator(ours, TranslationCache(Path(tmp) / "mt.sqlite"))
        started = time.perf_counter()
        first = cached.translate(texts)
        ours_s = time.perf_counter() - started
        started = time.perf_counter()
        again = cached.translate(texts)
        cache_s = time.perf_counter() - started
        assert first == again and cached.model_calls == len(texts)
    report = {
        "model": args.model, "device": str(ours.model.device), "dtype": ours.settings["dtype"],
        "n": len(texts), "naive_n": len(naive_texts), "batch_size": args.batch_size,
        "max_new_tokens": args.max_new_tokens,
        "naive_sentences_per_s": round(naive_rate, 2),
        "sentences_per_s": round(len(texts) / ours_s, 2),
        "cached_sentences_per_s": round(len(texts) / cache_s, 1),
        "speedup_vs_naive": round(len(texts) / ours_s / naive_rate, 2),
        "cache_speedup": round(ours_s / cache_s, 1),
    }
    print(f"naive {report['naive_sentences_per_s']} sent/s, ours {report['sentences_per_s']} sent/s "
          f"({report['speedup_vs_naive']}x), cached {report['cached_sentences_per_s']} sent/s "
          f"({report['cache_speedup']}x)")
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
