"""Sentence splitting for Korean (kiwipiepy) and English (sentencex).

Text is first cut into paragraphs (lines): scraped pages keep one paragraph per
line, and a line break is always a boundary.  Within a paragraph, Korean is
split by Kiwi's morphological analyser, which sees sentence-final endings
even when scraping glued sentences together (``했다.이에``); English by
sentencex, which knows abbreviations (``U.S.``, ``Gen.``, ``N. Korea``) and
splits ``Friday.It``.  A few narrow rules then fix what both miss: bylines
with an e-mail become their own segment, and a quoted sentence that starts
after ``?``/``!`` or an ellipsis that ends a Korean sentence is a boundary.
"""

from __future__ import annotations

import functools
import re

_BYLINE_KO = re.compile(r"\s*\[?[가-힣]{2,4}\s?(?:기자|특파원)\]?\s*\(?[\w.+-]+@[\w-]+(?:\.[\w-]+)+\)?\s*")
# "...까요? “우리는" : sentence-final ?/! followed by an opening quote
_QUOTE_START = re.compile(r"(?<=[?!])\s+(?=[“\"‘'][^\s])")
# Korean sentence ending + ellipsis + space: "올랐다… 그러나"
_KO_ELLIPSIS = re.compile(r"(?:(?<=[다요죠까네]…)|(?<=[다요죠까네]\.\.\.))\s+(?=\S)")


@functools.lru_cache(maxsize=1)
def _kiwi():
    from kiwipiepy import Kiwi

    return Kiwi()


def _split_korean(paragraph: str) -> list[str]:
    return [s.text for s in _kiwi().split_into_sents(paragraph)]


def _split_english(paragraph: str) -> list[str]:
    from sentencex import segment

    return list(segment("en", paragraph))


def _split_bylines(sentence: str) -> list[str]:
    """Cut a Korean byline ("홍길동 기자 (x@kbs.co.kr)") out of the sentence it was glued to."""
    match = _BYLINE_KO.search(sentence)
    if not match:
        return [sentence]
    parts = [sentence[:match.start()], match.group(), sentence[match.end():]]
    return [p for p in parts if p.strip()]


def _refine(sentence: str, lang: str) -> list[str]:
    pieces = _QUOTE_START.split(sentence)
    if lang == "ko":
        pieces = [q for p in pieces for r in _KO_ELLIPSIS.split(p) for q in _split_bylines(r)]
    return pieces


def split_sentences(text: str, lang: str) -> list[str]:
    """Split `text` in language `lang` ("ko" or "en") into stripped sentences."""
    if lang not in ("ko", "en"):
        raise ValueError(f"unsupported language {lang!r}: expected 'ko' or 'en'")
    splitter = _split_korean if lang == "ko" else _split_english
    out: list[str] = []
    for paragraph in text.splitlines():
        paragraph = " ".join(paragraph.split())
        if not paragraph:
            continue
        for sentence in splitter(paragraph):
            out.extend(p.strip() for p in _refine(sentence.strip(), lang) if p.strip())
    return out
