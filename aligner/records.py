"""Plain records passed between the stages, with JSONL (de)serialisation.

Stages exchange these dataclasses and nothing else, so each stage can be run,
inspected and tested on its own.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from aligner.fileio import atomic_path, read_text


class _Record:
    """JSON-ready dict in, dataclass out; unknown keys are ignored (newer files stay readable)."""

    def to_dict(self) -> dict:
        """A shallow dict (lists and dicts are shared with the record): `dataclasses.asdict`
        deep-copies, which cost most of the time of writing a stage's rows."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}

    @classmethod
    def from_dict(cls, data: dict):
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass
class Article(_Record):
    """One news article in one language, as ingested."""

    id: str
    lang: str  # "ko" or "en"
    title: str
    text: str
    sentences: list[str] = field(default_factory=list)
    published: str | None = None  # ISO 8601, e.g. 2024-06-22T14:57:31+09:00
    url: str | None = None
    source: str | None = None  # site or publisher, e.g. "KBS World"
    origin: str | None = None  # path of the file it came from



@dataclass(frozen=True)
class Bead:
    """One alignment unit: Korean sentence ids, English sentence ids, a score.

    Either side may be empty (a sentence without counterpart).  Ids are 0-based
    positions in the sentence lists that were aligned.  ``posterior``: the
    probability that an alignment of the two sides contains this bead
    (`aligner.align.posterior`), when the aligner computed it.
    """

    ko: tuple[int, ...]
    en: tuple[int, ...]
    score: float = 0.0
    posterior: float | None = field(default=None, compare=False)

    @property
    def kind(self) -> str:
        """The alignment type, e.g. ``2-1`` (two Korean sentences, one English)."""
        return f"{len(self.ko)}-{len(self.en)}"

    def to_line(self) -> str:
        """The ``[ko ids]:[en ids]:score`` line of the Vecalign/Bertalign format."""
        return f"{list(self.ko)}:{list(self.en)}:{self.score:.4f}"


@dataclass
class SentencePair(_Record):
    """One aligned unit of an article pair: its sentences, where they came from, and scores.

    A side is empty ("") for a sentence without counterpart.  Score fields stay
    None until the score stage fills them (or when a score cannot be computed).
    """

    id: str
    ko_article_id: str
    en_article_id: str
    ko_sentence_ids: list[int]
    en_sentence_ids: list[int]
    ko: str
    en: str
    alignment: str  # e.g. "2-1"
    similarity: float | None = None  # cosine of the two sides' embeddings
    confidence: float | None = None  # probability that the two sides translate each other
    features: dict | None = None  # what the confidence model sees (aligner.confidence), from alignment
    published: str | None = None
    ko_url: str | None = None
    en_url: str | None = None
    ko_title: str | None = None
    en_title: str | None = None
    mt: str | None = None
    mt_model: str | None = None
    bleu: float | None = None
    chrf: float | None = None
    chrf_pp: float | None = None
    length_ratio: float | None = None
    numbers_match: float | None = None
    hangul_share: float | None = None
    latin_share: float | None = None
    flags: list[str] = field(default_factory=list)



def jsonl_line(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False) + "\n"


def write_jsonl(path: str | Path, records: Iterable[dict]) -> int:
    """Write dicts as JSON lines atomically; return how many were written."""
    return write_lines(path, map(jsonl_line, records))


def write_lines(path: str | Path, lines: Iterable[str]) -> int:
    """Write lines (each ending in a newline) atomically; return how many were written."""
    count = 0
    with atomic_path(path) as tmp, tmp.open("w", encoding="utf-8") as out:
        for line in lines:
            out.write(line)
            count += 1
    return count


def iter_jsonl(path: str | Path) -> Iterator[tuple[int, dict]]:
    """Yield (line number, object) for each non-blank line; errors name file and line.

    Decoding is as tolerant as for pages (UTF-8 with or without BOM, CP949)."""
    if not Path(path).read_bytes().strip():
        return  # an empty file holds no records
    for number, line in enumerate(read_text(path).splitlines(), 1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}:{number}: invalid JSON: {exc.msg}") from None
        if not isinstance(value, dict):
            raise ValueError(f"{path}:{number}: expected a JSON object")
        yield number, value


def write_articles(path: str | Path, articles: Iterable[Article]) -> int:
    return write_jsonl(path, (a.to_dict() for a in articles))


def read_articles(path: str | Path) -> list[Article]:
    articles = []
    for number, data in iter_jsonl(path):
        missing = [k for k in ("id", "lang", "title", "text") if k not in data]
        if missing:
            raise ValueError(f"{path}:{number}: article lacks {', '.join(missing)}")
        articles.append(Article.from_dict(data))
    return articles


def sentence_pair_line(pair: SentencePair) -> str:
    return jsonl_line(pair.to_dict())


def write_sentence_pairs(path: str | Path, pairs: Iterable[SentencePair]) -> int:
    return write_lines(path, map(sentence_pair_line, pairs))


def read_sentence_pairs(path: str | Path) -> list[SentencePair]:
    rows = []
    for number, data in iter_jsonl(path):
        missing = [k for k in ("id", "ko", "en", "ko_article_id", "en_article_id") if k not in data]
        if missing:
            raise ValueError(f"{path}:{number}: sentence pair lacks {', '.join(missing)}")
        rows.append(SentencePair.from_dict(data))
    return rows
