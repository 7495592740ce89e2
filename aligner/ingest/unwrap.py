"""Hard-wrapped text back into paragraphs.

Wire copy, e-mail, "save as text" and PDF-to-text tools break paragraphs into
lines of a fixed width (60-80 columns, about half that in Hangul).  Ingest
treats a line break as a boundary that no sentence crosses, so a wrapped story
would reach the aligner as sentence fragments.  A page is taken as wrapped
when most of its lines end near one width that no ordinary paragraph stays
under, and most of those end inside a sentence; then a line that does not end
a sentence goes on in the next one when the next one's first word would not
have fitted in it.  Lines of page chrome never join, and a page of ordinary
paragraphs (one per line, of every length) is left as it is.
"""

from __future__ import annotations

import re
from typing import Callable

_ENDS_SENTENCE = re.compile(r"[.!?。…][\"'”’)\]]*$")
_WIDEST_WRAP = 100  # wider lines are paragraphs, not a wrapped column
_LINES_TO_TELL = 4  # fewer full lines than this cannot show a wrap width
_FULL = 0.75  # a line this close to the longest counts as full
_HYPHEN_BREAK = re.compile(r"[^\W\d_]-$")


def _width(lines: list[str], apart: list[bool]) -> int | None:
    """The wrap width of a page's text lines, or None when they are not wrapped.  Wrapped
    means: at least `_LINES_TO_TELL` lines, and half of the lines of 20 characters or more,
    are full (within a quarter of the longest text line, which stays under `_WIDEST_WRAP`),
    and most full lines end inside a sentence (a page of short sentences, one per line, ends
    them); on a page of short sentences, where fewer lines fill the width, a quarter of the
    lines of 20 characters or more ending full inside a sentence will do.  Chrome (`apart`)
    sets no width, since a site's notice may be one long line; but a chrome line cut at the
    text's width, as a wrapping tool cuts every line, counts like a text line."""
    text = [line for line, alone in zip(lines, apart) if len(line) >= 20 and not alone]
    if not text:
        return None
    width = max(map(len, text))
    long_lines = [line for line in lines if 20 <= len(line) <= width]
    if len(long_lines) < _LINES_TO_TELL:
        return None
    full = [line for line in long_lines if len(line) >= _FULL * width]
    broken = sum(not _ENDS_SENTENCE.search(line) for line in full)
    # half of the lines full, or (short sentences under the width) a quarter of them broken
    # at the width inside a sentence, which lines of ordinary paragraphs never are
    filled = len(full) >= 0.5 * len(long_lines) or broken >= len(long_lines) / 4
    if width > _WIDEST_WRAP or len(full) < _LINES_TO_TELL or not filled or broken < 0.5 * len(full):
        return None
    return width


def _double_spaced(lines: list[str]) -> bool:
    """Whether a blank line follows nearly every text line (at least 90% of them)."""
    text = [k for k, line in enumerate(lines[:-1]) if line]
    return bool(text) and sum(not lines[k + 1] for k in text) >= 0.9 * len(text)


def unwrap(lines: list[str], keeps_apart: Callable[[str], bool],
           starts: Callable[[str], bool] = lambda line: False) -> list[str]:
    """`lines` with the lines of a hard-wrapped page joined into paragraphs.

    A line goes on in the next when it does not end a sentence (or the next starts in lower
    case) and the next line's first word would not have fitted in it (why a greedy wrap
    breaks a line); a break after a hyphen ("Coca-" / "Cola") joins without a space.  Page
    chrome and time stamps (`keeps_apart`) join no text: a wrapped stamp or copyright line
    takes its continuation only when that is its short last line and the whole still is
    chrome.  A line for which `starts` is true (a transcript marker: ``[인터뷰] …``) never
    joins the line before.  A blank line ends a paragraph, unless the page puts one after
    nearly every line (double spacing): then blank lines say nothing."""
    stripped = [line.strip() for line in lines]
    apart = [keeps_apart(line) for line in stripped]
    width = _width(stripped, apart)
    if width is None:
        return lines
    if _double_spaced(stripped):
        apart = [alone for line, alone in zip(stripped, apart) if line]
        stripped = [line for line in stripped if line]
    paragraphs: list[list[str]] = []
    chrome: list[bool] = []  # whether each paragraph is chrome
    for k, line in enumerate(stripped):
        before = stripped[k - 1] if k else ""
        ends = _ENDS_SENTENCE.search(before) and not line[:1].islower()  # "Mr." / "smith"
        wrapped = (before and line and paragraphs and not ends and not starts(line)
                   and len(before) + 1 + len(line.split()[0]) > width)
        glue = "" if _HYPHEN_BREAK.search(before) else " "
        if wrapped and not chrome[-1] and not apart[k]:
            paragraphs[-1] += [glue, line]
        elif (wrapped and chrome[-1] and (apart[k] or len(line) < _FULL * width)
              and keeps_apart("".join(paragraphs[-1]) + glue + line)):  # a chrome line's short tail
            paragraphs[-1] += [glue, line]
        else:
            paragraphs.append([line])
            chrome.append(apart[k])
    return ["".join(parts) for parts in paragraphs]
