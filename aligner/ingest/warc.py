"""Pages from WARC archives (`aligner fetch`, Common Crawl, any crawler), streamed record by record.

Only successful (200) responses with an HTML or plain-text body become
articles, with their URL and, when the page names no date of its own, the
fetch date; other records (requests, metadata, revisits, redirects, errors,
images, PDFs, URLs outside ``url_filter``) are counted and skipped.  The
charset comes from the HTTP header, else from the page, else from detection,
in that order of trust.  Records are read one at a time, so a multi-GB
archive is read in constant memory.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from pathlib import Path
from typing import Iterator

from aligner.fileio import DecodeError, decode_bytes
from aligner.ingest.problems import NOTICE, Problem
from aligner.ingest.readers import RawArticle, read_page

WARC_SUFFIXES = (".warc", ".warc.gz")
_HTML = ("text/html", "application/xhtml+xml")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def is_warc(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


def _decode(body: bytes, content_type: str, notes: list[str]) -> str:
    """Text of a response body: the header's charset, the page's, then detection (which
    repairs UTF-8 with a few damaged lines, noting it in `notes`)."""
    for source in (_CHARSET.search(content_type), _META_CHARSET.search(body[:4096])):
        if source:
            name = source.group(1)
            name = name.decode("ascii", "replace") if isinstance(name, bytes) else name
            try:
                return body.decode(codecs.lookup(name).name)
            except (LookupError, UnicodeDecodeError):
                continue
    return decode_bytes(body, notes)


def iter_warc(path: Path, problems: list[Problem], url_filter: re.Pattern | None = None) -> Iterator[RawArticle]:
    """The articles of a WARC file, one at a time; at the end, one notice with what was skipped."""
    from warcio.archiveiterator import ArchiveIterator

    skipped: Counter = Counter()
    read = 0
    with path.open("rb") as stream:
        records = enumerate(ArchiveIterator(stream), 1)
        while True:
            try:
                number, record = next(records)
                raw = _page(path, number, record, url_filter, skipped, problems)
            except StopIteration:
                break
            except Exception as exc:  # a torn or damaged archive (a crawl killed mid-write): keep what was read
                problems.append(Problem(str(path), f"damaged after {read} pages ({type(exc).__name__}: "
                                        f"{str(exc)[:120]}): the rest of the file is skipped"))
                break
            if raw is not None:
                read += 1
                yield raw
    parts = ", ".join(f"{count} {reason}" for reason, count in sorted(skipped.items()) if count)
    problems.append(Problem(str(path), f"{read} pages read" + (f"; skipped: {parts}" if parts else ""),
                            level=NOTICE))


def _page(path: Path, number: int, record, url_filter: re.Pattern | None, skipped: Counter,
          problems: list[Problem]) -> RawArticle | None:
    """The article of one record, or None (and the reason counted) when it holds none."""
    if record.rec_type != "response":  # requests, metadata and warcinfo go with responses
        if record.rec_type == "revisit":
            skipped["revisits"] += 1
        return None
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    if url_filter is not None and not url_filter.search(url):
        skipped["outside --url-filter"] += 1
        return None
    status = record.http_headers.get_statuscode() if record.http_headers else None
    if status != "200":
        skipped[f"HTTP {status}"] += 1
        return None
    content_type = record.http_headers.get_header("Content-Type") or ""
    media = content_type.split(";")[0].strip().lower()
    if media not in _HTML + ("text/plain",):
        skipped[f"not HTML or text ({media or 'no type'})"] += 1
        return None
    where, notes = f"{path} (record {number}, {url})", []
    try:
        raw = read_page(where, _decode(record.content_stream().read(), content_type, notes), media in _HTML, problems)
        problems += [Problem(where, note, level=NOTICE) for note in notes]
    except DecodeError as exc:
        skipped[str(exc)] += 1
        return None
    raw.url = url or raw.url
    if raw.published is None:
        raw.published = _fetch_date(record.rec_headers.get_header("WARC-Date"))
    return raw


def _fetch_date(value: str | None) -> str | None:
    from aligner.ingest.dates import parse_date

    parsed = parse_date(value) if value else None
    return parsed.iso if parsed else None


def read_warc(path: Path, url_filter: re.Pattern | None = None) -> tuple[list[RawArticle], list[Problem]]:
    problems: list[Problem] = []
    return list(iter_warc(path, problems, url_filter)), problems
