"""What the report shows, gathered from a work directory into plain records.

Everything comes from the files the stages wrote (articles, pairs, scored
sentence pairs, the ingest and export records, the dataset card), so a report
can be rebuilt at any time and never needs the models again.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from aligner.records import Article, SentencePair, iter_jsonl, read_articles, read_sentence_pairs


@dataclass
class PairView:
    """One article pair with its beads, in reading order."""

    number: int  # 1-based, the page name
    ko: Article
    en: Article
    score: float | None
    beads: list[SentencePair]
    dropped: dict[str, str]  # bead id -> why the export left it out

    @property
    def linked(self) -> list[SentencePair]:
        return [b for b in self.beads if b.ko and b.en]

    def mean(self, name: str) -> float | None:
        values = [getattr(b, name) for b in self.linked if getattr(b, name) is not None]
        return round(sum(values) / len(values), 3) if values else None

    def flags(self) -> Counter:
        return Counter(flag for b in self.beads for flag in b.flags)


@dataclass
class ReportData:
    workdir: Path
    pairs: list[PairView]
    unpaired: list[tuple[Article, str]]  # article, why
    articles: Counter  # by language
    ingest: dict = field(default_factory=dict)  # ingest.json: files, problems, notes
    export: dict = field(default_factory=dict)  # export.json: rows per split, removed, dropped
    score: dict = field(default_factory=dict)  # score.json: what the score stage did with MT
    card: dict = field(default_factory=dict)  # key facts of the dataset card

    @property
    def rows(self) -> list[SentencePair]:
        return [b for p in self.pairs for b in p.beads]

    def alignment_types(self) -> Counter:
        return Counter(b.alignment for b in self.rows)

    def flags(self) -> Counter:
        return Counter(flag for b in self.rows for flag in b.flags)


def _json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def _card_facts(card: Path) -> dict:
    """License, size, MT models, signatures and tool version from the dataset card."""
    if not card.exists():
        return {}
    text = card.read_text(encoding="utf-8")
    facts = {}
    for key, pattern in (("license", r"^license: (.+)$"), ("sentence pairs", r"^- sentence pairs: (.+)$"),
                         ("article pairs", r"^- article pairs: (.+)$"), ("MT model(s)", r"^- MT model\(s\): (.+)$"),
                         ("splits", r"^- splits: (.+)$"), ("tool", r"^- tool: (.+)$")):
        match = re.search(pattern, text, re.MULTILINE)
        if match:
            facts[key] = match.group(1).strip()
    return facts


def load_workdir(workdir: str | Path) -> ReportData:
    """Read a work directory of `aligner run` (scored pairs if the score stage ran, else aligned)."""
    work = Path(workdir)
    articles = {a.id: a for a in read_articles(work / "articles.jsonl")}
    rows_file = work / "scored.jsonl" if (work / "scored.jsonl").exists() else work / "aligned.jsonl"
    rows = read_sentence_pairs(rows_file) if rows_file.exists() else []
    export = _json(work / "export.json")
    dropped = export.get("dropped", {})
    by_pair: dict[tuple[str, str], list[SentencePair]] = {}
    for row in rows:
        by_pair.setdefault((row.ko_article_id, row.en_article_id), []).append(row)
    pairs, unpaired = [], []
    for _, record in iter_jsonl(work / "pairs.jsonl") if (work / "pairs.jsonl").exists() else []:
        ko_id, en_id = record.get("ko_id"), record.get("en_id")
        if ko_id and en_id and ko_id in articles and en_id in articles:
            beads = sorted(by_pair.get((ko_id, en_id), []), key=_reading_order)
            pairs.append(PairView(0, articles[ko_id], articles[en_id], record.get("score"), beads,
                                  {b.id: dropped[b.id] for b in beads if b.id in dropped}))
        elif (ko_id or en_id) in articles:
            unpaired.append((articles[ko_id or en_id], (record.get("evidence") or {}).get("reason", "")))
    pairs.sort(key=lambda p: (p.ko.published or p.en.published or "", p.ko.id, p.en.id))
    for number, pair in enumerate(pairs, 1):
        pair.number = number
    return ReportData(work, pairs, unpaired, Counter(a.lang for a in articles.values()), _json(work / "ingest.json"),
                      export, _json(work / "score.json"), _card_facts(work / "dataset" / "README.md"))


def _reading_order(row: SentencePair) -> tuple[int, int]:
    """Titles first, then the beads in the order of the alignment path (the last part of a
    row id is its bead's position)."""
    position = row.id.rsplit("|", 1)[-1]
    return (row.alignment != "title", int(position) if position.isdigit() else -1)
