"""Sentence splitting for Korean (kiwipiepy) and English (sentencex).

Text is first cut into paragraphs (lines): scraped pages keep one paragraph per
line, and a line break is always a boundary.  Within a paragraph, Korean is
split by Kiwi's morphological analyser, which sees sentence-final endings
even when scraping glued sentences together (``했다.이에``); English by
sentencex, which knows abbreviations (``U.S.``, ``Gen.``, ``N. Korea``) and
splits ``Friday.It``.  A few narrow rules then fix what both miss: bylines
with an e-mail become their own segment, a quoted sentence that starts
after ``?``/``!`` or an ellipsis that ends a Korean sentence is a boundary,
and an English period that no sentence can follow is none: before a
lowercase word (wire-service shorthand such as ``1.2 pct. to``, ``3 tril.
won``), after a title sentencex does not know (``Amb. Goldberg``) or after a
clock time that goes on (``3 p.m. Tuesday``, ``10 a.m. Seoul time``).  Conversely
``in May. Exports`` (sentencex takes ``May.`` for an abbreviation) and a quotation
that closes a sentence before a capital (``…likes me.' Then``, whose opening mark
was in an earlier paragraph) are boundaries.

Korean quotations get their own repair, since news quotes speech constantly:
a quotation is one unit however many sentences it holds (``“아닙니다. 절대
아닙니다.”``), the quotative ending that follows it stays with it
(``“…것”이라고 설명했다.``), and a quotation that opens right after a finished
sentence starts a new one (``…반박했다. "아닙니다."``).
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


# Quotation marks: (opening, closing); a straight quote opens and closes alike.
_QUOTES = (("“", "”"), ("‘", "’"), ("「", "」"), ("『", "』"))
# A quotative ending right after a closing quote: "…"라고, "…"이라며, "…"고 밝혔다.
_QUOTATIVE = re.compile(r"(?:이)?라(?:고|며|면서|는)|고\s|며\s|하고\s|하며\s")
_CLOSERS = tuple(close for _, close in _QUOTES) + ('"', "'")
# "…반박했다. "아닙니다." : a finished Korean sentence, then a quotation opens
_QUOTE_AFTER_END = re.compile(r"(?<=[다요죠까니네][.?!])\s+(?=[“\"「『])")


_LONGEST_QUOTE = 400  # a quotation closes within this many characters, or its mark was a stray


def _open_quotes(text: str) -> int:
    """How many quotations are still open at the end of `text`."""
    depth = sum(max(0, text.count(o) - text.count(c)) for o, c in _QUOTES)
    return depth + text.count('"') % 2


def _split_korean(paragraph: str) -> list[str]:
    spans = [(s.start, s.end) for s in _kiwi().split_into_sents(paragraph)]
    merged: list[tuple[int, int]] = []
    k = 0
    while k < len(spans):
        start, end = spans[k]
        k += 1
        # a quotation left open: join the sentences up to where it closes (if it does, soon)
        if _open_quotes(paragraph[start:end]):
            close = next((j for j in range(k, len(spans)) if spans[j][1] - start <= _LONGEST_QUOTE
                          and not _open_quotes(paragraph[start:spans[j][1]])), None)
            if close is not None:
                end, k = spans[close][1], close + 1
        # the quotative ending after a closing quote belongs to the quotation
        if merged and paragraph[merged[-1][0]:merged[-1][1]].rstrip().endswith(_CLOSERS) \
                and _QUOTATIVE.match(paragraph[start:end]):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return [piece for start, end in merged
            for piece in _QUOTE_AFTER_END.split(paragraph[start:end])]


# a piece that cannot start an English sentence: a lowercase word ("to", not "iPhone")
_EN_CONTINUES = re.compile(r"[a-z]+(?![A-Za-z])")
# titles and shorthand that sentencex does not know and no sentence ends with: "Amb. Goldberg",
# "approx. 300", "Gov't. officials"
_EN_NEVER_LAST = re.compile(r"\b(?:Amb|Dep|Spc|Pfc|Prov|approx|Vol|vol|Rm|Bldg|Gov't)\.$")
# a clock time whose sentence goes on: "3 p.m. Tuesday", "10 a.m. Seoul time", "9 a.m. (KST)"
_EN_CLOCK = re.compile(r"\b[ap]\.m\.$")
_EN_AFTER_CLOCK = re.compile(r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b|(?:Seoul|Korea|local|Pyongyang|"
                             r"Washington|Tokyo|Beijing|Eastern|Pacific)\s+(?:standard\s+)?time\b|"
                             r"\(?(?:KST|GMT|UTC|EST|EDT|ET|PST|PDT|JST)\b|\(", re.IGNORECASE)


# "May." abbreviates nothing (sentencex lists it with the month abbreviations): before a capital
# it ends a sentence ("…rose in May. Exports fell."), before a day it does not ("May. 5" is no form)
_EN_MAY_END = re.compile(r"(?<=\bMay\. )(?=[A-Z\"“‘'(])")
# a quotation that ends a sentence, before the next one: "…likes me.' Then" (sentencex keeps
# them together when the quotation opened in an earlier paragraph)
_EN_QUOTE_END = re.compile(r"(?<=[.!?]['’\"”] )(?<![A-Z]\.[A-Z]\.['’\"”] )(?=[A-Z“‘\"'])")


def _split_english(paragraph: str) -> list[str]:
    from sentencex import segment

    pieces = [part for piece in segment("en", paragraph) for may in _EN_MAY_END.split(piece)
              for part in _EN_QUOTE_END.split(may)]
    out: list[str] = []
    for piece in pieces:
        head, last = piece.lstrip(), out[-1].rstrip() if out else ""
        if last.endswith(".") and (_EN_CONTINUES.match(head) or _EN_NEVER_LAST.search(last)
                                   or (_EN_CLOCK.search(last) and _EN_AFTER_CLOCK.match(head))):
            out[-1] += piece
        else:
            out.append(piece)
    return out


def _split_bylines(sentence: str) -> list[str]:
    """Cut a Korean byline ("홍길동 기자 (x@kbs.co.kr)") out of the sentence it was glued to."""
    match = _BYLINE_KO.search(sentence)
    if not match:
        return [sentence]
    parts = [sentence[:match.start()], match.group(), sentence[match.end():]]
    return [p for p in parts if p.strip()]


def _split_outside_quotes(pattern: re.Pattern, text: str) -> list[str]:
    """`text` split where `pattern` matches, except inside a quotation: "지금은 위기다… 모두
    힘을 모아야 한다"고 is one sentence."""
    pieces, start = [], 0
    for match in pattern.finditer(text):
        if not _open_quotes(text[start:match.start()]):
            pieces.append(text[start:match.start()])
            start = match.end()
    return pieces + [text[start:]]


# A sentence in one script followed by one in the other, within a paragraph: "... for foreign
# residents. 팀은 이번 ..." (Kiwi reads on past a Latin sentence end), "... 밝혔다. The ministry
# ..."; the Latin end must be a sentence end for sentencex (not "Dr. 김", "U.S. 정부")
_LATIN_THEN_HANGUL = re.compile(r"(?:(?<=[A-Za-z0-9%)][.?!])|(?<=[A-Za-z0-9%)][.?!][\"'”’]))\s+(?=[\"'“‘(]?[가-힣])")
_HANGUL_THEN_LATIN = re.compile(r"(?:(?<=[가-힣][.?!])|(?<=[가-힣][.?!][\"'”’]))\s+(?=[\"'“‘(]?[A-Z])")
_LATIN_RUN = re.compile(r"[^가-힣]*$")


def _split_script_turns(sentence: str) -> list[str]:
    """`sentence` cut where a sentence of one script ends and one of the other begins, outside
    quotations."""
    pieces, start = [], 0
    for match in sorted([*_LATIN_THEN_HANGUL.finditer(sentence), *_HANGUL_THEN_LATIN.finditer(sentence)],
                        key=lambda m: m.start()):
        before = sentence[start:match.start()]
        if match.re is _LATIN_THEN_HANGUL and not _ends_latin_sentence(_LATIN_RUN.search(before).group()):
            continue
        if not _open_quotes(before):
            pieces.append(before)
            start = match.end()
    return pieces + [sentence[start:]]


def _ends_latin_sentence(run: str) -> bool:
    """Whether a Latin-script run ends with a sentence end: three words or more, and sentencex
    starts a new sentence before a name after it (it knows "Dr. Kim", "U.S. Kim", "Gen. Kim")."""
    from sentencex import segment

    if len(run.split()) < 3:
        return False
    return [s.strip() for s in segment("en", f"{run.strip()} Kim")][-1] == "Kim"


def _refine(sentence: str, lang: str) -> list[str]:
    pieces = [piece for part in _QUOTE_START.split(sentence) for piece in _split_script_turns(part)]
    if lang == "ko":
        pieces = [q for p in pieces for r in _split_outside_quotes(_KO_ELLIPSIS, p) for q in _split_bylines(r)]
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


# A Korean sentence end that another sentence follows: a mark after a Hangul syllable, closing
# quotes or brackets, then a space and more text ("…했다. 이에", "…했다.” 그는"), or the next
# word glued on ("했다.이에")
_KO_END = re.compile(r"[가-힣](?:[.?!]|…|\.\.\.)+[\"'”’」』)\]]*(?=\s+\S|[가-힣])")
# An English sentence mark with more text after it ("…said. The", "…it?\" she", "Friday.It"): a
# text without one holds one sentence, and sentencex need not read it.
_EN_INNER_END = re.compile(r"[.?!…][\"'”’)\]]*\s+\S|[a-z][.?!][A-Z]")
_QUOTE_MARKS = frozenset('“”"‘’\'「」『』')


def _open_quotations(text: str) -> bool:
    """Whether a quotation is left open in Korean `text`, whose quotes often pair a curly mark with
    a straight one (“…")."""
    return bool(sum(map(text.count, '“”"')) % 2 or sum(map(text.count, "‘’'")) % 2
                or text.count("「") > text.count("」") or text.count("『") > text.count("』"))


def _in_quotation(text: str, start: int, end: int) -> bool:
    """Whether `end` lies inside a quotation that opens after `start` and closes within
    `_LONGEST_QUOTE` characters of it (else its mark was a stray, as `_split_korean` reads it)."""
    if not _open_quotations(text[start:end]):
        return False
    stop = min(len(text), start + _LONGEST_QUOTE)
    return any(not _open_quotations(text[start:k + 1]) for k in range(end, stop) if text[k] in _QUOTE_MARKS)


def sentence_count(text: str, lang: str) -> int:
    """How many sentences `text` holds (at least 1): a pre-split line that holds several is
    evidence that it renders several lines of the other side.

    English is split as `split_sentences` splits it, when a sentence mark has text after it.
    Korean is counted by its sentence ends outside quotations, with the quotative ending after
    a quotation kept with it (the rules of `_split_korean`): counting needs no morphology, and
    Kiwi's model takes seconds to load."""
    if lang == "en" and not _EN_INNER_END.search(text):
        return 1
    if lang != "ko":
        return max(1, len(split_sentences(text, lang)))
    count, start = 1, 0
    for match in _KO_END.finditer(text):
        if not _in_quotation(text, start, match.end()) and not _QUOTATIVE.match(text[match.end():].lstrip()):
            count, start = count + 1, match.end()
    return count
