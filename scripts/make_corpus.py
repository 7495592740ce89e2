#!/usr/bin/env python3
"""Generate a Korean-English news corpus of any size, for scale tests and benchmarks.

    python scripts/make_corpus.py OUT_DIR --pairs 500 [--seed 0]

Writes OUT_DIR/ko.jsonl and OUT_DIR/en.jsonl (the JSONL input `aligner ingest`
reads).  Each article pair is built from the hand-aligned beads of the bundled
sample corpus (corpora/sample/gold/align): paragraphs of one or two random
beads and one templated sentence pair about a random number, the numbers of
the beads changed alike on both sides (so articles differ, their numbers still
agree, and no line repeats across so many pages that ingest takes it for page
chrome), the English side condensed (about one paragraph in five left out, as
KBS World rewrites do).  A tenth of the articles of
each language get no counterpart.  Articles are spread over days, a few pairs
a day, with the English published the same day or the next.  The same seed
gives the same files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "corpora" / "sample" / "gold" / "align"
_NUMBER = re.compile(r"\d+")
# (Korean, English) sentence templates about one number
TEMPLATES = (
    ("{n}명이 이 행사에 참석했습니다.", "{n} people attended the event."),
    ("관련 예산은 {n}억 원으로 책정됐습니다.", "The budget was set at {n}00 million won."),
    ("이번 조사는 전국 {n}개 지역에서 진행됐습니다.", "The survey covered {n} regions across the country."),
    ("당국은 {n}일 안에 결과를 발표할 예정입니다.", "Authorities will announce the results within {n} days."),
    ("이 사업에는 {n}개 기업이 참여합니다.", "{n} companies are taking part in the project."),
    ("현장에는 경찰관 {n}명이 배치됐습니다.", "{n} police officers were deployed at the scene."),
    ("행사는 {n}시간 동안 이어졌습니다.", "The event lasted {n} hours."),
    ("신청자는 {n}명으로 집계됐습니다.", "The number of applicants came to {n}."),
)
_BEAD = re.compile(r"\[([\d, ]*)\]:\[([\d, ]*)\]")


def bead_pool(gold: Path = GOLD) -> list[tuple[str, str]]:
    """(Korean, English) text of every bead with both sides in the sample's gold alignments."""
    pool = []
    for gold_file in sorted(gold.glob("*.gold")):
        ko = gold_file.with_suffix(".ko").read_text(encoding="utf-8").splitlines()
        en = gold_file.with_suffix(".en").read_text(encoding="utf-8").splitlines()
        for line in gold_file.read_text(encoding="utf-8").splitlines():
            match = _BEAD.fullmatch(line.strip())
            if not match:
                continue
            ko_ids = [int(i) for i in match[1].split(",") if i.strip()]
            en_ids = [int(i) for i in match[2].split(",") if i.strip()]
            if ko_ids and en_ids:
                pool.append((" ".join(ko[i] for i in ko_ids), " ".join(en[j] for j in en_ids)))
    return pool


def _renumber(ko: str, en: str, rng: random.Random) -> tuple[str, str]:
    """Numbers found on both sides get the same new value on both sides."""
    shared = sorted(set(_NUMBER.findall(ko)) & set(_NUMBER.findall(en)), key=lambda n: (-len(n), n))
    for number in shared:
        new = str(rng.randint(10 ** (len(number) - 1) if len(number) > 1 else 1, 10 ** len(number) - 1))
        pattern = re.compile(rf"(?<!\d){number}(?!\d)")
        ko, en = pattern.sub(new, ko), pattern.sub(new, en)
    return ko, en


def _article(ident: str, lang: str, title: str, sentences: list[str], day: dt.date) -> dict:
    return {"id": ident, "lang": lang, "title": title, "date": f"{day.isoformat()}T09:00:00+09:00",
            "url": f"https://news.example/{lang}/{ident}", "text": "\n".join(sentences)}


def make_corpus(out: Path, pairs: int, seed: int = 0, per_day: int = 5) -> dict:
    """Write the corpus; returns counts."""
    rng = random.Random(seed)
    pool = bead_pool()
    if not pool:
        raise SystemExit(f"no gold beads under {GOLD}")
    start = dt.date(2024, 1, 1)
    ko_rows, en_rows = [], []
    loners = max(1, pairs // 10) if pairs >= 10 else 0
    for k in range(pairs + 2 * loners):
        day = start + dt.timedelta(days=k // per_day)
        beads = []
        for _ in range(rng.randint(3, 8)):
            ko_t, en_t = rng.choice(TEMPLATES)
            n = rng.randint(10, 9999)
            picked = [_renumber(*rng.choice(pool), rng) for _ in range(rng.randint(1, 2))]
            beads.append((" ".join([b[0] for b in picked] + [ko_t.format(n=n)]),
                          " ".join([b[1] for b in picked] + [en_t.format(n=n)])))
        ko = [b[0] for b in beads]
        en = [b[1] for b in beads if rng.random() > 0.2] or [beads[0][1]]
        if k < pairs:
            ko_rows.append(_article(f"ko-{k:06d}", "ko", ko[0][:40], ko, day))
            en_rows.append(_article(f"en-{k:06d}", "en", en[0][:60], en, day + dt.timedelta(days=rng.randint(0, 1))))
        elif (k - pairs) % 2 == 0:
            ko_rows.append(_article(f"ko-{k:06d}", "ko", ko[0][:40], ko, day))
        else:
            en_rows.append(_article(f"en-{k:06d}", "en", en[0][:60], en, day))
    out.mkdir(parents=True, exist_ok=True)
    for name, rows in (("ko.jsonl", ko_rows), ("en.jsonl", en_rows)):
        (out / name).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return {"pairs": pairs, "ko": len(ko_rows), "en": len(en_rows),
            "sentences": sum(len(r["text"].splitlines()) for r in ko_rows + en_rows)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--pairs", type=int, default=500)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    if args.pairs < 1:
        ap.error("--pairs must be at least 1")
    print(json.dumps(make_corpus(args.out, args.pairs, args.seed)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
