"""Numbers as values, comparable across Korean and English.

The same quantity is written `3,000`, `3천` or `3000` in Korean news and
`3,000`, `3 thousand` or `three thousand` in English; `2조 원` is
`2 trillion won`.  `extract_numbers` turns every number of a text into its
value (as a canonical string), so the aligner, the pairer and the scorer can
compare sides by value instead of by spelling.  A Korean day without its month
(`23일(현지시간)`, `오늘(3일)`) is left out: English news names it by its weekday;
a native numeral before a counter (`두 사람`, `네 단계`) counts, as English `two`.
"""

from __future__ import annotations

import re

_KO_UNITS = {"천": 1e3, "만": 1e4, "억": 1e8, "조": 1e12}
_EN_UNITS = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
             # as headlines and tables shorten them: "2 Tril. Won", "$3bn", "5 mln"
             "mil": 1e6, "mln": 1e6, "bil": 1e9, "bln": 1e9, "bn": 1e9, "tril": 1e12, "tn": 1e12}
_EN_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
    "twice": 2, "dozen": 12,
}
_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
# Korean: digits with chained units, "2조 5천억", "3만", "1.5%"
_KO_NUMBER = re.compile(rf"({_NUM})\s?((?:[천만억조]\s?(?:{_NUM})?\s?)*)")
_KO_PART = re.compile(rf"({_NUM})?\s?([천만억조])")
# Korean native numerals before a counter, as English spells small numbers: "두 사람" (two men),
# "네 단계" (four stages), "세 번째" (third); 한 (one, a) is as common as English "one".
_KO_NATIVE = {"두": 2, "세": 3, "석": 3, "네": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9, "열": 10,
              "스무": 20}
_KO_COUNTED = re.compile(
    rf"(?<![가-힣])({'|'.join(_KO_NATIVE)})\s(?=(?:명|개|번|가지|차례|사람|곳|대|척|단계|나라|개국|살|시간|달|"
    r"마리|권|잔|채|군데|가구|건|배|쌍|편|장|그루|켤레|발|종|분|해|주|시))")
_EN_NUMBER = re.compile(
    rf"({_NUM}|\b(?:{'|'.join(_EN_WORDS)})\b)(?:(?:st|nd|rd|th)\b)?"
    rf"(?:[\s-]*({'|'.join(_EN_UNITS)})\b)?", re.IGNORECASE)


# A day of the month without its month ("23일(현지시간)", "오늘(3일)", "지난 5일"): English news
# names that day by its weekday ("on Monday"), so it is no number to find on the other side.
# With its month ("6월 23일": "June 23") or as a span of days ("3일 동안", "3일 연속") it is.
_KO_DAY = re.compile(r"(?<![\d.,])(?<!월)(?<!월 )\d{1,2}(?=일(?!\s?(?:간|동안|째|연속|만에|전|후|뒤|이내|내)))")


def _fmt(value: float) -> str:
    return f"{value:.6g}" if value != int(value) else str(int(value))


def _korean_value(head: str, tail: str) -> float:
    """Value of "2" + "조 5천억": each unit multiplies the digits before it; smaller units add up."""
    value = float(head.replace(",", ""))
    if not tail.strip():
        return value
    total, current, pending = 0.0, value, True
    for digits, unit in _KO_PART.findall(tail):
        if digits:
            current, pending = float(digits.replace(",", "")), True
        scale = _KO_UNITS[unit]
        if scale >= 1e4:  # 만/억/조 close a group
            total += (current if pending else 1.0) * scale
            current, pending = 0.0, False
        else:  # 천 multiplies within a group: 5천억 = 5000 * 1e8
            current, pending = (current if pending else 1.0) * scale, True
    return total + (current if pending else 0.0)


def extract_numbers(text: str, lang: str) -> set[str]:
    """Canonical values of the numbers in `text` ("ko" or "en"): {"3000", "1.5", ...}."""
    values: set[str] = set()
    if lang == "ko":
        for head, tail in _KO_NUMBER.findall(_KO_DAY.sub("", text)):
            values.add(_fmt(_korean_value(head, tail)))
        values.update(str(_KO_NATIVE[word]) for word in _KO_COUNTED.findall(text))
        return values
    for number, unit in _EN_NUMBER.findall(text):
        word = _EN_WORDS.get(number.lower())
        value = float(word) if word is not None else float(number.replace(",", ""))
        if unit:
            value *= _EN_UNITS[unit.lower()]
        values.add(_fmt(value))
    return values
