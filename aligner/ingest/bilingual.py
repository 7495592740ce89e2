"""A page that holds its story in both languages: bilingual news (paragraph by paragraph, or
one version after the other) and language-learning pages.

Read as one article, such a page gave nothing: its lines in the other script never align.
Split by script, it gives a Korean and an English article, which pairing then finds like any
other pair.  A Korean story that quotes an English statement, or an English one with a Korean
caption, is not bilingual: each side must hold a story of its own (a few sentences) and a fair
share of the text, counted in English characters (Korean is about half as long in characters
for the same content).
"""

from __future__ import annotations

import dataclasses

from aligner.ingest.clean import is_sentence
from aligner.ingest.readers import RawArticle
from aligner.script import hangul_share

SENTENCES = 3  # each side's paragraphs that read like sentences, at least
SHARE = 0.3  # each side's share of the text, at least (Korean characters counted twice)
KOREAN_WEIGHT = 2.0  # English characters per Korean character for the same content
ENGLISH_HANGUL = 0.1  # an English paragraph's Hangul share of its letters, at most ("hallyu (한류)")


def split_bilingual(raw: RawArticle) -> list[RawArticle]:
    """[a Korean article, an English article] from a bilingual page, else [raw]."""
    sides: dict[str, list[str]] = {"ko": [], "en": []}
    for line in raw.body:
        share, letters = hangul_share(line)
        if letters:  # an English paragraph has next to no Hangul; a line mixing both stays Korean
            sides["en" if share < ENGLISH_HANGUL else "ko"].append(line)
    size = {lang: sum(len("".join(line.split())) for line in lines) for lang, lines in sides.items()}
    size["ko"] *= KOREAN_WEIGHT
    total = size["ko"] + size["en"]
    if not total or any(size[lang] < SHARE * total or sum(is_sentence(line, 12) for line in lines) < SENTENCES
                        for lang, lines in sides.items()):
        return [raw]
    title_share, title_letters = hangul_share(raw.title)
    title_lang = ("ko" if title_share > 0.5 else "en") if title_letters else None
    return [dataclasses.replace(raw, body=lines, lang=lang, title=raw.title if lang == title_lang else "")
            for lang, lines in sides.items()]
