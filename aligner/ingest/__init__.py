"""Ingest: files and folders of raw pages in, `Article` records out.

Files are read by kind (`readers`), cleaned of page chrome (`clean`), their
language detected from the script unless given, and their bodies split into
sentences.  A bad file is reported and skipped; the batch goes on.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from aligner.ingest.clean import detect_lang
from aligner.ingest.readers import RawArticle, reader_for
from aligner.records import Article
from aligner.segment import split_sentences

__all__ = ["IngestResult", "collect_files", "ingest_paths"]

# Alignment files (one sentence per line: DOC.ko, DOC.en, DOC.gold, DOC.align), tables,
# docs and data files live beside pages in corpora; they are not pages.
_SKIP_SUFFIXES = {".ko", ".en", ".align", ".gold", ".tsv", ".md", ".py", ".json", ".npz", ".parquet"}


@dataclass
class IngestResult:
    articles: list[Article] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (path, message): skipped, not errors

    def messages(self) -> list[str]:
        """One line per problem, naming the file: errors, then skipped duplicates."""
        lines = [f"error: {reason}" if reason.startswith(path) else f"error: {path}: {reason}"
                 for path, reason in self.errors]
        return lines + [f"notice: {path}: {message}" for path, message in self.duplicates]


def collect_files(paths: Iterable[str | Path]) -> list[Path]:
    """Files given directly, plus every file under given folders (sorted, hidden ones skipped)."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(p for p in sorted(path.rglob("*"))
                         if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
                         and p.suffix.lower() not in _SKIP_SUFFIXES)
        else:
            files.append(path)
    return files


def _to_article(raw: RawArticle, origin: Path, lang: str) -> Article:
    text = "\n".join(raw.body)
    language = raw.lang if raw.lang in ("ko", "en") and lang == "auto" else lang
    if language == "auto":
        language = detect_lang(raw.title + "\n" + text)
    ident = raw.id or f"{language}-" + hashlib.sha1(
        f"{raw.title}\n{text}".encode("utf-8")).hexdigest()[:12]
    return Article(id=ident, lang=language, title=raw.title, text=text,
                   sentences=split_sentences(text, language), published=raw.published,
                   url=raw.url, source=raw.source, origin=str(origin))


def ingest_paths(paths: Iterable[str | Path], lang: str = "auto",
                 on_file: Callable[[Path], None] | None = None) -> IngestResult:
    """Read every file under `paths`; lang is "ko", "en" or "auto" (from the script)."""
    if lang not in ("ko", "en", "auto"):
        raise ValueError(f"lang must be ko, en or auto, not {lang!r}")
    result = IngestResult()
    seen: dict[str, Article] = {}  # ids must be unique: the first article with an id wins
    for path in collect_files(paths):
        if on_file:
            on_file(path)
        try:
            raws = reader_for(path)(path)
        except ValueError as exc:  # undecodable page (DecodeError) or bad JSONL line
            result.errors.append((str(path), str(exc)))
            continue
        except OSError as exc:
            result.errors.append((str(path), exc.strerror or str(exc)))
            continue
        good = [r for r in raws if r.body]
        if not good:
            result.errors.append((str(path), "no article text found"))
            continue
        for raw in good:
            article = _to_article(raw, path, lang)
            first = seen.get(article.id)
            if first is None:
                seen[article.id] = article
                result.articles.append(article)
            else:
                same = (first.title, first.text) == (article.title, article.text)
                result.duplicates.append((str(path), f"article id {article.id} already read from {first.origin}"
                                          + (" (same text): skipped" if same else " (different text): skipped")))
    return result
