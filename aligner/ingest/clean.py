"""Article text cleaning shared by every reader: chrome lines out, metadata in.

Readers give a title candidate and the page's lines; this module decides where
the story starts and ends, drops chrome and transcript markers (see
`aligner.boilerplate`), finds the publication time (`aligner.ingest.dates`)
and the language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from aligner.boilerplate import is_boilerplate, is_footer, split_markers, strip_dateline
from aligner.ingest.dates import stamp_line
from aligner.script import hangul_share

_LETTERS = re.compile(r"[^\W\d_]")


@dataclass
class Cleaned:
    title: str
    body: list[str]
    published: str | None
    date_problem: str | None = None  # e.g. an impossible date in the time stamp


def detect_lang(text: str) -> str:
    """"ko" when Hangul makes up a fifth of the letters of the text's sentence-length lines
    (menus and labels are short, so a Korean menu over an English story does not count)."""
    long_lines = [line for line in text.splitlines() if len(_LETTERS.findall(line)) >= 20]
    share, _ = hangul_share("\n".join(long_lines) if long_lines else text)
    return "ko" if share >= 0.2 else "en"


_SENTENCE_END = re.compile(r"[.!?。][\"'”’)\]]*$")


def _story_goes_on(after: list[str]) -> bool:
    """After a box heading such as "Related articles": does the story go on (an inline box, then
    sentences), or do other stories' headlines follow (the story is over)?  Headlines seldom
    end like sentences."""
    lines = [line for line in after if not is_boilerplate(line) and not is_footer(line)][:4]
    sentences = [line for line in lines if len(line) >= 30 and _SENTENCE_END.search(line)]
    return len(sentences) >= 2


def _norm(line: str) -> str:
    return " ".join(line.split()).casefold()


def clean_page(lines: list[str], title: str | None = None) -> Cleaned:
    """Split a page dump into title, story paragraphs and publication time.

    The story starts after the first time stamp line (or after the title when
    there is none) and ends at the first footer box ("List", "Editor's Pick",
    "많이 본 뉴스"...) that is followed by headlines rather than sentences.  Without a title given, the title is the line before
    the time stamp that the page repeats just after it, else the nearest line
    before the stamp.
    """
    lines = [" ".join(part.split()) for line in lines for part in split_markers(line)]
    stamps = [(k, stamp) for k, stamp in ((k, stamp_line(line)) for k, line in enumerate(lines)) if stamp]
    stamp_at, stamp = stamps[0] if stamps else (None, None)
    title = title or ""
    if not title and stamp_at is not None:
        before = [line for line in lines[:stamp_at] if not is_boilerplate(line)]
        after = {_norm(line) for line in lines[stamp_at + 1:stamp_at + 4]}
        repeated = [line for line in reversed(before) if _norm(line) in after]
        longer = [line for line in reversed(before) if len(line) > 5]
        title = (repeated or longer or [""])[0]
    start = stamp_at + 1 if stamp_at is not None else 0
    if stamp_at is None and title:
        start = next((k + 1 for k, line in enumerate(lines) if _norm(line) == _norm(title)), 0)
    stamp_lines = {k for k, _ in stamps}
    body: list[str] = []
    for k, line in enumerate(lines[start:], start):
        if is_footer(line):
            if body and not _story_goes_on(lines[k + 1:]):
                break
            continue
        if k in stamp_lines or is_boilerplate(line) or _norm(line) == _norm(title):
            continue
        body.append(line)
    # the story's start has the dateline, if any: the first lines (a title the page did not
    # mark may come before it)
    for k, line in enumerate(body[:3]):
        story = strip_dateline(line)
        if story != line:
            body[k:k + 1] = [story] if story else []
            break
    return Cleaned(title=title, body=body, published=stamp.iso if stamp else None,
                   date_problem=stamp.problem if stamp else None)
