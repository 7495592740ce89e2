"""Recognise page chrome lines: bylines, timestamps, photo credits, navigation,
cookie notices and copyright lines, in Korean and English news pages.

One list of patterns serves two stages: ingest drops these lines from article
bodies, and the aligner never gives them a counterpart (a byline or a cookie
notice has no translation on the other side, even when both sides have one).
Patterns match whole lines and are deliberately narrow: a false positive would
remove a real sentence.
"""

from __future__ import annotations

import re

_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_DATE = r"\d{4}\s*[-./년]\s*\d{1,2}\s*[-./월]\s*\d{1,2}"
_NAME_EN = r"[A-Z][a-z]+(?:[- ][A-Za-z][a-z]+){0,3}"

_PATTERNS = [
    # timestamps: "Written: 2024-06-22 14:57:31", "Published 2022-01-23 05:04:31 KST", "입력 2024.03.23 17:51"
    rf"(?:written|updated|posted|published|edited|modified|last updated|date)\s*[:：]?\s*{_DATE}.*",
    rf"(?:입력|수정|등록|기사입력|최종수정|업데이트|승인|송고|발행)\s*[:：]?\s*{_DATE}.*",
    rf"{_DATE}[\sT]+\d{{1,2}}:\d{{2}}(?::\d{{2}})?\s*(?:KST|UTC|GMT)?",
    # photo credits: "Photo : KBS News", "[Photo: KBS News]", "(사진=연합뉴스)", "사진 제공: ..."
    r"\[?\(?\s*(?:photo|photos|image|graphic|video|source|captured)\s*(?:by|courtesy of)?\s*[:：=/].{0,80}",
    r"\[?\(?\s*(?:photo|image|video)s?\s+(?:by|courtesy of|credit)\b.{0,60}",
    r"\[?\(?\s*(?:사진|그래픽|영상|자료|출처|사진\s*제공|사진\s*출처|촬영)\s*[:：=/].{0,80}",
    # bylines: "By Kim Min-ji", "Written by Choi Hyun-woo, staff reporter", "Reporter: Han So-hee (x@y)"
    rf"(?:written\s+)?by\s+{_NAME_EN}(?:\s*,\s*(?:staff\s+)?(?:reporter|correspondent|writer|editor))?(?:\s*\(?{_EMAIL}\)?)?",
    rf"(?:reporter|correspondent|editor|writer)s?\s*[:：]\s*{_NAME_EN}.{{0,60}}",
    rf"{_NAME_EN}\s*,?\s*\(?{_EMAIL}\)?",
    rf"\(?{_EMAIL}\)?",
    # Korean bylines: "홍길동 기자 (gildong@kbs.co.kr)", "[KBS 뉴스 윤지우 기자]", "한소희 기자 x@y"
    rf"\[?[^\]\n]{{0,20}}[가-힣]{{2,4}}\s?(?:기자|특파원|앵커|리포터|통신원)\]?\s*(?:\(?{_EMAIL}\)?)?",
    r"\[[^\]\n]{0,30}(?:기자|특파원)\]",
    # copyright
    r"(?:copyright|ⓒ|©|\(c\)\s*\d{4}).{0,100}",
    r".{0,80}all rights reserved\.?.{0,20}",
    r".{0,60}(?:무단\s*전재|재배포\s*금지).{0,60}",
    r"저작권자.{0,60}",
    # cookie / consent notices
    r".{0,120}\bcookies?\b.{0,200}(?:consent|accept|agree|policy|enhance|technology|storing|usage).{0,200}",
    r".{0,80}쿠키.{0,120}(?:동의|수집|정책|사용).{0,120}",
    # navigation and page furniture (exact short lines)
    r"(?:menu(?: content)?|search|korean|english|about kbs|go to kbs|go top|top|list|close|share|print|"
    r"editor'?s pick|most viewed|most read|related (?:articles|news|stories)|latest news|popular news|"
    r"subscribe|newsletter|advertisement|ad|home|news|more|read more|top news|previous|next|back to top|skip to content|"
    r"subscribe to .{1,40}|click here.{0,60}|(?:share|follow us) (?:on|via) \w+(?: \w+)?|"
    r"font size|sign in|log in|login|facebook|twitter|kakao(?:talk)?|url copy|copy url)",
    r"(?:이 기사를 공유합니다|공유하기|많이 본 뉴스|관련 기사|관련기사|최신 뉴스|인기 기사|추천 기사|"
    r"기사 공유|기사 ?더보기|더보기|주요 ?뉴스|좋아요|싫어요|댓글(?:\s*\d+)?|구독|구독하기|글자 ?크기|인쇄|목록|이전|다음|맨 ?위로|광고|메뉴|검색|홈)",
]

_BOILERPLATE = re.compile("|".join(f"(?:{p})" for p in _PATTERNS), re.IGNORECASE)


def is_boilerplate(line: str) -> bool:
    """True when the whole line is page chrome rather than article text."""
    text = line.strip().strip("·•|-–— ")
    if not text:
        return True
    return _BOILERPLATE.fullmatch(text) is not None
