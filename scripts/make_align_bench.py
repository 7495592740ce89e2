#!/usr/bin/env python3
"""Build a sentence-alignment benchmark split from line-aligned Korean/English text.

    python scripts/make_align_bench.py KO_FILE EN_FILE OUT_DIR [--docs DOC_IDS_FILE] [--seed 0]

Consecutive lines are grouped into documents (by the document ids of --docs, one
per line, else in runs of 12-20 lines), then perturbed the way
shared/bench/README.md describes its two tracks: `parallel` (12% merges on
each side, 2.5% dropped sentences per side, 0-2 chrome lines) and `comparable`
(15%/8% merges, 19% / 12% dropped, 1-4 / 2-5 chrome lines).  Writes
OUT_DIR/align/TRACK/DOC.{ko,en,gold}, the layout scripts/bench_align.py reads,
so any parallel corpus can check how the aligner generalises.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

TRACKS = {
    #              ko merges, en merges, triple, ko dropped, en dropped, ko chrome, en chrome
    "parallel": (0.12, 0.12, 0.10, 0.025, 0.025, (0, 2), (0, 2)),
    "comparable": (0.08, 0.15, 0.15, 0.19, 0.12, (1, 4), (2, 5)),
}
CHROME_KO = ["입력 2024.{m:02d}.{d:02d} 10:{d:02d}", "{name} 기자 ({user}@news.co.kr)", "[사진 출처 : 연합뉴스]",
             "저작권자 ⓒ 뉴스. 무단 전재 및 재배포 금지", "많이 본 뉴스", "이 기사를 공유합니다"]
CHROME_EN = ["Published 2024-{m:02d}-{d:02d} 09:{d:02d}:00 KST", "By {ename}", "Photo: Yonhap",
             "Copyright (c) 2024 News. All rights reserved.", "Most Viewed",
             "By clicking \"Accept\", you consent to the storing of cookies on your device."]
NAMES = [("김민지", "Kim Min-ji", "mjkim"), ("이서준", "Lee Seo-jun", "sjlee"), ("박하늘", "Park Ha-neul", "hnpark")]


def documents(ko: list[str], en: list[str], doc_ids: list[str] | None, rng: random.Random):
    if doc_ids:
        groups: list[list[int]] = []
        for k, doc in enumerate(doc_ids):
            if groups and doc_ids[groups[-1][-1]] == doc:
                groups[-1].append(k)
            else:
                groups.append([k])
        # join short source documents until a document has at least 12 lines
        merged: list[list[int]] = []
        for g in groups:
            if merged and len(merged[-1]) < 12:
                merged[-1].extend(g)
            else:
                merged.append(list(g))
        return merged
    out, start = [], 0
    while start < len(ko):
        size = rng.randint(12, 20)
        out.append(list(range(start, min(start + size, len(ko)))))
        start += size
    return out


def perturb(pairs: list[tuple[str, str]], track: str, rng: random.Random):
    """Turn 1-1 pairs into beads with merges, drops and chrome; return (ko lines, en lines, beads)."""
    ko_merge, en_merge, triple, ko_drop, en_drop, ko_chrome, en_chrome = TRACKS[track]
    beads: list[tuple[list[str], list[str]]] = []
    k = 0
    while k < len(pairs):
        roll = rng.random()
        width = 3 if rng.random() < triple else 2
        if roll < ko_merge and k + width <= len(pairs):  # several English sentences for one Korean
            group = pairs[k:k + width]
            beads.append(([" ".join(p[0] for p in group)], [p[1] for p in group]))
            k += width
        elif roll < ko_merge + en_merge and k + width <= len(pairs):  # several Korean for one English
            group = pairs[k:k + width]
            beads.append(([p[0] for p in group], [" ".join(p[1] for p in group)]))
            k += width
        else:
            beads.append(([pairs[k][0]], [pairs[k][1]]))
            k += 1
    out = []
    for ko_side, en_side in beads:
        if len(ko_side) == 1 and len(en_side) == 1:
            roll = rng.random()
            if roll < ko_drop:
                out.append((ko_side, []))
                continue
            if roll < ko_drop + en_drop:
                out.append(([], en_side))
                continue
        out.append((ko_side, en_side))
    name, ename, user = rng.choice(NAMES)
    fill = {"m": rng.randint(1, 12), "d": rng.randint(1, 28), "name": name, "ename": ename, "user": user}
    for lines, lo_hi, side in ((CHROME_KO, ko_chrome, 0), (CHROME_EN, en_chrome, 1)):
        for line in rng.sample(lines, rng.randint(*lo_hi)):
            bead = ([line.format(**fill)], []) if side == 0 else ([], [line.format(**fill)])
            out.insert(rng.choice([0, len(out)] + [rng.randint(0, len(out))]), bead)
    ko_lines, en_lines, gold = [], [], []
    for ko_side, en_side in out:
        ko_ids = list(range(len(ko_lines), len(ko_lines) + len(ko_side)))
        en_ids = list(range(len(en_lines), len(en_lines) + len(en_side)))
        ko_lines += ko_side
        en_lines += en_side
        gold.append(f"{ko_ids}:{en_ids}")
    return ko_lines, en_lines, gold


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("ko_file", type=Path)
    ap.add_argument("en_file", type=Path)
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--docs", type=Path, help="document id of each line (e.g. a URL), one per line")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    ko = args.ko_file.read_text(encoding="utf-8").splitlines()
    en = args.en_file.read_text(encoding="utf-8").splitlines()
    if len(ko) != len(en):
        raise SystemExit(f"error: {args.ko_file} has {len(ko)} lines, {args.en_file} {len(en)}")
    doc_ids = args.docs.read_text(encoding="utf-8").splitlines() if args.docs else None
    rng = random.Random(args.seed)
    docs = documents(ko, en, doc_ids, rng)
    for track in TRACKS:
        folder = args.out_dir / "align" / track
        folder.mkdir(parents=True, exist_ok=True)
        for n, lines in enumerate(docs):
            ko_lines, en_lines, gold = perturb([(ko[k].strip(), en[k].strip()) for k in lines], track, rng)
            for suffix, content in (("ko", ko_lines), ("en", en_lines), ("gold", gold)):
                (folder / f"doc-{n:03d}.{suffix}").write_text("\n".join(content) + "\n", encoding="utf-8")
    print(f"{len(docs)} documents per track -> {args.out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
