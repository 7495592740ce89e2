"""Article text cleaning shared by every reader: chrome lines out, metadata in.

Readers give a title candidate and the page's lines; this module decides where
the story starts and ends, drops chrome (see `aligner.boilerplate`), finds the
publication time and the language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from aligner.boilerplate import is_boilerplate

# Lines after which a page shows other stories, not this one.
_FOOTER = re.compile(
    r"(?:list|editor'?s pick|most viewed|most read|related (?:articles|news|stories)|latest news|"
    r"top news|more news|많이 본 뉴스|관련 ?기사|추천 기사|인기 기사|주요 ?뉴스|최신 뉴스|다른 기사)",
    re.IGNORECASE)

# "Written: 2024-06-22 14:57:31", "입력 2024.06.21 (19:02)", "Published 2022-01-23 05:04:31 KST"
_STAMP = re.compile(
    r"(?P<label>written|published|posted|입력|등록|기사입력|작성)\s*[:：]?\s*"
    r"(?P<y>\d{4})\s*[-./]\s*(?P<m>\d{1,2})\s*[-./]\s*(?P<d>\d{1,2})\.?"
    r"(?:\s*\(?\s*(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?)?",
    re.IGNORECASE)
_ANY_STAMP = re.compile(
    r"(?:written|updated|published|posted|입력|수정|등록|기사입력|작성)\s*[:：]?\s*\d{4}\s*[-./]",
    re.IGNORECASE)

_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_LATIN = re.compile(r"[A-Za-z]")

# Korean news sites publish in Korea Standard Time.
KST = "+09:00"


@dataclass
class Cleaned:
    title: str
    body: list[str]
    published: str | None


def detect_lang(text: str) -> str:
    """"ko" when Hangul makes up a fifth of the letters, else "en"."""
    hangul = len(_HANGUL.findall(text))
    latin = len(_LATIN.findall(text))
    return "ko" if hangul and hangul >= 0.2 * (hangul + latin) else "en"


def find_published(text: str) -> str | None:
    """ISO 8601 publication time from the first time stamp in `text` (KST)."""
    match = _STAMP.search(text)
    if not match:
        return None
    y, m, d = (int(match[k]) for k in ("y", "m", "d"))
    if not (1 <= m <= 12 and 1 <= d <= 31):
        return None
    if match["H"] is None:
        return f"{y:04d}-{m:02d}-{d:02d}"
    return f"{y:04d}-{m:02d}-{d:02d}T{int(match['H']):02d}:{int(match['M']):02d}:{int(match['S'] or 0):02d}{KST}"


def _is_stamp_line(line: str) -> bool:
    return bool(_ANY_STAMP.match(line.strip()))


def _norm(line: str) -> str:
    return " ".join(line.split()).casefold()


def clean_page(lines: list[str], title: str | None = None) -> Cleaned:
    """Split a page dump into title, story paragraphs and publication time.

    The story starts after the time stamp line (or after the title when there
    is none) and ends at the first footer box ("List", "Editor's Pick",
    "많이 본 뉴스"...).  Without a title given, the title is the line before
    the time stamp that the page repeats just after it, else the nearest line
    before the stamp.
    """
    lines = [" ".join(line.split()) for line in lines]
    lines = [line for line in lines if line]
    stamp_at = next((k for k, line in enumerate(lines) if _is_stamp_line(line)), None)
    published = find_published(lines[stamp_at]) if stamp_at is not None else None
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
    body: list[str] = []
    for line in lines[start:]:
        if _FOOTER.fullmatch(line.strip()):
            if body:
                break
            continue
        if is_boilerplate(line) or _is_stamp_line(line) or _norm(line) == _norm(title):
            continue
        body.append(line)
    return Cleaned(title=title, body=body, published=published)
