"""Page chrome of Korean and English news pages: every pattern in one place.

Three kinds, each a table of named patterns (tests hold an example per name):

* `CHROME`: whole lines that are page furniture, not article text (bylines,
  time stamps, credits, sign-offs, navigation, share buttons, cookie notices,
  copyright lines).  Ingest drops them from article bodies, and the aligner
  never gives them a counterpart (a byline has no translation on the other
  side, even when both sides have one).
* `FOOTERS`: boxes after which a page lists other stories ("Editor's Pick",
  "많이 본 뉴스", "오늘의 핫 클릭"); the story ends there.
* `MARKERS`: broadcast transcript markers (``[앵커]``, ``[리포트]``,
  ``[인터뷰]``, ``◀ 앵커 ▶``): the marker goes, the speech stays, and a marker
  glued after a sentence starts a new paragraph.

And a news agency's dateline before a story's first sentence (``(서울=연합뉴스)
김철수 기자 =``, ``SEOUL, July 3 (Yonhap) --``): it goes, the sentence stays.

Patterns match whole lines and are deliberately narrow: a false positive would
remove a real sentence.  Chrome that no list knows (an unseen site's menus) is
caught by its repetition across pages instead (`aligner.ingest.repeated`).
"""

from __future__ import annotations

import re

_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_DATE = r"\d{4}\s*[-./년]\s*\d{1,2}\s*[-./월]\s*\d{1,2}"
_NAME_EN = r"[A-Z][a-z]+(?:[- ][A-Za-z][a-z]+){0,3}"
_NAME_KO = r"(?:[가-힣]{2,4}|○{2,4})"
_BROADCASTERS = r"(?:KBS|MBC|SBS|YTN|JTBC|MBN|EBS|OBS|TV조선|채널A|연합뉴스TV|연합뉴스|뉴스1|뉴시스)"
_LANGUAGE = (r"(?:korean|english|chinese|japanese|indonesian|vietnamese|arabic|russian|french|german|spanish|"
             r"한국어|中文|简体中文|繁體中文|日本語|español|français|deutsch|русский|العربية|tiếng việt|bahasa indonesia)")
_CREDIT = r"(?:촬영\s*기자|영상\s*기자|영상\s*편집|촬영|편집|그래픽|CG|자료\s*조사|화면\s*제공|영상\s*제공|자막|리포트)"

CHROME: dict[str, str] = {
    # "Written: 2024-06-22 14:57:31", "Published 2022-01-23 05:04:31 KST"
    "timestamp_en": rf"(?:written|updated|posted|published|edited|modified|last updated|date)\s*[:：]?\s*{_DATE}.*",
    # "입력 2024.06.24 (14:50)", "수정 2024.06.24 (15:02)"
    "timestamp_ko": rf"(?:(?:기사\s*)?(?:입력|수정|등록|승인|송고|발행|작성|게재)(?:\s*(?:시간|일시|일자|일))?|최종\s*수정|"
                    rf"업데이트)\s*[:：]?\s*{_DATE}.*",
    # "2024-03-23 17:51 KST"
    "timestamp_bare": rf"{_DATE}[\sT]+\d{{1,2}}:\d{{2}}(?::\d{{2}})?\s*(?:KST|UTC|GMT)?",
    # "Photo : KBS News", "[Photo: KBS News]"
    "photo_credit_en": r"\[?\(?\s*(?:photo|photos|image|graphic|video|source|captured)\s*(?:by|courtesy of)?\s*[:：=/].{0,80}",
    "photo_by_en": r"\[?\(?\s*(?:photo|image|video)s?\s+(?:by|courtesy of|credit)\b.{0,60}",
    # a news agency's picture credit: "[연합뉴스 자료사진]", "[연합뉴스TV 제공]", "[AP=연합뉴스]",
    # "[국방부 제공]", "(Yonhap)" on a line of its own
    "agency_credit": rf"\[[^\]\n]{{0,20}}(?:자료\s*사진|제공|캡처)\]|\[[A-Za-z가-힣·\s]{{1,20}}=\s*{_BROADCASTERS}"
                     rf"(?:\s*자료\s*사진)?\]|\((?:Yonhap|AP|AFP|Reuters|EPA|Xinhua|Kyodo|UPI)(?: News)?\)",
    # the end mark of a wire story, alone or after the reporter's e-mail: "(END)", "(끝)"
    "end_mark": rf"(?:{_EMAIL}\s*)?\((?:END|끝)\)",
    # "(사진=연합뉴스)", "[사진 출처 : 연합뉴스]", "[그래픽 출처 : 국토교통부]", "[자료 제공 : 국방부]",
    # "<사진=연합뉴스>", "/사진=뉴스1"
    "photo_credit_ko": r"[\[(<＜/]?\s*(?:(?:사진|그래픽|영상|자료|화면|이미지)\s*(?:제공|출처)?|출처|촬영)\s*[:：=/].{0,80}",
    # a picture's caption: "▲ 조태열 장관이 22일 통화하고 있다. (사진=외교부 제공)"
    "photo_caption_ko": r"[▲△].{1,300}[\[(<]\s*(?:사진|그래픽|자료\s*사진)\s*(?:제공|출처)?\s*[=:：/][^\])>]{1,40}[\])>]",
    # "촬영기자:김민호/영상편집:박주연/그래픽:서수민"
    "production_credits_ko": rf"(?:{_CREDIT}\s*[:：]\s*[가-힣A-Za-z·,\s]{{0,30}}?\s*[/|·,]?\s*)+",
    # "By Kim Min-ji", "Written by Choi Hyun-woo, staff reporter"
    "byline_en": rf"(?:written\s+)?by\s+{_NAME_EN}(?:\s*,\s*(?:staff\s+)?(?:reporter|correspondent|writer|editor))?"
                 rf"(?:\s*[(\[]?{_EMAIL}[)\]]?)?",
    "reporter_label_en": rf"(?:reporter|correspondent|editor|writer)s?\s*[:：]\s*{_NAME_EN}.{{0,60}}|"
                         rf"(?:reporter|correspondent)\s+{_NAME_EN}",
    "name_email": rf"{_NAME_EN}\s*,?\s*[(\[]?{_EMAIL}[)\]]?",
    # a picture's source alone on a line: "Yonhap", "AFP-Yonhap", "[NEWS1]", "Getty Images Bank"
    "picture_source": r"\[?(?:yonhap|ap|afp|reuters|epa|xinhua|kyodo|upi|newsis|news1|joint press corps|"
                      r"getty images(?: bank)?|shutterstock|kbs|kbs world)(?:\s*[-/=]\s*(?:yonhap|news1|newsis))?"
                      r"(?: news| photo)?\]?",
    # a news site's name alone on a line: "The Korea Herald", "Korea JoongAng Daily", "연합뉴스"
    "site_name": r"(?:the )?(?:korea (?:joongang daily|herald|times)|joongang daily|kbs world(?: radio)?|"
                 r"arirang(?: news)?|yonhap news agency|chosun ilbo|the chosun daily|hankyoreh|dong-a ilbo)|"
                 r"연합뉴스|조선일보|중앙일보|한겨레|동아일보|한국일보|경향신문|매일경제|한국경제|서울신문|국민일보|세계일보|"
                 r"연합뉴스TV|뉴스1|뉴시스|"
                 # any outlet's name in brackets: "[파이낸셜뉴스]", "[헤럴드경제]"
                 r"\[[가-힣A-Za-z0-9 ]{0,12}(?:뉴스|신문|일보|경제|방송|TV|저널|타임스|헤럴드|데일리)\]",
    "email": rf"\(?{_EMAIL}\)?",
    # "박도윤 기자 (doyoon@kbs.co.kr)", "[KBS 뉴스 윤지우 기자]"
    "byline_ko": rf"\[?[^\]\n]{{0,20}}[가-힣]{{2,4}}\s?(?:기자|특파원|앵커|리포터|통신원)\]?\s*(?:\(?{_EMAIL}\)?)?",
    "byline_bracket_ko": r"\[[^\]\n]{0,30}(?:기자|특파원)\]",
    # "KBS 뉴스 박도윤입니다.", "지금까지 도쿄에서 KBS 뉴스 ○○○입니다.", "YTN 김철수입니다.",
    # "지금까지 경제부 홍길동 기자였습니다."
    "sign_off_ko": rf".{{0,30}}{_BROADCASTERS}\s*(?:뉴스\s*)?{_NAME_KO}\s*(?:입니다|였습니다|이었습니다)\.?|"
                   rf"(?:지금까지|이상)\s.{{0,30}}{_NAME_KO}\s*(?:기자|특파원|앵커)(?:였습니다|이었습니다|입니다)\.?",
    # the news programme a broadcast item aired in: "뉴스 9", "930뉴스", "뉴스광장", "8뉴스", "뉴스데스크"
    "programme_ko": rf"(?:{_BROADCASTERS}\s*)?(?:뉴스\s*\d{{1,2}}|\d{{1,4}}\s*뉴스|뉴스\s*(?:광장|라인|타임|투데이|데스크|룸|특보|"
                    r"집중|센터|나이트|와이드|쇼)|아침\s*뉴스\s*타임|특집\s*뉴스|뉴스)",
    # the news viewer of a portal (Naver, Daum) around a broadcaster's story: its tools, the
    # readers' reactions and the section note
    "portal_ko": r"(?:공감|본문 ?요약봇|요약봇|텍스트 음성 변환 서비스 사용하기|음성으로 듣기|번역 설정|글자 ?크기 ?변경하기|"
                 r"SNS ?보내기|인쇄하기|(?:언론사 ?)?구독(?:중|하기)?|기사 ?섹션 ?분류 ?안내|해당 언론사로 연결됩니다\.?|"
                 r"전체 언론사 뉴스|이 기사는 언론사에서 .{1,12} 섹션으로 분류했습니다\.?|"
                 r"(?:좋아요|훈훈해요|슬퍼요|화나요|후속기사 ?원해요|추천해요|놀랐어요|흥미로워요|응원해요|감동이에요|"
                 r"쏠쏠정보|흥미진진|공감백배|분석탁월|후속강추)\s*\d*)",
    # "Copyright ⓒ KBS. All rights reserved.", "저작권자ⓒ KBS(www.kbs.co.kr) 무단 전재 및 재배포 금지"
    # (not "Copyright disputes went to court": the word must come with a sign, a year or a name)
    "copyright": r"[\[(<]?\s*(?:copyright\s*(?:[©ⓒ]|\(c\)|\d{4}|by\b|[:：]|(?-i:[A-Z]{2}))|ⓒ|©|\(c\)\s*\d{4}).{0,100}",
    "rights_reserved": r".{0,80}all rights reserved\.?.{0,60}",
    "no_redistribution_ko": r".{0,60}(?:무단\s*전재|재배포\s*금지).{0,60}",
    # "Unauthorized reproduction and redistribution prohibited."
    "no_redistribution_en": r".{0,60}unauthori[sz]ed (?:reproduction|redistribution|copying|use)\b.{0,80}prohibited\.?",
    "newsletter": r"(?:subscribe to|sign up for|get) (?:our|the) .{0,40}newsletters?\b.{0,100}",
    "copyright_holder_ko": r"저작권자.{0,60}",
    "cookie_notice_en": r".{0,120}\bcookies?\b.{0,200}(?:consent|accept|agree|policy|enhance|technology|storing|usage).{0,200}|"
                        # the notice speaks to the reader, the cookies after its verb: 'By clicking "Accept",
                        # you consent to the storing of cookies', 'We use cookies to improve your experience'
                        r"(?=.{0,200}\b(?:you|your|we use|this (?:site|website)|our (?:site|website))\b)"
                        r".{0,200}\bcookies?\b.{0,200}|(?:accept|reject|allow)(?: all)? cookies|cookie (?:settings|preferences)",
    "cookie_notice_ko": r".{0,80}쿠키.{0,120}(?:동의|수집|정책|사용).{0,120}",
    # "이 기사가 좋으셨다면", "오늘의 핫 클릭", "실시간 뜨거운 관심을 받고 있는 뉴스"
    "recommend_boxes_ko": r"(?:이 기사가 좋으셨다면.{0,40}|오늘의 ?핫 ?클릭|실시간 뜨거운 관심을 받고 있는 뉴스|"
                          r"실시간 인기 ?(?:기사|뉴스)|이 시각 (?:주요|인기) ?뉴스|(?:KBS|kbs) ?제보.{0,60}|"
                          r"(?:▶|☞).{0,80}(?:제보|구독|바로가기|카카오톡|유튜브).{0,40})",
    # the tip-off lines under news stories: Yonhap's "제보는 카카오톡 okjebo", and the box under
    # every KBS News story: "■ 제보하기", "▷ 전화 : 02-781-1234",
    # "▷ 이메일 : kbs1234@kbs.co.kr", "▷ 유튜브, 네이버, 카카오에서도 KBS뉴스를 구독해주세요!"
    "tip_box_ko": r"(?:[■□▣◆◇▶▷☞※]\s*)?제보\s*하기|제보는\s*(?:카카오톡|이메일|전화)\s*[:：]?\s*\S+.{0,80}|"
                  r"[▶▷☞]\s*(?:전화|이메일|e-?mail|카카오톡|문자|팩스|(?:뉴스\s*)?홈페이지)\s*[:：].{0,80}|"
                  r"(?:[▶▷☞]\s*)?.{0,60}구독(?:해\s*주세요|하세요|해 ?보세요|하기)[!.]?|"
                  r"(?:[■▶▷☞※]\s*)?['‘\"“]?당신의 제보가 뉴스가 됩니다[.!]?['’\"”]?.{0,120}",
    # "▣ KBS 기사 원문보기 : http://news.kbs.co.kr/...", "Read the original article: https://...", a bare link
    "source_link": rf"(?:[▣■□◆◇▶☞※]\s*)?(?:(?:{_BROADCASTERS}\s*)?(?:기사\s*)?원문\s*(?:기사\s*)?(?:보기|링크|바로가기)?|"
                   r"(?:read|see|view) (?:the )?(?:original|full) (?:article|story))\s*[:：]?\s*(?:(?:https?://|www\.)\S+)?|"
                   r"(?:https?://|www\.)\S+",
    # a story's tags, translated on the other side's page: "#North Korea #Russia", "Keywords #북한"
    # (not a Markdown heading: "# Title"),
    # "Tags: North Korea, Russia"; a link to another story: "Read more: FM Cho Meets Blinken"
    "tags": r"(?:(?:keywords?|tags?|태그|키워드|관련\s*태그)\s*[:：]?\s*)?(?:#[^\s#.!?。][^#.!?。\n]{0,29}){1,20}|"
            r"(?:keywords?|tags?|태그|키워드|관련\s*태그)\s*[:：]\s*[^.!?。]{1,200}",
    "more_link": r"(?:read more|see also|related|more on this|관련\s*기사|함께\s*보기)\s*[:：]\s*[^.!?。]{1,150}",
    # a site's language switch, one language or a row: "English", "中文", "Español | Français"
    "language_menu": rf"{_LANGUAGE}(?:\s*[|/·,]?\s*{_LANGUAGE}){{0,12}}",
    "navigation_en": r"(?:menu(?: content)?|search|about kbs|go to kbs|go top|top|list|close|share|print|"
                     r"editor'?s pick|most viewed|most read|most popular|related (?:articles?|news|stor(?:y|ies)|coverage)|"
                     r"latest news|popular (?:news|stories|articles)|trending(?: now| news| stories)?|top stories|"
                     r"recommended(?: stories| articles| for you)?|you (?:may|might) also like|(?:what to )?read next|"
                     r"subscribe|newsletter|advertisement|ad|home|news|more|read more|top news|previous|next|"
                     r"back to top|skip to content|subscribe to .{1,40}|click here.{0,60}|"
                     r"(?:share|follow us) (?:on|via) \w+(?: \w+)?|font size|sign in|log in|login|facebook|twitter|"
                     r"kakao(?:talk)?|url copy|copy url|copy link|link copied|listen(?: to (?:this|the) (?:article|story))?|"
                     r"e-?mail|bookmark|tags?|keywords?|play|pause|back|all news|back to (?:the )?list|"
                     r"(?:share|print|e-?mail) this (?:article|story|page)|send to a friend|loading\.*|"
                     r"comments?\s*(?:\(\d+\)|\d+)?|word count\s*[:：]?\s*\d+|.{0,40}enable javascript.{0,60}|"
                     r"javascript is (?:disabled|turned off).{0,60}|"
                     r"(?:facebook|twitter|kakao(?:talk)?|naver|band|line|e-?mail|print|share|url)"
                     r"(?:\s+(?:facebook|twitter|kakao(?:talk)?|naver|band|line|e-?mail|print|share|url)){1,8})",
    "navigation_ko": r"(?:이 기사를 공유합니다|공유하기|많이 본 뉴스|관련 기사|관련기사|최신 뉴스|인기 기사|추천 기사|"
                     r"기사 ?공유(?:하기)?|기사 ?더보기|스크랩(?:하기)?|더보기|주요 ?뉴스|좋아요|싫어요|댓글(?:\s*\d+)?|구독|구독하기|글자 ?크기|"
                     r"인쇄|목록|이전|다음|맨 ?위로|광고|메뉴|검색|홈|기사 ?(?:저장|스크랩|보내기)|"
                     r"카카오톡|페이스북|트위터|URL ?복사|링크 ?복사|닫기|기자 ?(?:정보|프로필|페이지)|글(?:씨|자) ?크기(?: ?조절(?:하기)?)?|"
                     r"(?:본문\s*)?글(?:씨|자)\s*(?:키우기|줄이기|크게|작게)|가나다라마?|추천\s*\d+|태그|키워드|"
                     r"이 기사를 추천합니다|기사 ?제보|보내기)",
}

FOOTERS: dict[str, str] = {
    "footer_en": r"(?:list|editor'?s pick|most viewed|most read|most popular|related (?:articles?|news|stor(?:y|ies)|"
                 r"coverage)|latest news|top news|more news|popular (?:news|stories|articles)|trending(?: now| news| stories)?|"
                 r"top stories|recommended(?: stories| articles| for you)?|you (?:may|might) also like|(?:what to )?read next)",
    "footer_ko": r"(?:목록|많이 본 (?:뉴스|기사)|가장 많이 본 (?:뉴스|기사)|관련 ?(?:기사|뉴스)|(?:에디터|편집자) ?추천|"
                 r"추천 ?(?:기사|뉴스)|인기 ?(?:기사|뉴스)|최신 ?(?:기사|뉴스)|(?:\S{1,10} )?주요 ?뉴스|다른 기사|함께 볼만한 뉴스|이 기사가 좋으셨다면.{0,40}|"
                 r"오늘의 ?핫 ?클릭|실시간 뜨거운 관심을 받고 있는 뉴스|실시간 인기 ?(?:기사|뉴스))",
}

# "[앵커]", "[리포트]", "[인터뷰] 김철수/서울시 마포구 : ..." (and "◀ 앵커 ▶", "<기자>", "【앵커】" of
# other broadcasters); the speaker label of an interview or a recorded remark goes with the marker.
_MARKER = re.compile(r"\s*[\[◀<＜【]\s*(?:앵커(?:\s*멘트|\s*코멘트)?|리포트|기자(?:\s*멘트)?|브릿지|스탠드\s*업|"
                     r"(?P<speech>인터뷰|녹취|현장음|싱크))\s*[\]▶>＞】]\s*")
# a marker that a scraper glued to the sentence before it: "…올랐습니다. [리포트] 거리는…"
_GLUED_MARKER = re.compile(r"(?<=[.!?…\"”’])(?=" + _MARKER.pattern + ")")
_SPEAKER = re.compile(r"[가-힣A-Za-z·]{1,10}(?:\s[가-힣A-Za-z·]{1,10}){0,2}\s*/\s*[^:：\"“]{1,40}?\s*[:：]\s*")

# A news agency's dateline before a story's first sentence: "(서울=연합뉴스) 김철수 기자 = ",
# "[워싱턴=뉴시스] 이영희 특파원 = ", "【서울=뉴시스】", "[이데일리 김철수 기자] ", "[헤럴드경제=김철수 기자] ",
# "SEOUL, July 3 (Yonhap) -- ", "WASHINGTON (AP) — ".
_AGENCIES_EN = r"(?:Yonhap|AP|AFP|Reuters|CNN|KBS|Xinhua|Kyodo|UPI|Bloomberg|dpa)(?: News)?"
_DATELINE = re.compile(
    rf"\s*[(\[【]\s*[가-힣A-Za-z·\s]{{1,20}}=\s*(?:{_BROADCASTERS}|노컷뉴스|뉴스핌|이데일리)\s*[)\]】]\s*"
    rf"(?:{_NAME_KO}(?:[\s,·]+{_NAME_KO}){{0,2}}\s*(?:기자|특파원)\s*)?(?:=\s*)?"
    rf"|\s*\[\s*(?:[가-힣A-Za-z]{{1,10}}\s*[=\s]\s*)?{_NAME_KO}\s*(?:기자|특파원)\s*\]\s*"
    rf"|\s*[A-Z][A-Z.'\- ]{{1,30}}(?:,\s*[A-Z][A-Za-z.]{{1,12}}(?:\s\d{{1,2}})?)?\s*\({_AGENCIES_EN}\)\s*(?:--|—|–|-)?\s*")
_CHROME = re.compile("|".join(f"(?:{p})" for p in CHROME.values()), re.IGNORECASE)
_FOOTER = re.compile(r"[\[【<]?\s*(?:" + "|".join(f"(?:{p})" for p in FOOTERS.values()) + r")\s*[\]】>]?",
                     re.IGNORECASE)  # also in brackets: "[관련기사]"


def _strip(line: str) -> str:
    return line.strip().strip("·•|-–— ")


_LONGEST = 600  # no chrome line is longer (the longest are cookie notices)


def is_boilerplate(line: str) -> bool:
    """True when the whole line is page chrome rather than article text."""
    text = _strip(line)
    if not text:
        return True
    return len(text) <= _LONGEST and _CHROME.fullmatch(text) is not None


def is_footer(line: str) -> bool:
    """True for a box heading after which the page lists other stories."""
    text = _strip(line)
    return len(text) <= _LONGEST and _FOOTER.fullmatch(text) is not None


def split_markers(line: str) -> list[str]:
    """The paragraphs of a line without their broadcast transcript markers (and an
    interviewee's ``NAME/ROLE :`` label after ``[인터뷰]``).  A marker starts a paragraph: at
    the start of the line, or right after a sentence that a scraper glued to it; elsewhere it
    is text.  A line that is only markers gives no paragraph."""
    cuts = [0] + [match.start() for match in _GLUED_MARKER.finditer(line)] + [len(line)]
    parts = (_strip_markers(line[a:b]).strip() for a, b in zip(cuts, cuts[1:]))
    return [part for part in parts if part]


def starts_with_marker(line: str) -> bool:
    """True for a line that opens with a broadcast transcript marker: it starts a paragraph."""
    return _MARKER.match(line) is not None


def _strip_markers(line: str) -> str:
    while True:
        match = _MARKER.match(line)
        if not match:
            return line
        line = line[match.end():]
        if match.group("speech"):
            label = _SPEAKER.match(line)
            if label:
                line = line[label.end():]


def strip_dateline(line: str) -> str:
    """Remove a news agency's dateline from the start of a story's first paragraph; it names
    the agency, the place and the reporter, none of which the other side translates."""
    match = _DATELINE.match(line)
    return line[match.end():] if match else line
