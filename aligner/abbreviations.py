"""English news abbreviations of Korean stories, spelled out for the sentence encoder.

KBS World and other English news about Korea abbreviate what the Korean story
names in full: ``BOK`` (한국은행), ``JCS`` (합참), ``N. Korea``, ``Gov't``,
``FM Cho`` (조태열 외교부 장관), ``2 Tril. Won``.  The encoder reads these
poorly: "The BOK kept the base rate at 3.5 percent." is 0.62 similar to its
Korean translation, "The Bank of Korea kept ..." 0.85.  So the encoder is given
the English text with them spelled out; the text itself (what rows, exports and
reports show, and the tokens compared across the two sides) is never changed.

The list holds the abbreviations of Korean news that have one meaning there;
titles before a name (``FM``, ``PM``, ``Pres.``) are spelled out only before a
capitalised word (``3 PM`` stays a time).
"""

from __future__ import annotations

import re

_APOSTROPHE = "['\u2019]"
# acronyms of Korean news, each with one meaning there
_ACRONYMS = {
    "DPRK": "North Korea", "ROK": "South Korea", "BOK": "Bank of Korea", "JCS": "Joint Chiefs of Staff",
    "NIS": "National Intelligence Service", "KCNA": "Korean Central News Agency", "USFK": "U.S. Forces Korea",
    "UNSC": "UN Security Council", "DP": "Democratic Party", "PPP": "People Power Party",
    "FSC": "Financial Services Commission", "FSS": "Financial Supervisory Service",
    "KDCA": "Korea Disease Control and Prevention Agency", "NEC": "National Election Commission",
    "KEPCO": "Korea Electric Power Corporation",
}
_SHORT: list[tuple[str, str]] = [
    (r"\bN\. ?Korea", "North Korea"), (r"\bS\. ?Korea", "South Korea"),
    # a title before a name, never a time (3 PM)
    (r"(?<![\d:.] )(?<!\d)\bPM (?=[A-Z])", "Prime Minister "), (r"\bFM (?=[A-Z])", "Foreign Minister "),
    (r"\bPres\. (?=[A-Z])", "President "),
    (rf"\bGov{_APOSTROPHE}t\b", "Government"), (rf"\bgov{_APOSTROPHE}t\b", "government"),
    (rf"\bNat{_APOSTROPHE}l\b", "National"), (rf"\bnat{_APOSTROPHE}l\b", "national"),
    (rf"\bInt{_APOSTROPHE}l\b", "International"), (rf"\bint{_APOSTROPHE}l\b", "international"),
    (r"\bDept\.", "Department"), (r"\bTril\.", "trillion"), (r"\bB(?:ln|il)\.", "billion"),
    (r"\bM(?:ln|il)\.", "million"),
]
_NAMES = "|".join(sorted(_ACRONYMS, key=len, reverse=True))
# "Bank of Korea (BOK)": the name is already there, the acronym in brackets is left out
_DEFINED = re.compile(rf"\s?\((?:{_NAMES})\)")
_ACRONYM = re.compile(rf"\b(?:{_NAMES})\b")
_PATTERNS = [(re.compile(pattern), words) for pattern, words in _SHORT]


def spelled_out(text: str) -> str:
    """The text with the news abbreviations above written in full."""
    text = _ACRONYM.sub(lambda m: _ACRONYMS[m.group()], _DEFINED.sub("", text))
    for pattern, words in _PATTERNS:
        text = pattern.sub(words, text)
    return text
