"""Which writing system a line is in: Hangul against Latin letters.

Ingest uses it to tell a Korean page from an English one; the aligner uses it
to keep a line out of every bead when it is in the other side's script: an
English dateline or quote left in a Korean page, a Korean caption in an
English one.  Such a line may even be identical on both sides, but a copy is
not a translation.
"""

from __future__ import annotations

import re

_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_LATIN = re.compile(r"[A-Za-z]")


def hangul_share(text: str) -> tuple[float, int]:
    """Share of Hangul among Hangul and Latin letters, and how many such letters there are."""
    hangul, latin = len(_HANGUL.findall(text)), len(_LATIN.findall(text))
    total = hangul + latin
    return (hangul / total if total else 0.0), total


def hangul_or_latin(text: str) -> bool:
    """True when at least half of the text's letters are Hangul or Latin: Korean or English,
    not Chinese, Japanese, Cyrillic or bytes decoded with the wrong codec (and not a text
    without letters).  Hanja in a Korean story are far from half of its letters."""
    letters = sum(1 for c in text if c.isalpha())
    return letters > 0 and 2 * hangul_share(text)[1] >= letters


def foreign_script(line: str, lang: str) -> bool:
    """True for a line of the Korean side ("ko") with Latin letters and no Hangul, or of the
    English side with more Hangul than Latin letters; a line without letters is neither."""
    share, letters = hangul_share(line)
    if not letters:
        return False
    return share == 0.0 if lang == "ko" else share > 0.5
