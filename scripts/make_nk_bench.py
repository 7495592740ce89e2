#!/usr/bin/env python3
"""Rewrite the Korean side of a benchmark split in North Korean spelling.

    python scripts/make_nk_bench.py SPLIT_DIR OUT_DIR [--prefix park-]

The hidden split's ``nk-NNN`` documents are its ``park-NNN`` documents with the
Korean in North Korean orthography (shared/bench/README.md); this builds the
like from a visible split, so `scripts/bench_align.py OUT_DIR` shows what that
costs.  Writes OUT_DIR/align/TRACK/nk-NNN.{ko,en,gold} for every document whose
id starts with --prefix (English side and gold unchanged).

The rewrite follows the 조선말규범집 (1987/2010) where South and North differ
in writing, not in vocabulary:
- no initial-sound law: a Sino-Korean word keeps its initial ㄹ/ㄴ
  (이용 -> 리용, 노동 -> 로동, 여성 -> 녀성), from a list of news words;
- -여/-였 after a stem in ㅣ ㅐ ㅔ ㅚ ㅟ ㅢ (되었다 -> 되였다, 개어 -> 개여);
- no 사이시옷 in a list of words (바닷가 -> 바다가, 햇빛 -> 해빛);
- a bound noun written with its word (할 수 있다 -> 할수 있다, 하는 것 -> 하는것);
- loanwords and country names as the North writes them (러시아 -> 로씨야).
It is a benchmark builder, written from the rules independently of
the aligner (which has no North Korean rules).
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

# Sino-Korean news words the South writes under the initial-sound law
_INITIAL = {
    "이용": "리용", "이유": "리유", "이해": "리해", "이론": "리론", "이익": "리익", "이사": "리사", "이념": "리념",
    "이상적": "리상적", "이성": "리성", "이륙": "리륙", "이탈": "리탈", "이혼": "리혼", "이민": "리민", "이발": "리발",
    "인근": "린근", "인접": "린접", "임시": "림시", "임업": "림업", "입장": "립장", "입법": "립법", "입각": "립각",
    "입증": "립증", "입체": "립체", "입후보": "립후보", "여성": "녀성", "여자": "녀자", "여학": "녀학", "여배우": "녀배우",
    "여권": "녀권", "연합": "련합", "연결": "련결", "연계": "련계", "연루": "련루", "연속": "련속", "연쇄": "련쇄",
    "연행": "련행", "연대": "련대", "연방": "련방", "연립": "련립", "연습": "련습", "연애": "련애",     "연말": "년말", "연초": "년초", "연금": "년금", "연례": "년례", "연간": "년간", "연령": "년령", "연도": "년도",
    "연봉": "년봉", "역사": "력사", "역량": "력량", "역대": "력대", "역설": "력설", "열차": "렬차", "열사": "렬사",
    "열거": "렬거", "영토": "령토", "영해": "령해", "영공": "령공", "영역": "령역", "영도": "령도", "영수증": "령수증",
    "영사": "령사", "예외": "례외", "예의": "례의", "노동": "로동", "노인": "로인", "노령": "로령", "노년": "로년",
    "노후": "로후", "노선": "로선", "노골적": "로골적", "녹음": "록음", "녹화": "록화", "녹색": "록색",
    "논의": "론의", "논쟁": "론쟁", "논란": "론난", "논문": "론문", "논리": "론리", "논평": "론평", "농구": "롱구",
    "뇌물": "뢰물", "누적": "루적", "누락": "루락", "유행": "류행", "유사": "류사", "유학": "류학", "유출": "류출",
    "유통": "류통", "유형": "류형", "유혈": "류혈", "육상": "륙상", "육군": "륙군", "육지": "륙지", "윤리": "륜리",
    "율법": "률법", "양국": "량국", "양측": "량측", "양자": "량자", "양심": "량심", "양식": "량식",
    "약탈": "략탈", "약자": "략자", "냉장": "랭장", "냉각": "랭각", "냉전": "랭전", "냉정": "랭정", "내일": "래일",
    "내년": "래년", "내왕": "래왕", "내방": "래방", "낙관": "락관", "낙후": "락후", "낙하": "락하",     "남용": "람용", "노조": "로조", "요리": "료리", "요금": "료금", "용감": "룡감", }
# 사이시옷 the North does not write
_SAI = {"바닷가": "바다가", "햇빛": "해빛", "햇볕": "해볕", "나뭇잎": "나무잎", "뒷면": "뒤면", "깃발": "기발",
        "촛불": "초불", "빗물": "비물", "콧물": "코물", "혼잣말": "혼자말", "숫자": "수자", "횟수": "회수", "등굣길": "등교길"}
_LOAN = {"러시아": "로씨야", "이탈리아": "이딸리아", "캐나다": "카나다", "컴퓨터": "콤퓨터", "에너지": "에네르기",
         "텔레비전": "텔레비죤", "프로그램": "프로그람", "베트남": "윁남", "폴란드": "뽈스까", "센터": "쎈터",
         "오스트레일리아": "오스트랄리아", "호주": "오스트랄리아", "멕시코": "메히꼬", "이집트": "에짚트",
         "헝가리": "웽그리아", "루마니아": "로므니아", "스페인": "에스빠냐", "네덜란드": "네데를란드", "시리아": "수리아",
         "탱크": "땅크", "버스": "뻐스", "달러": "딸라", "로켓": "로케트", "미사일": "미싸일", "그룹": "그루빠",
         "캠페인": "깜빠니야", "테러": "테로", "라디오": "라지오", "쿠데타": "꾸데따", "트랙터": "뜨락또르",
         "퍼센트": "%", "인터넷": "인터네트", "슈퍼": "수퍼", "카메라": "사진기"}
_WORDS = sorted({**_INITIAL, **_SAI, **_LOAN}.items(), key=lambda item: -len(item[0]))
# a word at the start of an eojeol (or after a non-Hangul character)
_WORD = re.compile(r"(?<![가-힣])(" + "|".join(re.escape(sk) for sk, nk in _WORDS) + ")")
_NK = dict(_WORDS)
# 되었다 -> 되였다: a syllable in ㅣ ㅐ ㅔ ㅚ ㅟ ㅢ without a final consonant, then 어/었 and an ending
_YEO_VOWELS = {20, 1, 5, 11, 16, 19}  # jungseong indices of ㅣ ㅐ ㅔ ㅚ ㅟ ㅢ
_EO = re.compile(r"([가-힣])(었|어)(?=다|고|으|던|을|지|서|야|도|요|[^가-힣]|$)")
_BOUND = [(re.compile(r"([가-힣]) 수 (있|없)"), r"\1수 \2"), (re.compile(r"([는은을던ㄴ]) 것"), r"\1것")]


def _yeo(match: re.Match) -> str:
    stem, ending = match.groups()
    code = ord(stem) - 0xAC00
    if code % 28 == 0 and (code // 28) % 21 in _YEO_VOWELS:
        return stem + ("였" if ending == "었" else "여")
    return match.group()


def north_korean(line: str) -> str:
    """A South Korean sentence written in North Korean spelling (see the module docstring)."""
    line = _WORD.sub(lambda match: _NK[match.group()], line)
    line = _EO.sub(_yeo, line)
    for pattern, joined in _BOUND:
        line = pattern.sub(joined, line)
    return line


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("split", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--prefix", default="park-", help="rewrite the documents whose id starts so")
    args = parser.parse_args()
    written = 0
    for ko in sorted((args.split / "align").glob(f"*/{args.prefix}*.ko")):
        doc = "nk-" + ko.stem[len(args.prefix):]
        out = args.out / "align" / ko.parent.name
        out.mkdir(parents=True, exist_ok=True)
        lines = ko.read_text(encoding="utf-8").splitlines()
        (out / f"{doc}.ko").write_text("".join(north_korean(line) + "\n" for line in lines), encoding="utf-8")
        for suffix in (".en", ".gold"):
            (out / (doc + suffix)).write_bytes(ko.with_suffix(suffix).read_bytes())
        written += 1
    print(f"{written} documents written under {args.out / 'align'}")


if __name__ == "__main__":
    main()
