"""Tokens that survive translation: numbers (by value) and Latin-script words.

Korean news keeps names of foreign people, organisations and products in Latin
script (`IBM`, `FDA`, `Smith씨`) and writes numbers in digits; the English side
has the same words and values.  Shared tokens are therefore evidence that two
texts say the same thing, used by sentence alignment and document pairing.
"""

from __future__ import annotations

import re

from aligner.numbers import extract_numbers

_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*[A-Za-z]")


def anchor_tokens(text: str, lang: str) -> set[str]:
    """Lower-cased Latin words and number values (prefixed with '#') of `text`."""
    words = {w.lower() for w in _LATIN_WORD.findall(text)}
    return words | {"#" + n for n in extract_numbers(text, lang)}


def dice(a: set[str], b: set[str]) -> float:
    """Dice overlap of two token sets; 0.0 when either is empty."""
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))
