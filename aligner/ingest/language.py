"""Whether a text in Latin letters is English or another language.

The script tells Korean from English, but not English from French: a crawl of a
broadcaster that publishes in many languages (KBS World has French, German,
Spanish, Indonesian and Vietnamese editions) brings such pages in, and the
multilingual sentence encoder pairs a Korean story with its French version as
readily as with its English one, so French rows would be exported as English.
py3langid (langid.py's model, 97 languages) names the language; a text is only
called another language when it has enough letters and the model is all but
sure it is not English (the odds may be split between close languages, Indonesian
and Malay), since short English texts full of Korean names ("Yoon Suk Yeol met Cho
Tae-yul") look like anything, and a list of romanized names (football results) looks like
no language in particular.  On 1,418 English texts of 100 letters or more
(FLORES, WMT24++ in all its domains, the benchmark's documents and articles) none
is called another language; French, German, Spanish, Italian, Portuguese, Dutch,
Turkish, Tagalog, Indonesian, Malay and Vietnamese news sentences are named.
"""

from __future__ import annotations

import functools

from aligner.script import hangul_share

MIN_LETTERS = 100  # shorter texts are always taken for English
SAMPLE = 20_000  # characters read: a long story says no more than its first pages
SURE = 0.99  # the model's probability that the text is (or is not) in English



@functools.cache
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def words_language(text: str) -> str | None:
    """The language of a Latin-script text by its words: "en" when the model is all but sure it
    is English, the ISO 639 code of the likeliest other language when it is all but sure it is
    not, None when the text is too short or the model unsure.  Lines with Hangul are left out:
    a Korean quote in an English story says nothing about the story's language."""
    latin = "\n".join(line for line in text.splitlines() if not hangul_share(line)[0])
    if sum(map(str.isalpha, latin)) < MIN_LETTERS:
        return None
    ranked = _identifier().rank(latin[:SAMPLE])  # (language, probability), most likely first
    english = next(probability for lang, probability in ranked if lang == "en")
    if english >= SURE:
        return "en"
    # another language only when the model knows which (its odds perhaps split between close
    # languages, Indonesian and Malay): a list of romanized Korean names ("Ulsan HD 2-1 Jeonbuk
    # Hyundai Motors") spreads them thinly over languages it resembles no more than English
    known = ranked[0][1] + ranked[1][1] >= SURE
    return ranked[0][0] if english <= 1 - SURE and known else None


@functools.cache
def _codes() -> frozenset[str]:
    return frozenset(_identifier().labels)


def is_language_code(code: str) -> bool:
    """True for the ISO 639-1 code of a language the model knows ("fr", "de", "vi")."""
    return code in _codes()
