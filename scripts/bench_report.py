#!/usr/bin/env python3
"""Benchmark the HTML report at scale: build time and how fast the overview opens.

    python scripts/bench_report.py [--pairs 10000] [--work work/bench-report] [--chromium /usr/bin/chromium]

Writes a synthetic work directory of N article pairs (articles, pairs, scored
sentence pairs with scores and flags, ingest and export records: about 12
beads a pair), builds its report with `aligner.report.build_report` and, when
Chromium and Playwright are available, opens the overview from disk and
measures the time until the page has loaded and its article-pair table is
filled, then opens the last viewer page.  The last line printed is one JSON
object (build_seconds, overview_load_ms, viewer_load_ms, files, megabytes).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
from pathlib import Path

from aligner.records import Article, SentencePair, write_articles, write_jsonl, write_sentence_pairs
from aligner.report import build_report

KO_WORDS = "정부 대책 발표 경제 수출 증가 회의 장관 국회 예산 지원 소상공인 금리 물가 기업 시장".split()
EN_WORDS = "government plan announced economy exports rose meeting minister assembly budget support rates".split()


def synthetic_workdir(root: Path, pairs: int, seed: int = 0) -> None:
    rng = random.Random(seed)
    articles, pair_rows, rows, dropped = [], [], [], {}
    for n in range(pairs):
        day = f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}"
        ko_sents = [" ".join(rng.choices(KO_WORDS, k=rng.randint(6, 14))) + "습니다." for _ in range(rng.randint(8, 16))]
        en_sents = [" ".join(rng.choices(EN_WORDS, k=rng.randint(8, 20))).capitalize() + "."
                    for _ in range(rng.randint(6, 12))]
        ko = Article(f"ko-{n:06d}", "ko", f"기사 제목 {n}", "\n".join(ko_sents), ko_sents, f"{day}T10:00:00+09:00")
        en = Article(f"en-{n:06d}", "en", f"Article title {n}", "\n".join(en_sents), en_sents, f"{day}T15:00:00+09:00")
        articles += [ko, en]
        pair_rows.append({"ko_id": ko.id, "en_id": en.id, "score": round(rng.uniform(0.4, 0.8), 4), "evidence": {}})
        i = j = k = 0
        while i < len(ko_sents) or j < len(en_sents):
            roll = rng.random()
            take_ko = 2 if roll < 0.1 else 0 if roll > 0.9 or i >= len(ko_sents) else 1
            take_en = 0 if 0.8 < roll <= 0.9 or j >= len(en_sents) else 1
            take_ko, take_en = min(take_ko, len(ko_sents) - i), min(take_en, len(en_sents) - j)
            if not take_ko and not take_en:
                take_ko, take_en = min(1, len(ko_sents) - i), min(1, len(en_sents) - j)
            ko_ids, en_ids = list(range(i, i + take_ko)), list(range(j, j + take_en))
            linked = bool(ko_ids and en_ids)
            row = SentencePair(
                id=f"{ko.id}|{en.id}|{k}", ko_article_id=ko.id, en_article_id=en.id, ko_sentence_ids=ko_ids,
                en_sentence_ids=en_ids, ko=" ".join(ko_sents[x] for x in ko_ids),
                en=" ".join(en_sents[x] for x in en_ids), alignment=f"{len(ko_ids)}-{len(en_ids)}",
                similarity=round(rng.uniform(0.3, 0.9), 4) if linked else None,
                confidence=round(rng.random(), 4) if linked else None, length_ratio=round(rng.uniform(1, 3), 3),
                flags=[] if linked else ["unaligned"])
            rows.append(row)
            if not linked or row.confidence < 0.6:
                dropped[row.id] = "unaligned" if not linked else "confidence < 0.6"
            i, j, k = i + take_ko, j + take_en, k + 1
    root.mkdir(parents=True)
    write_articles(root / "articles.jsonl", articles)
    write_jsonl(root / "pairs.jsonl", pair_rows)
    write_sentence_pairs(root / "scored.jsonl", rows)
    (root / "ingest.json").write_text(json.dumps({"files": 2 * pairs, "problems": [], "notes": []}), encoding="utf-8")
    (root / "export.json").write_text(json.dumps({"rows": {"train": len(rows) - len(dropped)}, "removed": {},
                                                  "min_confidence": 0.6, "dropped": dropped}), encoding="utf-8")


def open_pages(report: Path, chromium: str, last: int) -> dict:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        page = browser.new_page()
        started = time.perf_counter()
        page.goto((report / "index.html").as_uri())
        page.wait_for_function("document.querySelectorAll('#pairs-body tr').length > 0 && window.PAIRS")
        overview = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        page.goto((report / "pairs" / f"{last}.html").as_uri())
        page.wait_for_selector("tr.bead")
        viewer = (time.perf_counter() - started) * 1000
        browser.close()
    return {"overview_load_ms": round(overview), "viewer_load_ms": round(viewer)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pairs", type=int, default=10_000)
    ap.add_argument("--work", type=Path, default=Path("work/bench-report"))
    ap.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = ap.parse_args()
    shutil.rmtree(args.work, ignore_errors=True)
    synthetic_workdir(args.work / "w", args.pairs)
    started = time.perf_counter()
    summary = build_report(args.work / "w", args.work / "report")
    result = {"pairs": summary.pairs, "build_seconds": round(time.perf_counter() - started, 1)}
    files = [p for p in (args.work / "report").rglob("*") if p.is_file()]
    result.update(files=len(files), megabytes=round(sum(p.stat().st_size for p in files) / 2**20, 1))
    if Path(args.chromium).exists():
        result.update(open_pages(args.work / "report", args.chromium, summary.pairs))
    print(f"{result['pairs']} article pairs: report built in {result['build_seconds']} s "
          f"({result['files']} files, {result['megabytes']} MB)"
          + (f"; overview ready in {result['overview_load_ms']} ms, a viewer page in {result['viewer_load_ms']} ms"
             if "overview_load_ms" in result else "; Chromium not found, pages not opened"))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
