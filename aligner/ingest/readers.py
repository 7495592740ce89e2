"""Readers, one per input kind: page text dumps, HTML pages, JSONL records.

Each returns `RawArticle`s (title, body paragraphs, metadata); the orchestrator
in `aligner.ingest` turns them into `Article`s with language and sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from aligner.fileio import DecodeError, decode_bytes
from aligner.ingest.clean import clean_page, find_published
from aligner.records import iter_jsonl

_META_TIME = re.compile(
    r"<meta[^>]+(?:property|name|itemprop)=[\"'](?:article:published_time|datePublished|pubdate|"
    r"og:published_time)[\"'][^>]*content=[\"']([^\"']+)[\"']", re.IGNORECASE)


@dataclass
class RawArticle:
    title: str
    body: list[str]
    published: str | None = None
    url: str | None = None
    source: str | None = None
    id: str | None = None
    lang: str | None = None


def read_text_page(path: Path) -> list[RawArticle]:
    """A page saved as plain text (menus, title, time stamp, story, footer)."""
    cleaned = clean_page(decode_bytes(path.read_bytes()).splitlines())
    return [RawArticle(title=cleaned.title, body=cleaned.body, published=cleaned.published)]


def read_html(path: Path) -> list[RawArticle]:
    """An HTML page: trafilatura finds the story, then the same cleaning as text pages."""
    import trafilatura

    html = decode_bytes(path.read_bytes())
    doc = trafilatura.bare_extraction(html, with_metadata=True, favor_precision=True)
    if doc is None:
        raise DecodeError("no article text found in the HTML")
    meta = doc.as_dict()
    lines = (meta.get("text") or "").splitlines()
    cleaned = clean_page(lines, title=meta.get("title") or None)
    published = cleaned.published
    stamp = _META_TIME.search(html)
    if published is None and stamp:
        published = stamp.group(1)
    if published is None:
        published = meta.get("date") or find_published(html)
    return [RawArticle(title=cleaned.title, body=cleaned.body, published=published,
                       url=meta.get("url"), source=meta.get("sitename"))]


def read_jsonl(path: Path) -> list[RawArticle]:
    """JSON lines with id, lang, title, date, url, text (text may keep page chrome)."""
    out = []
    for number, record in iter_jsonl(path):
        if not isinstance(record.get("text"), str):
            raise DecodeError(f"line {number}: expected an object with a 'text' string")
        title = str(record.get("title") or "")
        cleaned = clean_page(record["text"].splitlines(), title=title or None)
        published = record.get("date") or record.get("published")
        out.append(RawArticle(
            title=cleaned.title, body=cleaned.body,
            published=str(published) if published else cleaned.published,
            url=str(record["url"]) if record.get("url") else None,
            source=str(record["source"]) if record.get("source") else None,
            id=str(record["id"]) if record.get("id") is not None else None, lang=record.get("lang")))
    return out


READERS = {".html": read_html, ".htm": read_html, ".jsonl": read_jsonl}


def reader_for(path: Path):
    return READERS.get(path.suffix.lower(), read_text_page)
