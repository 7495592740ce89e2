"""Hanja in Korean news text, read out in Hangul for the sentence encoder.

Korean headlines abbreviate with single Hanja: ``北, 동해상으로 탄도미사일 발사``
(North Korea), ``美·日 외교장관`` (the US and Japanese ministers), ``與野`` (ruling and
opposition parties), ``檢`` (prosecutors); body text glosses a word with its
Hanja, ``최고(最古)``, or writes a suffix in Hanja, ``에너지省``, ``IBM社``,
``서울發``.  The encoder reads these poorly: five KBS-style headlines written so were 0.04 to
0.21 (cosine) less similar to their English than the same headlines in Hangul.
So the encoder is given the Korean text with these Hanja read out; the text
itself (what rows, exports and reports show) is never changed.

`hangul_reading` knows the Hanja of news abbreviations and suffixes, not all of
them: a run of Hanja with one it does not know is left as it is.
"""

from __future__ import annotations

import re

# Hanja of news text and their readings; 露 reads 러 as news compounds do (한러, 북러)
_READING: dict[str, str] = {
    # countries and regions
    "韓": "한", "北": "북", "南": "남", "美": "미", "中": "중", "日": "일", "英": "영", "佛": "불", "獨": "독", "露": "러", "伊": "이",
    "印": "인", "加": "가", "濠": "호", "豪": "호", "臺": "대", "台": "대", "越": "월", "泰": "태", "歐": "구", "亞": "아", "蒙": "몽",
    "本": "본",
    # institutions
    "與": "여", "野": "야", "靑": "청", "檢": "검", "警": "경", "軍": "군", "政": "정", "黨": "당", "勞": "노", "銀": "은", "株": "주",
    "稅": "세", "國": "국", "府": "부",
    # prefixes and people
    "故": "고", "前": "전", "現": "현", "新": "신", "反": "반", "親": "친", "非": "비", "對": "대", "總": "총", "副": "부", "尹": "윤",
    "文": "문", "朴": "박", "李": "이", "盧": "노", "崔": "최", "習": "습",
    # suffixes written after a Hangul, Latin or digit word
    "社": "사", "省": "성", "市": "시", "道": "도", "郡": "군", "州": "주", "號": "호", "發": "발", "行": "행", "式": "식", "型": "형",
    "街": "가", "家": "가", "人": "인", "院": "원", "版": "판", "産": "산", "製": "제", "戰": "전", "港": "항", "兆": "조", "億": "억",
    "萬": "만", "千": "천", "年": "년", "月": "월", "大": "대", "民": "민",
}
# what an abbreviation stands for when it stands alone (美 -> 미국), where that is not its reading
_ALONE: dict[str, str] = {
    "韓": "한국", "北": "북한", "南": "남한", "美": "미국", "中": "중국", "日": "일본", "英": "영국", "佛": "프랑스", "獨": "독일", "露": "러시아",
    "伊": "이탈리아", "印": "인도", "加": "캐나다", "濠": "호주", "豪": "호주", "臺": "대만", "台": "대만", "越": "베트남", "泰": "태국",
    "歐": "유럽", "亞": "아시아", "蒙": "몽골", "與": "여당", "野": "야당", "靑": "청와대", "檢": "검찰", "警": "경찰", "政": "정부",
    "勞": "노동계", "銀": "은행", "株": "주식", "稅": "세금", "國": "국가", "習": "시진핑",
}
_HANJA = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# a Hanja gloss right after the Hangul word it glosses: 최고(最古), 신장위구르(新疆維吾爾)
_GLOSS = re.compile(rf"(?<=[가-힣])\s?\([{_HANJA}][{_HANJA}·\s]*\)")
_RUN = re.compile(rf"[{_HANJA}]+")
_WORD_BEFORE = re.compile(r"[가-힣A-Za-z0-9]")


def hangul_reading(text: str) -> str:
    """The text with its news Hanja in Hangul: a lone abbreviation as the word it stands for
    (``美·日`` -> ``미국·일본``), a run of known Hanja by its reading (``與野`` -> ``여야``), a
    suffix by its reading (``IBM社`` -> ``IBM사``), a gloss after its Hangul word dropped."""
    if not _RUN.search(text):
        return text
    text = _GLOSS.sub("", text)

    def read(match: re.Match) -> str:
        run = match.group()
        if any(ch not in _READING for ch in run):
            return run
        suffix = match.start() > 0 and _WORD_BEFORE.match(text[match.start() - 1])
        if len(run) == 1 and not suffix:
            return _ALONE.get(run, _READING[run])
        return "".join(_READING[ch] for ch in run)

    return _RUN.sub(read, text)
