"""Chrome that no pattern list knows: lines repeated across many pages of one site.

A site's menus, footers, slogans and promotion boxes repeat on every page,
while a story's sentences belong to that story.  As in CCNet-style web
cleaning, a line is chrome when it occurs on many distinct pages of the same
site in a batch: at least `MIN_PAGES` pages and at least `MIN_SHARE` of the
site's pages.  A line that reads like a story's sentence must be on at least
`SENTENCE_SHARE` of them: follow-up stories repeat a background sentence word for
word ("North Korea conducted its sixth nuclear test in 2017."), and a few pages
without a URL, all of one unknown site, would otherwise lose it; a site's own
sentence-like chrome (a copyright or cookie notice) is on nearly every page.
Pages are grouped by language and site (URL host, else the
publisher name), and a page read twice counts once (pages are told apart by
title, so an updated version of a story does not make its own sentences look
repeated).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Hashable, Sequence

from aligner.ingest.clean import is_sentence

MIN_PAGES = 3
MIN_SHARE = 0.05
SENTENCE_SHARE = 0.5


def _key(line: str) -> str:
    return " ".join(line.split()).casefold()


def repeated_lines(pages: Sequence[tuple[Hashable, str, Sequence[str]]]) -> dict[Hashable, set[str]]:
    """For (group, title, lines) pages: per group, the normalised lines that are chrome by
    repetition (compare with `is_repeated`)."""
    seen: dict[Hashable, dict[str, set[str]]] = defaultdict(dict)  # group -> page key -> line keys
    sentences: set[str] = set()
    for group, title, lines in pages:
        page = _key(title) or "\n".join(_key(line) for line in lines)
        seen[group].setdefault(page, set()).update(_key(line) for line in lines)
        sentences.update(_key(line) for line in lines if is_sentence(line))
    out: dict[Hashable, set[str]] = {}
    for group, by_page in seen.items():
        counts = Counter(line for lines in by_page.values() for line in lines)
        floor = max(MIN_PAGES, MIN_SHARE * len(by_page))
        sentence_floor = max(MIN_PAGES, SENTENCE_SHARE * len(by_page))
        out[group] = {line for line, n in counts.items()
                      if line and n >= (sentence_floor if line in sentences else floor)}
    return out


def is_repeated(line: str, chrome: set[str]) -> bool:
    return _key(line) in chrome
