"""Every chrome, footer and marker pattern of `aligner.boilerplate` with a line it must catch,
and real sentences it must leave alone."""

import re

import pytest

from aligner.boilerplate import CHROME, FOOTERS, is_boilerplate, is_footer, split_markers, strip_dateline

CHROME_EXAMPLES = {
    "timestamp_en": ["Written: 2024-06-22 14:57:31Updated: 2024-06-22 15:16:46", "Published 2022-01-23 05:04:31 KST"],
    "timestamp_ko": ["입력 2024.06.24 (14:50)", "수정 2024.06.24 (15:02)", "입력 2024.06.24 (14:50) 수정 2024.06.24 (15:02)",
                     "기사승인 2024.06.22 14:57", "송고시간2024-06-22 14:57", "작성일 2024.06.22 14:57 | 수정 2024.06.22 15:16"],
    "timestamp_bare": ["2024-03-23 17:51 KST"],
    "photo_credit_en": ["Photo : KBS News", "[Photo: YONHAP News]"],
    "photo_by_en": ["Photo by Kim Min-ji"],
    "photo_credit_ko": ["(사진=연합뉴스)", "[사진 출처 : 연합뉴스]", "[그래픽 출처 : 국토교통부]", "[영상출처 : 유튜브]",
                        "[자료 제공 : 국방부]", "<사진=연합뉴스>", "/사진=뉴스1"],
    "photo_caption_ko": ["▲ 조태열 외교부 장관이 22일 서울 외교부 청사에서 통화하고 있다. (사진=외교부 제공)",
                         "△ 폭염 속 시민들이 분수대에서 더위를 식히고 있다. [사진 출처 : 연합뉴스]"],
    "production_credits_ko": ["촬영기자:김민호/영상편집:박주연/그래픽:서수민", "촬영기자:이현준 영상편집:박주연",
                              "영상편집:김하나", "그래픽: 서수민"],
    "byline_en": ["By Kim Min-ji", "Written by Choi Hyun-woo, staff reporter",
                  "By Kim Soo-yeon [kim.sooyeon@joongang.co.kr]", "BY KIM SOO-YEON [kim.sooyeon@joongang.co.kr]"],
    "tags": ["#North Korea #Russia #summit", "Keywords #North Korea #Russia", "#북한 #러시아", "Tags: North Korea, Russia"],
    "more_link": ["Read more: FM Cho Meets Blinken", "관련기사 : 외교장관 통화"],
    "reporter_label_en": ["Reporter: Han So-hee", "Reporter Kim Chul-soo"],
    "name_email": ["Lee Seo-jun (sjlee@news.co.kr)"],
    "picture_source": ["Yonhap", "AP", "AFP-Yonhap", "[YONHAP]", "[NEWS1]", "Getty Images Bank", "Joint Press Corps"],
    "site_name": ["The Korea Herald", "Korea JoongAng Daily", "KBS WORLD Radio", "연합뉴스", "조선일보", "[파이낸셜뉴스]",
                  "[헤럴드경제]"],
    "email": ["(desk@kbs.co.kr)"],
    "byline_ko": ["박도윤 기자 (doyoon@kbs.co.kr)", "김지원 기자"],
    "byline_bracket_ko": ["[KBS 뉴스 윤지우 기자]"],
    "sign_off_ko": ["KBS 뉴스 박도윤입니다.", "KBS 뉴스 ○○○입니다.", "지금까지 도쿄에서 KBS 뉴스 김현수였습니다.",
                    "YTN 김철수입니다.", "연합뉴스TV 홍길동입니다.", "지금까지 경제부 홍길동 기자였습니다."],
    "programme_ko": ["뉴스 9", "KBS 뉴스9", "930뉴스", "뉴스광장", "SBS 8뉴스", "MBC 뉴스데스크", "아침뉴스타임"],
    "portal_ko": ["공감", "본문 요약봇", "텍스트 음성 변환 서비스 사용하기", "SNS 보내기", "언론사 구독", "구독중",
                  "이 기사는 언론사에서 정치 섹션으로 분류했습니다.", "좋아요 0", "후속기사 원해요 12", "해당 언론사로 연결됩니다."],
    "copyright": ["Copyright ⓒ KBS. All rights reserved.", "ⓒ 2024 Yonhap News Agency", "[ⓒ 뉴스1]",
                  "Copyright 2024 Yonhap News Agency", "Copyright KBS WORLD Radio", "Copyright (c) The Korea Herald"],
    "rights_reserved": ["2024 KBS World Radio, All rights reserved.", "All rights reserved. Reproduction prohibited."],
    "no_redistribution_en": ["(c) Yonhap News, unauthorized reproduction and redistribution prohibited",
                             "Unauthorized reproduction and redistribution prohibited."],
    "newsletter": ["Subscribe to our newsletter to get the latest news in your inbox.", "Sign up for our daily newsletter."],
    "no_redistribution_ko": ["무단 전재 및 재배포 금지"],
    "copyright_holder_ko": ["저작권자ⓒ KBS(www.kbs.co.kr) 무단 전재 및 재배포 금지"],
    "cookie_notice_en": ["This website uses cookies and other technology to enhance quality of service.",
                         'By clicking "Accept", you consent to the storing of cookies on your device.',
                         "We use cookies to improve your experience.", "Accept all cookies", "Cookie settings"],
    "cookie_notice_ko": ["이 사이트는 서비스 개선을 위해 쿠키를 사용하며 이용자는 이에 동의한 것으로 간주됩니다."],
    "recommend_boxes_ko": ["이 기사가 좋으셨다면", "오늘의 핫 클릭", "실시간 뜨거운 관심을 받고 있는 뉴스",
                           "▶ ‘KBS 제보’ 카카오톡, 전화 02-781-1234"],
    "agency_credit": ["[연합뉴스 자료사진]", "[연합뉴스TV 제공]", "[AP=연합뉴스]", "[로이터=연합뉴스 자료사진]",
                      "[국방부 제공]", "(Yonhap)"],
    "end_mark": ["(END)", "(끝)", "kdh@yna.co.kr (END)"],
    "tip_box_ko": ["제보는 카카오톡 okjebo <저작권자(c) 연합뉴스, 무단 전재-재배포 금지>", "■ 제보하기", "▷ 전화 : 02-781-1234, 4444", "▷ 이메일 : kbs1234@kbs.co.kr",
                   "▷ 카카오톡 : 'KBS제보' 검색, 채널 추가", "▷ 유튜브, 네이버, 카카오에서도 KBS뉴스를 구독해주세요!",
                   "▷ 뉴스홈페이지 : https://goo.gl/4bWbkG", "▷ 유튜브 'KBS 뉴스' 구독하기", "당신의 제보가 뉴스가 됩니다",
                   "※ '당신의 제보가 뉴스가 됩니다' [카카오톡] YTN 검색해 채널 추가 [전화] 02-398-8585"],
    "source_link": ["▣ KBS 기사 원문보기 : http://news.kbs.co.kr/news/view.do?ncd=7712345", "기사 원문 바로가기",
                    "Read the original article: https://world.kbs.co.kr/service/news_view.htm?Seq_Code=1",
                    "https://news.kbs.co.kr/news/pc/view/view.do?ncd=7712345"],
    "language_menu": ["Korean", "English", "中文", "Español", "Tiếng Việt", "Korean English Chinese Japanese",
                      "English | 中文 | 日本語 | Español | Français | Deutsch | Русский | العربية"],
    "navigation_en": ["Menu Content", "Go Top", "Editor's Pick", "Share on Facebook", "Listen", "Facebook Twitter",
                      "Listen to this article", "Copy link", "Tags", "Keywords", "All News", "Back to list",
                      "Share this article", "Send to a friend", "Loading...", "Comments (0)", "Word Count: 312",
                      "Please enable JavaScript to view the comments.", "JavaScript is disabled in your browser.",
                      "Most Popular", "Related Article", "Trending", "You might also like"],
    "navigation_ko": ["이 기사를 공유합니다", "많이 본 뉴스", "글자 크기", "URL 복사", "닫기", "기자 정보", "기자 프로필", "기자 페이지",
                      "글씨 크기 조절하기", "기사 공유하기", "스크랩", "본문 글씨 키우기", "가나다라", "추천 0", "태그",
                      "이 기사를 추천합니다", "기사제보", "보내기"],
}

FOOTER_EXAMPLES = {
    "footer_en": ["List", "Editor's Pick", "Most Viewed", "Most Popular", "Related Article", "Related Stories",
                  "Trending Now", "Top Stories", "Recommended for you", "You may also like", "Read next"],
    "footer_ko": ["많이 본 뉴스", "목록", "에디터 추천", "가장 많이 본 기사", "관련 뉴스", "함께 볼만한 뉴스", "KBS 주요뉴스", "이 기사가 좋으셨다면", "오늘의 핫 클릭", "실시간 뜨거운 관심을 받고 있는 뉴스"],
}

REAL_SENTENCES = [
    "기획재정부는 오늘(3일) 긴급 경제관계장관회의에서 소상공인 지원 대책을 발표했습니다.",
    "박 장관은 “북한의 어떠한 도발에도 단호하게 대응하겠다”고 강조했습니다.",
    "KBS 뉴스 취재 결과 정부는 대책을 다음 주 발표할 예정입니다.",
    "The finance ministry announced the support package on Wednesday.",
    "Photos of the ceremony were shared widely on social media, officials said.",
    "The reporter asked the minister about the budget.",
    "List prices for new cars rose 3 percent.",
    "그래픽 디자이너 채용 공고가 크게 늘었습니다.",
    "촬영 현장에서는 배우들이 추위와 싸워야 했습니다.",
    "정부는 합의문 원문을 홈페이지에 공개했습니다.",
    "The full text is available at https://www.mofa.go.kr in Korean and English.",
    "원문 공개를 두고 여야가 맞섰다.",
    "경찰은 제보하기 어려운 구조가 문제라고 지적했다.",
    "전화 : 경찰은 전화로 제보를 받았다고 밝혔다.",
    "Listen to what the minister said on Monday.",
    "Facebook and Twitter removed the accounts.",
    "The talks will end (Yonhap) sources said.",
    "[사진] 윤 대통령이 발언하고 있다.",
    "제보는 익명으로 처리됐다고 경찰은 밝혔다.",
    "지금까지 확인된 사망자는 모두 12명입니다.",
    "지금까지 현장에 있던 기자는 모두 철수했습니다.",
    "사진 한 장이 사건의 전모를 보여줬습니다.",
    "당신의 제보가 세상을 바꿀 수 있다고 그는 말했다.",
    "Copyright disputes over the song went to court.",
    "KBS 사장은 오늘 국회에 출석했습니다.",
    "English is taught from the third grade.",
    "Korean and Chinese negotiators met in Beijing.",
    "Play resumed after the rain.",
    "뉴스 9 시청률이 크게 올랐습니다.",
    "공감을 얻지 못한 정책은 실패한다.",
    "좋아요 수가 10만을 넘었다.",
    "구독자 수가 크게 늘었습니다.",
    "Yonhap reported the talks on Monday.",
    "The Korea Herald reported it first.",
    "연합뉴스는 이를 처음 보도했다.",
    "Reporters Without Borders said the arrest was illegal.",
    "▲ 첫째, 예산을 늘린다.",
    "▲ 사진을 찍던 시민들이 대피했다.",
    "#MeToo spread fast.",
    "# Seoul Hosts Summit",
    "Comments from the minister drew criticism.",
    "Tags are used to classify stories.",
    "Related: the talks ended without a deal.",
    "Google said it will phase out third-party cookies in Chrome next year, citing privacy concerns.",
    "She baked cookies for the soldiers, her neighbours said.",
    "The ministry said unauthorized use of the data was prohibited under the law.",
    "Readers can sign up for the newsletter of the ministry, officials said.",
    "Most popular among tourists is the palace, the survey showed.",
    "추천 제도는 폐지됐다.",
]


def test_every_pattern_has_examples():
    assert set(CHROME_EXAMPLES) == set(CHROME)
    assert set(FOOTER_EXAMPLES) == set(FOOTERS)


@pytest.mark.parametrize("name", sorted(CHROME))
def test_chrome_pattern(name):
    for line in CHROME_EXAMPLES[name]:
        assert re.fullmatch(CHROME[name], line.strip(), re.IGNORECASE), (name, line)
        assert is_boilerplate(line), line


@pytest.mark.parametrize("name", sorted(FOOTERS))
def test_footer_pattern(name):
    for line in FOOTER_EXAMPLES[name]:
        assert re.fullmatch(FOOTERS[name], line, re.IGNORECASE), (name, line)
        assert is_footer(line), line


@pytest.mark.parametrize("sentence", REAL_SENTENCES)
def test_real_sentences_are_not_chrome(sentence):
    assert not is_boilerplate(sentence) and not is_footer(sentence)


@pytest.mark.parametrize("line, kept", [
    ("[앵커]", []),
    ("[리포트]", []),
    ("[앵커] 정부가 소상공인 지원 대책을 내놨습니다.", ["정부가 소상공인 지원 대책을 내놨습니다."]),
    ("[리포트] 기획재정부는 오늘 대책을 발표했습니다.", ["기획재정부는 오늘 대책을 발표했습니다."]),
    ("[인터뷰] 최상목/경제부총리 : \"힘이 되기를 바랍니다.\"", ["\"힘이 되기를 바랍니다.\""]),
    ("[인터뷰] 김철수/서울시 마포구 : “너무 더워요.”", ["“너무 더워요.”"]),
    ("[녹취] 시민 : 이해할 수 없습니다.", ["시민 : 이해할 수 없습니다."]),
    ("[기자] [앵커 멘트] 다음 소식입니다.", ["다음 소식입니다."]),
    ("정부는 [앵커] 표시가 없는 문장을 그대로 둡니다.", ["정부는 [앵커] 표시가 없는 문장을 그대로 둡니다."]),
    # other broadcasters' marks, and markers a scraper glued into one paragraph
    ("◀ 앵커 ▶ 오늘 날씨입니다. ◀ 리포트 ▶ 서울은 맑겠습니다.", ["오늘 날씨입니다.", "서울은 맑겠습니다."]),
    ("<기자> 현장에 나와 있습니다.", ["현장에 나와 있습니다."]),
    ("[앵커] 폭염이 이어졌습니다. [리포트] 거리는 한산했습니다. [인터뷰] 김철수/시민 : “너무 더워요.”",
     ["폭염이 이어졌습니다.", "거리는 한산했습니다.", "“너무 더워요.”"]),
    ("기온은 3<5도 사이입니다.", ["기온은 3<5도 사이입니다."]),
])
def test_broadcast_markers_go_and_the_speech_stays(line, kept):
    assert split_markers(line) == kept


def test_box_headings_in_brackets_are_footers():
    assert is_footer("[관련기사]") and is_footer("【많이 본 뉴스】") and is_footer("<Related Articles>")
    assert not is_footer("[관련기사] 정부가 대책을 발표했다.")


def test_very_long_lines_are_never_chrome():
    assert not is_boilerplate("Copyright " + "x" * 5000)
    assert not is_footer("List " * 2000)


@pytest.mark.parametrize("line, kept", [
    ("(서울=연합뉴스) 김철수 기자 = 정부가 대출을 지원한다.", "정부가 대출을 지원한다."),
    ("[워싱턴=뉴시스] 이영희 특파원 = 미국이 발표했다.", "미국이 발표했다."),
    ("(서울=뉴스1) 김철수 이영희 기자 = 정부가 발표했다.", "정부가 발표했다."),
    ("SEOUL, July 3 (Yonhap) -- The government will act.", "The government will act."),
    ("WASHINGTON (AP) — The US said so.", "The US said so."),
    ("BAGHDAD, Iraq (CNN) -- Insurgents attacked.", "Insurgents attacked."),
    ("The (AP) report said so.", "The (AP) report said so."),
    ("정부(서울=연합뉴스)는 발표했다.", "정부(서울=연합뉴스)는 발표했다."),
    ("【서울=뉴시스】김철수 기자 = 정부가 발표했다.", "정부가 발표했다."),
    ("[이데일리 김철수 기자] 정부가 발표했다.", "정부가 발표했다."),
    ("[헤럴드경제=김철수 기자] 정부가 발표했다.", "정부가 발표했다."),
    ("[정치] 정부가 발표했다.", "[정치] 정부가 발표했다."),
])
def test_agency_datelines_go_and_the_sentence_stays(line, kept):
    assert strip_dateline(line) == kept

