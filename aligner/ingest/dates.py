"""Publication dates as they appear on Korean and English news pages, to ISO 8601.

Recognised (with an optional label such as ``입력``, ``수정``, ``Written:``,
``Published``):

* ``2024-06-22``, ``2024.06.22``, ``2024/6/22``, ``2024-06-22T14:57:31+09:00`` (ISO);
* ``2024.06.22 14:57``, ``2024.06.22 (14:57)``, ``2024-06-22 14:57:31 KST``;
* ``2024년 6월 22일 오후 2시 57분``, ``2024년 6월 22일 14:57``;
* ``June 22, 2024``, ``Jun. 22, 2024 2:57 PM``, ``22 June 2024``, ``Sat, June 22, 2024 |
  14:57``, ``Published : Jun 22, 2024 - 14:57``, ``Updated June 22, 2024 at 14:57``;
* ``Sat, 22 Jun 2024 14:57:31 +0900`` (RSS, e-mail), ``All News 14:57 June 22, 2024`` (the
  time first).

A time without a zone is Korea Standard Time (the pages are Korean news
sites), written ``+09:00``; an explicit zone (``KST``, ``UTC``, ``GMT``, ``Z``,
``+09:00``) is kept.  A date alone stays a date (``2024-06-22``).  Impossible
dates (February 30, hour 25) are reported, never guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

KST = "+09:00"

_MONTHS = {name: k for k, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"),
     ("nov", "november"), ("dec", "december")], 1) for name in names}
_MONTH = r"(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"

LABEL = (r"(?:(?:written|updated|published|posted|edited|modified|last updated|last modified)(?:\s+on)?|date|all news|"
         r"(?:기사\s*)?(?:입력|수정|등록|승인|송고|발행|작성|게재)(?:\s*(?:시간|일시|일자|일))?|최종\s*수정|업데이트)")
_ZONE = r"(?:\s*(?P<zone>KST|UTC|GMT|Z|[+-]\d{2}:?\d{2}))?"
# a time after the date, also behind a dash, a bar, a slash, a comma or "at": "Jun 22, 2024 - 14:57"
_CLOCK = (r"(?:(?:\s*(?:[-–—|,/·]|\bat\b)\s*|[\sT]*)\(?\s*(?P<ampm1>오전|오후|AM|PM|a\.m\.|p\.m\.)?\s*"
          r"(?P<H>\d{1,2})\s*(?::|시\s*)(?:(?P<M>\d{1,2})\s*분?)?(?::(?P<S>\d{2}(?:\.\d+)?))?\s*"
          r"(?P<ampm2>AM|PM|a\.m\.|p\.m\.)?\s*\)?" + _ZONE + ")?")
_NUMERIC = re.compile(r"(?P<y>\d{4})\s*[-./]\s*(?P<m>\d{1,2})\s*[-./]\s*(?P<d>\d{1,2})\.?" + _CLOCK, re.I)
_KOREAN = re.compile(r"(?P<y>\d{4})\s*년\s*(?P<m>\d{1,2})\s*월\s*(?P<d>\d{1,2})\s*일?(?:\s*\([월화수목금토일]\))?"
                     + _CLOCK, re.I)
# also run together: "Jun.22,2024" (the Hankyoreh's English site)
_ENGLISH_MDY = re.compile(r"\b" + _MONTH + r"\s*(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:,\s*|\s+)(?P<y>\d{4})\b,?" + _CLOCK,
                          re.I)
_ENGLISH_DMY = re.compile(r"(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<y>\d{4})\b,?" + _CLOCK, re.I)
# the time first: "14:57 June 22, 2024" (Yonhap's English site)
_CLOCK_MDY = re.compile(r"(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?\s*(?P<ampm1>AM|PM|a\.m\.|p\.m\.)?(?P<ampm2>)"
                        r"(?:\s*(?P<zone>KST|UTC|GMT))?\s+" + _MONTH + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+"
                        r"(?P<y>\d{4})\b", re.I)
_FORMS = (_CLOCK_MDY, _NUMERIC, _KOREAN, _ENGLISH_MDY, _ENGLISH_DMY)  # the longest forms first


@dataclass(frozen=True)
class ParsedDate:
    iso: str | None  # None when the text names an impossible date
    text: str  # the matched date text
    problem: str | None = None  # why iso is None


def _zone(zone: str | None) -> str:
    if not zone or zone.upper() == "KST":
        return KST
    if zone.upper() in ("UTC", "GMT", "Z"):
        return "+00:00"
    return zone if ":" in zone else f"{zone[:3]}:{zone[3:]}"


def _build(match: re.Match) -> ParsedDate:
    text = match.group(0).strip()
    parts = match.groupdict()
    month = _MONTHS[parts["mon"].lower()] if parts.get("mon") else int(parts["m"])
    try:
        day = dt.date(int(parts["y"]), month, int(parts["d"]))
    except ValueError:
        return ParsedDate(None, text, f"impossible date {text!r}")
    if parts["H"] is None:
        return ParsedDate(day.isoformat(), text)
    hour, minute = int(parts["H"]), int(parts["M"] or 0)
    second = int(float(parts["S"] or 0))
    ampm = (parts["ampm1"] or parts["ampm2"] or "").lower().replace(".", "")
    if ampm in ("오후", "pm") and hour < 12:
        hour += 12
    elif ampm in ("오전", "am") and hour == 12:
        hour = 0
    try:
        moment = dt.datetime.combine(day, dt.time(hour, minute, second))
    except ValueError:
        return ParsedDate(None, text, f"impossible time {text!r}")
    return ParsedDate(moment.isoformat() + _zone(parts["zone"]), text)


def find_date(text: str) -> ParsedDate | None:
    """The first date (and time) written in `text`, or None when there is none."""
    found = [m for m in (form.search(text) for form in _FORMS) if m]
    if not found:
        return None
    return _build(min(found, key=lambda m: m.start()))


_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?"
# a whole date field, its label and weekday aside: RSS and e-mail write "Sat, 22 Jun 2024 14:57:31 +0900"
_WHOLE = re.compile(r"\s*(?:" + LABEL + r"\s*[:：]?\s*)?(?:" + _WEEKDAY + r",?\s+)?(?P<rest>.+?)\s*", re.I)


def parse_date(value: str) -> ParsedDate | None:
    """Parse a date field (JSONL ``date``, an HTML meta tag): the whole value must be a date
    (a label may precede it); None when it is not one."""
    rest = _WHOLE.fullmatch(value)
    if not rest:
        return None
    for form in _FORMS:
        match = form.fullmatch(rest.group("rest"))
        if match:
            return _build(match)
    return None


_LABEL_PREFIX = re.compile(LABEL + r"\s*[:：]?", re.I)
_LEFTOVER = re.compile(r"(?:[\s|·•,\-–—/()\[\]]|\b" + _WEEKDAY + r")*",
                       re.I)  # separators and weekdays: "Sat, June 22, 2024 | 14:57"


def stamp_line(line: str) -> ParsedDate | None:
    """The first date of a line that holds nothing but time stamps (``입력 2024.06.24 (14:50)
    수정 2024.06.24 (15:02)``, ``Written: ...Updated: ...``, ``June 22, 2024``), else None."""
    first = find_date(line)
    if first is None:
        return None
    rest = line
    for form in _FORMS:
        rest = form.sub(" ", rest)
    rest = _LABEL_PREFIX.sub(" ", rest)
    return first if _LEFTOVER.fullmatch(rest) else None


# Numbers crawlers write for a date: Unix time in seconds or milliseconds (Scrapy items,
# JavaScript's Date.now()), or YYYYMMDD; only values from 2000 to 2100 are taken for dates
_EPOCH_RANGE = (dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc).timestamp(),
                dt.datetime(2100, 1, 1, tzinfo=dt.timezone.utc).timestamp())


def number_date(value: float) -> str | None:
    """An ISO date for a number in a date field: ``20240622`` (YYYYMMDD), ``1719035851``
    (Unix seconds) or ``1719035851000`` (milliseconds); None for any other number."""
    if float(value).is_integer() and 20000101 <= value < 21000101:
        with_dashes = f"{int(value):08d}"
        try:
            return dt.date(int(with_dashes[:4]), int(with_dashes[4:6]), int(with_dashes[6:])).isoformat()
        except ValueError:
            return None
    for seconds in (value, value / 1000):
        if _EPOCH_RANGE[0] <= seconds < _EPOCH_RANGE[1]:
            return dt.datetime.fromtimestamp(seconds, dt.timezone.utc).isoformat(timespec="seconds")
    return None
