"""Readers, one per input kind: page text dumps, HTML pages (also saved as MHTML), news
feeds, JSONL, JSON and CSV records.

Each returns `RawArticle`s (title, body paragraphs, metadata) and the
`Problem`s it met; the orchestrator in `aligner.ingest` turns them into
`Article`s with language and sentences.  Every reader passes its text through
the one normaliser (`normalise_text`) before anything looks at it.  A JSONL
or CSV file is read record by record: a bad one is reported as ``FILE:LINE:
reason`` and skipped, the good ones are kept.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

from aligner.fileio import (MAX_PAGE, DecodeError, decode_bytes, detect_encoding, page_suffix, read_page_bytes,
                            sniff_binary)
from aligner.ingest.clean import Cleaned, clean_page, is_sentence
from aligner.ingest.dates import LABEL, find_date, number_date, parse_date
from aligner.ingest.feed import feed_items, looks_like_feed
from aligner.ingest.fragment import fragment_lines, looks_like_html_fragment
from aligner.ingest.markdown import looks_like_markdown, markdown_lines
from aligner.ingest.mhtml import looks_like_mhtml, saved_page
from aligner.ingest.normalise import decode_entities, normalise_text
from aligner.ingest.problems import ERROR, NOTICE, NotPages, Problem

_META_TIME = re.compile(
    r"<meta[^>]+(?:property|name|itemprop)=[\"'](?:article:published_time|datePublished|pubdate|"
    r"og:published_time)[\"'][^>]*content=[\"']([^\"']+)[\"']", re.IGNORECASE)
# schema.org data (JSON-LD) that script-built pages carry instead: "datePublished": "2024-08-01T14:05:00+09:00"
_JSONLD_TIME = re.compile(r"\"datePublished\"\s*:\s*\"([^\"]+)\"")
_LABELLED = re.compile(LABEL + r"\s*[:：]?\s*\d{4}", re.IGNORECASE)
_SURROGATE = re.compile("[\ud800-\udfff]")
_LOOKS_HTML = re.compile(r"\s*(?:<!--.*?-->\s*)*(?:<\?xml[^>]*>\s*)?(?:<!doctype html|<html)",
                         re.IGNORECASE | re.DOTALL)

# JSONL field names: the documented one first, then what other tools write.
# (news-please writes maintext and date_publish, newspaper3k publish_date, schema.org datePublished)
TEXT_FIELDS = ("text", "body", "content", "markdown", "maintext")
DATE_FIELDS = ("date", "published", "date_publish", "publish_date", "datePublished", "pubDate")
URL_FIELDS = ("url", "link")
LANG_FIELDS = ("lang", "language")
_STRING_FIELDS = ("title", "source", *URL_FIELDS, *LANG_FIELDS, *DATE_FIELDS)
# where a crawler's JSON response keeps its records: {"data": [...]} (Firecrawl), ...
_RECORD_LISTS = ("data", "results", "articles", "items", "records", "documents")


@dataclass
class RawArticle:
    title: str
    body: list[str]
    published: str | None = None
    url: str | None = None
    source: str | None = None
    id: str | None = None
    lang: str | None = None
    line: int | None = None  # JSONL line it came from
    origin: str | None = None  # the file it came from, when not the one read (a member of an archive)


Read = tuple[list[RawArticle], list[Problem]]


def _normalised(path: str | Path, text: str, problems: list[Problem], line: int | None = None) -> str:
    result = normalise_text(text)
    if result.mojibake_lines:
        problems.append(Problem(str(path), f"{result.mojibake_lines} line(s) of mojibake (Korean read as "
                                "Latin-1/Windows-1252) re-decoded", line, NOTICE))
    return result.text


def _date_notice(path: str | Path, cleaned: Cleaned, problems: list[Problem], line: int | None = None) -> None:
    if cleaned.date_problem:
        problems.append(Problem(str(path), f"{cleaned.date_problem}: publication date left empty", line, NOTICE))


def read_text_page(path: Path) -> Read:
    """A page saved as plain text (menus, title, time stamp, story, footer); an HTML page
    saved under another name (scrapers write ``.txt`` or no suffix) is read as HTML."""
    return _read_page_file(path, False)


def _read_page_file(path: Path, html: bool, xml: bool = False) -> Read:
    """One page file; a page a browser saved as one file (MHTML) is read as its HTML part and
    a news feed as its items, whatever the file's name.  An XML file (`xml`) that is neither a
    feed nor a page (a sitemap) holds no page."""
    problems: list[Problem] = []
    data = read_page_bytes(path, MAX_PAGE)
    if looks_like_mhtml(data):
        saved = saved_page(data)
        page = read_page(str(path), saved.html, True, problems)
        page.url = page.url or saved.url
        return [page], problems
    notes: list[str] = []
    text = decode_bytes(data, notes)
    problems += [Problem(str(path), note, level=NOTICE) for note in notes]
    if looks_like_feed(text):
        articles, feed_problems = _read_feed(path, text)
        return articles, problems + feed_problems
    if xml and not _LOOKS_HTML.match(text):
        raise NotPages("an XML file that is neither a news feed nor a page: skipped")
    return [read_page(str(path), text, html, problems)], problems


def _read_feed(path: Path, text: str) -> Read:
    """The items of a news feed as records; an item without a story is named by its line."""
    articles: list[RawArticle] = []
    problems: list[Problem] = []
    items = feed_items(text)
    if not items:
        raise DecodeError("a news feed without items")
    for item in items:
        try:
            if "text" not in item.record:
                raise ValueError("feed item without a story (no content or description)")
            articles.append(_record(path, item.line, item.record, problems))
        except ValueError as exc:
            problems.append(Problem(str(path), str(exc), item.line, ERROR))
    return articles, problems


def read_xml(path: Path) -> Read:
    """An XML file: a news feed, or an XHTML page; anything else (a sitemap) is no page."""
    return _read_page_file(path, True, xml=True)


def read_page(where: str, text: str, html: bool, problems: list[Problem]) -> RawArticle:
    """One decoded page (HTML, or a text dump unless it looks like HTML) as a RawArticle; problems
    are reported as at `where`.  Raises DecodeError when an HTML page holds no story."""
    text = _normalised(where, text, problems)
    if html or _LOOKS_HTML.match(text):
        return _from_html(where, text, problems)
    cleaned = clean_page(_page_lines(text))
    _date_notice(where, cleaned, problems)
    return RawArticle(title=cleaned.title, body=cleaned.body, published=cleaned.published)


def _page_lines(text: str) -> list[str]:
    """The lines of a text page; an HTML fragment (a record that kept the story's markup,
    also escaped: ``&lt;p&gt;``) or Markdown (what many scrapers write) without its markup."""
    if not looks_like_html_fragment(text):
        unescaped = decode_entities(text)
        if looks_like_html_fragment(unescaped):  # the markup was escaped; other references: `clean_page`
            text = unescaped
    if looks_like_html_fragment(text):  # Markdown may hold HTML tags too: the tags go first
        text = "\n".join(fragment_lines(text))
    return markdown_lines(text) if looks_like_markdown(text) else text.splitlines()


def _html_date(html: str, meta: dict) -> tuple[str | None, str | None]:
    """(ISO date, problem) from the page's meta tags or its schema.org data (JSON-LD), else
    trafilatura's date or a labelled stamp ("Written: 2024-06-22 14:57:31"): the stamp when it
    falls on trafilatura's day, since it has the time too."""
    stamp = _META_TIME.search(html) or _JSONLD_TIME.search(html)
    parsed = parse_date(stamp.group(1)) if stamp else None
    if parsed:
        return parsed.iso, parsed.problem
    guessed = parse_date(meta["date"]) if meta.get("date") else None
    labelled = _LABELLED.search(html)
    found = find_date(html[labelled.start():labelled.start() + 200]) if labelled else None
    if found and (guessed is None or (found.iso or "")[:10] == (guessed.iso or "")[:10]):
        return found.iso, found.problem
    return (guessed.iso, guessed.problem) if guessed else (None, None)


def read_html(path: Path) -> Read:
    """An HTML page (or one a browser saved as MHTML): trafilatura finds the story, then the
    same cleaning as text pages."""
    return _read_page_file(path, True)


# trafilatura's modes, most precise first: precision mode sometimes takes a box for the story
# (KBS News' tip-off box over a story written as <br>-separated text), so a thin result is
# checked against the others
_HTML_MODES = ({"favor_precision": True}, {}, {"favor_recall": True})


_SHELL = (": the page is an empty shell that scripts fill in (a JavaScript app); save it from a browser once "
          "it has loaded (Save page as... HTML or MHTML)")


def _script_shell(html: str) -> bool:
    """True for a page whose body has next to no text of its own but scripts: what a
    server sends of a page that JavaScript renders in the browser."""
    import lxml.html
    from lxml.etree import ParserError

    try:
        root = lxml.html.document_fromstring(html)
    except (ParserError, ValueError):
        return False
    if not root.xpath("//script") or (body := root.find("body")) is None:
        return False
    for element in body.xpath(".//script | .//style | .//noscript | .//template"):
        element.drop_tree()
    return len("".join(body.text_content().split())) < 200


def _from_html(where: str, html: str, problems: list[Problem], line: int | None = None,
               title: str | None = None) -> RawArticle:
    """The story of an HTML page: the first trafilatura mode whose cleaned text holds two
    sentences, else the one that holds the most (ties: the more precise).  `title`, when
    given, is the page's title (a record's), else trafilatura's."""
    import trafilatura

    best: tuple[int, dict, Cleaned] | None = None
    for mode in _HTML_MODES:
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_tables=False, **mode)
        if doc is None:
            continue
        meta = doc.as_dict()
        lines = normalise_text(meta.get("text") or "").text.splitlines()
        cleaned = clean_page(lines, title=title or normalise_text(meta.get("title") or "").text.strip() or None)
        sentences = sum(map(is_sentence, cleaned.body))
        if best is None or sentences > best[0]:
            best = (sentences, meta, cleaned)
        if sentences >= 2:
            break
    if (best is None or not best[2].body) and _script_shell(html):
        raise DecodeError("no article text found in the HTML" + _SHELL)
    if best is None:
        raise DecodeError("no article text found in the HTML")
    _, meta, cleaned = best
    if cleaned.published is None and cleaned.date_problem is None:
        cleaned.published, cleaned.date_problem = _html_date(html, meta)
    _date_notice(where, cleaned, problems, line)
    return RawArticle(title=cleaned.title, body=cleaned.body, published=cleaned.published,
                      url=meta.get("url"), source=meta.get("sitename"))


def _decode_line(raw: bytes) -> str:
    """One JSONL line: UTF-8, else CP949 when Hangul comes out."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        try:
            text = raw.decode("cp949")
        except UnicodeDecodeError:
            text = None
        if text is None or not re.search("[\uac00-\ud7a3]", text):
            raise ValueError(f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at column {exc.start + 1})") from None
        return text


def _record(path: Path, number: int | None, value: object, problems: list[Problem]) -> RawArticle:
    """A JSONL object as a RawArticle; raises ValueError naming what is wrong with it."""
    if not isinstance(value, dict):
        raise ValueError(f"expected a JSON object, got {type(value).__name__}")
    field = next((name for name in TEXT_FIELDS if name in value), None)
    if field is None:
        raise ValueError("no 'text' field")
    if value[field] is None:
        raise ValueError(f"'{field}' is null")
    if isinstance(value[field], list) and all(isinstance(part, str) for part in value[field]):
        value = {**value, field: "\n".join(value[field])}  # the story as a list of paragraphs
    for name in DATE_FIELDS:  # a number crawlers write for a date (also as digits in a CSV cell)
        item = value.get(name)
        if isinstance(item, str) and item.strip().isdecimal() and item.strip().isascii():
            item = int(item)
        if isinstance(item, (int, float)) and not isinstance(item, bool) and math.isfinite(item) \
                and (iso := number_date(item)):
            value = {**value, name: iso}
    for name in (field, *_STRING_FIELDS):
        item = value.get(name)
        if item is not None and not isinstance(item, str):
            raise ValueError(f"'{name}' must be a string, not {type(item).__name__}")
        if item and _SURROGATE.search(item):
            raise ValueError(f"lone surrogate in '{name}' (not valid Unicode text)")
        if item and "\x00" in item:
            raise ValueError(f"NUL character in '{name}'")
    ident = value.get("id")
    if ident is not None and (isinstance(ident, bool) or not isinstance(ident, (str, int))):
        raise ValueError(f"'id' must be a string or an integer, not {type(ident).__name__}")
    if isinstance(ident, str) and (not ident.strip() or _SURROGATE.search(ident) or "\x00" in ident):
        raise ValueError("'id' is empty or not valid text")
    text = _normalised(path, value[field], problems, number)
    if not text.strip():
        raise ValueError(f"empty '{field}'")
    meta = value.get("metadata") if isinstance(value.get("metadata"), dict) else {}  # Firecrawl
    title = normalise_text(value.get("title") or _text_field(meta, "title") or "").text.strip()
    url = next((value[k] for k in URL_FIELDS if value.get(k)), None) or _text_field(meta, "sourceURL") \
        or _text_field(meta, "url") or None
    source = value.get("source") or None
    if _LOOKS_HTML.match(text):  # a whole page kept in the record
        try:
            page = _from_html(str(path), text, problems, number, title or None)
        except DecodeError as exc:
            raise ValueError(str(exc)) from None
        cleaned = Cleaned(title=page.title, body=page.body, published=page.published)
        url, source = url or page.url, source or page.source
    else:
        cleaned = clean_page(_page_lines(text), title=title or None)
    if not cleaned.body:
        raise ValueError(f"no article text in '{field}' (only page chrome)")
    published, date_value = cleaned.published, next((value[k] for k in DATE_FIELDS if value.get(k)), None)
    if date_value:
        parsed = parse_date(date_value)
        if parsed is None:
            problems.append(Problem(str(path), f"unrecognised date {date_value!r}: left empty", number, NOTICE))
            published = None
        else:
            published = parsed.iso
            cleaned.date_problem = parsed.problem
    _date_notice(path, cleaned, problems, number)
    return RawArticle(title=cleaned.title, body=cleaned.body, published=published, url=url, source=source,
                      id=str(ident).strip() if ident is not None else None,
                      lang=next((value[k] for k in LANG_FIELDS if value.get(k)), None), line=number)


def _text_field(meta: dict, name: str) -> str | None:
    item = meta.get(name)
    return item if isinstance(item, str) and item.strip() and not _SURROGATE.search(item) else None


def read_jsonl(path: Path) -> Read:
    """JSON lines with id, lang, title, date, url, text (text may keep page chrome), line by line."""
    data = read_page_bytes(path)
    if not data.strip():
        raise DecodeError("empty file")
    kind = sniff_binary(data)
    if kind:
        raise DecodeError(f"binary file ({kind}), not text")
    try:
        wide = detect_encoding(data).startswith(("utf-16", "utf-32"))
    except DecodeError:  # some lines are not text: they are reported one by one below
        wide = False
    if wide:  # a Windows "Unicode" file: decoded whole, then read like any other
        lines = [line.encode("utf-8") for line in decode_bytes(data).split("\n")]
    else:
        lines = data.removeprefix(b"\xef\xbb\xbf").split(b"\n")
    articles: list[RawArticle] = []
    problems: list[Problem] = []
    last = len(lines)
    while last and not lines[last - 1].strip():
        last -= 1
    for number, raw in enumerate(lines[:last], 1):
        raw = raw.rstrip(b"\r")
        if not raw.strip():
            continue
        try:
            if b"\x00" in raw:
                raise ValueError("NUL byte in the line")
            line = _decode_line(raw)
            try:
                value = json.loads(line)
            except RecursionError:
                raise ValueError("invalid JSON: nested too deeply") from None
            except json.JSONDecodeError as exc:
                truncated = number == last and not data.rstrip(b"\r\n\t ").endswith((b"}", b"]"))
                raise ValueError(("truncated last line: " if truncated else "")
                                 + f"invalid JSON: {exc.msg} (column {exc.colno})") from None
            articles.append(_record(path, number, value, problems))
        except ValueError as exc:
            problems.append(Problem(str(path), str(exc), number, ERROR))
    return articles, problems


def read_json(path: Path) -> Read:
    """A JSON file named on the command line: an array of records (or one record); a file of
    JSON lines under a .json name is read as JSONL."""
    try:
        value = json.loads(decode_bytes(read_page_bytes(path)))
    except (json.JSONDecodeError, RecursionError):
        return read_jsonl(path)
    if isinstance(value, dict) and not any(name in value for name in TEXT_FIELDS):
        # a crawler's response: {"data": [records]} (Firecrawl), {"results": [...]}, ...
        value = next((value[key] for key in _RECORD_LISTS if isinstance(value.get(key), list)), value)
    records = value if isinstance(value, list) else [value]
    articles: list[RawArticle] = []
    problems: list[Problem] = []
    for number, record in enumerate(records, 1):
        try:
            articles.append(_record(path, None, record, problems))
        except ValueError as exc:
            problems.append(Problem(str(path), f"record {number}: {exc}"))
    return articles, problems


def read_csv(path: Path) -> Read:
    """A table of records (a spreadsheet's export, CSV or TSV): a header row naming the
    columns as JSONL names its fields (``text``/``body``/``content``, ``title``, ``date``,
    ``lang``, ``id``, ``url``), one article per row.  Excel writes CP949 or UTF-8 with a BOM, and commas,
    semicolons or tabs; a bad row is reported as ``FILE:LINE: reason`` and skipped."""
    text = decode_bytes(read_page_bytes(path))
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t|", key=first.count)  # the header's most frequent one (a tie: the comma)
    csv.field_size_limit(max(csv.field_size_limit(), 1 << 28))  # a story in one cell may be long
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [name.strip().lower() for name in next(rows, [])]
    if not any(name in TEXT_FIELDS for name in header):  # a table of something else beside the pages
        raise NotPages(f"a table without a text column ({', '.join(TEXT_FIELDS)}; it has "
                       f"{', '.join(header)[:200] or 'none'}): skipped")
    articles: list[RawArticle] = []
    problems: list[Problem] = []
    while True:
        start = rows.line_num + 1
        try:
            row = next(rows, None)
        except csv.Error as exc:  # a NUL byte, an unclosed quote: the rest cannot be read
            problems.append(Problem(str(path), f"broken table: {exc}", start, ERROR))
            break
        if row is None:
            break
        if not any(cell.strip() for cell in row):
            continue
        try:
            if len(row) != len(header):
                raise ValueError(f"{len(row)} cells, the header has {len(header)}")
            record = {name: cell for name, cell in zip(header, row) if name and (cell.strip() or name in TEXT_FIELDS)}
            articles.append(_record(path, start, record, problems))
        except ValueError as exc:
            problems.append(Problem(str(path), str(exc), start, ERROR))
    return articles, problems


# documents that are no web pages: what to turn them into instead of "binary file"
_DOCUMENT_ADVICE = {
    ".xlsx": "an Excel workbook: save it as CSV (UTF-8) with a header row (id, lang, title, date, url, text)",
    ".xls": "an Excel workbook: save it as CSV (UTF-8) with a header row (id, lang, title, date, url, text)",
    ".docx": "a Word document: save it as plain text or as a web page",
    ".doc": "a Word document: save it as plain text or as a web page",
    ".hwp": "a Hangul (HWP) document: save it as plain text or as a web page",
    ".hwpx": "a Hangul (HWP) document: save it as plain text or as a web page",
    ".pdf": "a PDF: extract its text (pdftotext FILE) or save the article as a web page",
}


def _document(path: Path) -> Read:
    raise DecodeError(f"{_DOCUMENT_ADVICE[page_suffix(path)]}; not read")


READERS = {".html": read_html, ".htm": read_html, ".xhtml": read_html, ".mhtml": read_html, ".mht": read_html,
           ".xml": read_xml, ".rss": read_xml, ".atom": read_xml, ".jsonl": read_jsonl, ".json": read_json,
           ".csv": read_csv, ".tsv": read_csv, **dict.fromkeys(_DOCUMENT_ADVICE, _document)}


def reader_for(path: Path):
    """The reader of a file, by its suffix (that of `page.html.gz` is `.html`)."""
    return READERS.get(page_suffix(path), read_text_page)
