"""Article text cleaning shared by every reader: chrome lines out, metadata in.

Readers give a title candidate and the page's lines; this module decides where
the story starts and ends, drops chrome and transcript markers (see
`aligner.boilerplate`), finds the publication time (`aligner.ingest.dates`)
and the language.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from aligner.boilerplate import is_boilerplate, is_footer, split_markers, starts_with_marker, strip_dateline
from aligner.ingest.dates import stamp_line
from aligner.ingest.normalise import decode_entities
from aligner.ingest.unwrap import unwrap
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


def is_sentence(line: str, shortest: int = 30) -> bool:
    """A line that reads like a story's sentence, not a menu entry or a headline (those seldom
    end like sentences)."""
    return len(line) >= shortest and _SENTENCE_END.search(line) is not None


def _story_goes_on(lines: list[str], start: int) -> bool:
    """After a box heading such as "Related articles": does the story go on (an inline box, then
    sentences), or do other stories' headlines follow (the story is over)?  The lines up to
    the next box (past a run of headings: "관련 기사", "주요 뉴스") decide: two sentences, or
    nothing but sentences (the story's last paragraph after an inline box)."""
    after: list[str] = []
    for line in itertools.islice(lines, start, None):
        if is_footer(line):
            if after:
                break
            continue
        if not is_boilerplate(line):
            after.append(line)
            if len(after) == 4:
                break
    sentences = [line for line in after if is_sentence(line, 12)]
    return len(sentences) >= 2 or bool(after) and len(sentences) == len(after)


# a site's name after a page title: "FM Cho Discusses Treaty | KBS WORLD", "외교장관 통화 | KBS 뉴스"
_SITE_SUFFIX = re.compile(r"\s+[|｜]\s+[^|｜]{1,40}$")


def _norm(line: str) -> str:
    return " ".join(line.split()).casefold()


def _story(lines: list[str], start: int, title: str, stamp_lines: set[int]) -> list[str]:
    """The story's lines from `start` on, without chrome, up to the footer box that ends it."""
    body: list[str] = []
    for k, line in enumerate(lines[start:], start):
        if is_footer(line):
            if body and not _story_goes_on(lines, k + 1):
                break
            continue
        if k in stamp_lines or is_boilerplate(line) or _norm(line) == _norm(title):
            continue
        body.append(line)
    return body


def clean_page(lines: list[str], title: str | None = None) -> Cleaned:
    """Split a page dump into title, story paragraphs and publication time.

    The story starts after the first time stamp line (or after the title when
    there is none) and ends at the first footer box ("List", "Editor's Pick",
    "많이 본 뉴스"...) that is followed by headlines rather than sentences.  Without a title
    given, the title is the line before the time stamp that the page repeats just after it,
    else the nearest line before the stamp that does not read like a sentence, else the
    nearest line.  Sentences between the title and the stamp (a lead, or a stamp the page
    put inside its story) stay in the story.  A stamp under the story (some sites date a
    story at its end) marks no start: the story then starts after its headline, the
    nearest line before its first sentence.
    """
    lines = unwrap([" ".join(line.split()) for line in lines],
                   lambda line: is_boilerplate(line) or is_footer(line) or stamp_line(line) is not None,
                   starts_with_marker)
    # character references are decoded once the lines are joined: the page was wrapped with them
    lines = [part for line in lines for part in split_markers(" ".join(decode_entities(line).split()))]
    stamps = [(k, stamp) for k, stamp in ((k, stamp_line(line)) for k, line in enumerate(lines)) if stamp]
    stamp_lines = {k for k, _ in stamps}
    stamp_at, stamp = stamps[0] if stamps else (None, None)
    title = decode_entities(title or "")
    if stamp_at is not None:
        before = [k for k in range(stamp_at) if not is_boilerplate(lines[k]) and not is_footer(lines[k])]
        sentences = [k for k in before if is_sentence(lines[k])]
        # the story is above the stamp only when more of its sentences are (read below only then)
        if len(sentences) >= 2 and len(sentences) > sum(map(is_sentence, _story(lines, stamp_at + 1, title,
                                                                                   stamp_lines))):
            head = [k for k in before[:before.index(sentences[0])] if len(lines[k]) > 5]
            title = title or (lines[head[-1]] if head else "")
            start = next((k + 1 for k in reversed(before) if _norm(lines[k]) == _norm(title)), 0) if title else 0
            body = _story(lines, start, title, stamp_lines)
        else:
            if not title:
                after = {_norm(line) for line in lines[stamp_at + 1:stamp_at + 4]}
                repeated = [lines[k] for k in reversed(before) if _norm(lines[k]) in after]
                longer = [lines[k] for k in reversed(before) if len(lines[k]) > 5]
                headlines = [line for line in longer if not is_sentence(line)]
                title = (repeated or headlines or longer or [""])[0]
            titled = [k for k in before if _norm(lines[k]) == _norm(title)]
            lead = [lines[k] for k in sentences if k > (titled[-1] if titled else -1)
                    and _norm(lines[k]) != _norm(title)]
            body = lead + _story(lines, stamp_at + 1, title, stamp_lines)
    else:
        start = next((k + 1 for k, line in enumerate(lines) if _norm(line) == _norm(title)), 0) if title else 0
        body = _story(lines, start, title, stamp_lines)
    # the story's start has the dateline, if any: the first lines (a title the page did not
    # mark may come before it)
    for k, line in enumerate(body[:3]):
        story = strip_dateline(line)
        if story != line:
            body[k:k + 1] = [story] if story else []
            break
    return Cleaned(title=_SITE_SUFFIX.sub("", title), body=body, published=stamp.iso if stamp else None,
                   date_problem=stamp.problem if stamp else None)
