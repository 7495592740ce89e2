"""One text normaliser for every reader (page dumps, HTML, JSONL).

Scraped text carries invisible damage that breaks sentence splitting, pattern
matching and deduplication without being seen: Korean in decomposed jamo (NFD,
as macOS file systems write it), zero-width and other format characters, soft
hyphens, control characters, CR line ends, non-breaking and ideographic
spaces, mojibake (Korean bytes decoded somewhere upstream as Latin-1 or
Windows-1252, e.g. ``±¹°¡´ëÇ¥``), full-width letters, digits and signs
(``１３．９％``) and ligatures (``ﬁ``).  `normalise_text` repairs all of it, so
every later stage sees the same clean Unicode whatever the source.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

# Characters that str.splitlines() treats as line breaks: made plain newlines first.
_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# Spaces other than " " (no-break, en/em, thin, narrow, ideographic...) become " ".
_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
# Characters of Windows-1252 / Latin-1 that mojibake of Korean or UTF-8 bytes is made of.
_MOJIBAKE_CHARS = re.compile("[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
                             "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]")
_MOJIBAKE_RUN = re.compile(f"{_MOJIBAKE_CHARS.pattern}{{2,}}")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
# Full-width ASCII and signs (older Korean pages write "１３．９％", "ＫＢＳ", "￦") and Latin
# ligatures of PDF copies ("ﬁnance") as the characters they stand for (their NFKC form), so that
# numbers, names, sentence ends and chrome patterns read them; NFKC of the whole text would also
# rewrite Hangul compatibility jamo (ㅋㅋ) and circled numbers.
_COMPATIBLE = {code: unicodedata.normalize("NFKC", chr(code))
               for code in [*range(0xFF01, 0xFF5F), *range(0xFFE0, 0xFFE7), *range(0xFB00, 0xFB07)]}
_CP1252_BYTE = {chr(b).encode("latin-1").decode("cp1252", errors="ignore") or chr(b): b for b in range(0x80, 0x100)}


# an HTML character reference with its semicolon: "&quot;", "&#8220;", "&#x201C;", "&nbsp;"
# (numeric ones, and the named ones that escape markup and spacing: what CMSs and search APIs
# leave in text; another named entity, "&ntilde;", is left as written)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|(?i:amp|lt|gt|quot|apos|nbsp));")


@dataclass
class Normalised:
    text: str
    mojibake_lines: int = 0  # lines re-decoded from mojibake


def _undo_mojibake(line: str) -> str | None:
    """The line's original text when it is Korean (CP949) or UTF-8 read as Windows-1252/Latin-1."""
    suspicious = _MOJIBAKE_CHARS.findall(line)
    if len(suspicious) < 4 or _HANGUL.search(line):
        return None
    wide = sum(1 for c in line if ord(c) > 0x7F)
    paired = sum(len(run) for run in _MOJIBAKE_RUN.findall(line))
    # every Korean syllable becomes two such characters in a row; stray accents stand alone
    if len(suspicious) < 0.9 * wide or paired < 0.8 * len(suspicious):
        return None
    try:
        raw = bytes(_CP1252_BYTE.get(c, ord(c)) if ord(c) > 0x7F else ord(c) for c in line)
    except ValueError:  # a character outside one byte: not mojibake of bytes
        return None
    for encoding in ("utf-8", "cp949"):
        try:
            fixed = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        hangul = len(_HANGUL.findall(fixed))
        if hangul >= 2 and hangul >= 0.8 * sum(1 for c in fixed if ord(c) > 0x7F):
            return fixed
    return None


def _keep(char: str) -> bool:
    """Drop control (Cc, but tab and newline) and format (Cf: zero-width, soft hyphen, BOM,
    bidi marks) characters, lone surrogates and non-characters."""
    if char in "\n\t":
        return True
    category = unicodedata.category(char)
    if category in ("Cc", "Cf", "Cs"):
        return False
    return not (0xFDD0 <= ord(char) <= 0xFDEF or (ord(char) & 0xFFFE) == 0xFFFE)


# Ranges that hold no character `_keep` drops (printable ASCII, Latin to Hebrew, Hangul, CJK,
# punctuation, symbols, full-width forms): only the rest is looked at one character at a time,
# so a page of ten million characters (images inlined as base64) is cleaned in a regex pass.
_LOOKED_AT = re.compile("[^\t\n\x20-\x7e\xa0-\xac\xae-\u05ff\u1100-\u11ff\u2010-\u2027\u2030-\u205f"
                        "\u20a0-\u20cf\u2100-\u2bff\u3000-\u33ff\u4e00-\u9fff\uac00-\ud7a3\uff00-\uffef]+")


# Terminal escape sequences, whole (a page captured from a terminal, a log pasted into a story):
# CSI (colours, cursor moves: ESC [ 31 m), OSC (window titles, links: ESC ] ... BEL or ESC \),
# character-set choices (ESC ( B, as tput writes them) and keypad modes (ESC =, ESC >); dropping
# only ESC left "[31m" behind.  An OSC must end within its line, and an ESC before anything else
# goes alone, so that no story text is taken with a stray one.
_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b\n]{0,2000}(?:\x07|\x1b\\)|\x1b[()*+][0-~]|\x1b[=>\\]")


def _drop_invisible(text: str) -> str:
    return _LOOKED_AT.sub(lambda run: "".join(c for c in run.group() if _keep(c)), text)


def normalise_text(text: str) -> Normalised:
    """Clean Unicode: newline line ends, mojibake undone, terminal escape sequences removed, NFC,
    full-width forms and ligatures as the characters they stand for, no invisible characters,
    plain spaces.  Idempotent."""
    text = _BREAKS.sub("\n", text)
    lines = text.split("\n")
    fixed = 0
    if _MOJIBAKE_CHARS.search(text):
        for k, line in enumerate(lines):
            repaired = _undo_mojibake(line)
            if repaired is not None:
                lines[k] = repaired
                fixed += 1
        text = "\n".join(lines)
    if "\x1b" in text:
        text = _ANSI.sub("", text)
    text = _SPACES.sub(" ", text)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text.translate(_COMPATIBLE))
    return Normalised(_drop_invisible(text), fixed)


def decode_entities(text: str) -> str:
    """Text (not HTML) with the character references a scraper, a CMS or a search API left in
    it decoded (numeric ones and ``&amp;``, ``&lt;``, ``&gt;``, ``&quot;``, ``&apos;``,
    ``&nbsp;``), also those escaped twice (``&amp;quot;``), then normalised (``&nbsp;`` is a
    space).  Without its semicolon an ampersand is text: "AT&T", "R&D"."""
    if not _ENTITY.search(text):
        return text
    for _ in range(3):  # escaped once, twice, three times at most
        text = _ENTITY.sub(lambda match: html.unescape(match.group()), text)
        if not _ENTITY.search(text):
            break
    return normalise_text(text).text
