import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from aligner.ingest import ingest_paths
from aligner.records import read_articles

SEED_LIKE = """ date 2024-03-14 Menu Content

Search

Korean
Search

English

About KBS Go to KBS
Go Top

Economy

Gov't Unveils Measures to Stabilize Prices of Farm Goods

Written: 2024-03-14 10:05:12Updated: 2024-03-14 10:30:00

Gov't Unveils Measures to Stabilize Prices of Farm Goods

Photo : YONHAP News

The government will spend 150 billion won to bring down the prices of fruit and vegetables.

Finance Minister Choi said on Thursday that discounts at U.S.-style warehouse stores will be expanded.

Apple prices have risen 71 percent from a year earlier.
List

Editor's Pick

Close

This website uses cookies and other technology to enhance quality of service. Continuous usage of the website will be considered as giving consent to the application of such technology and the policy of KBS. For further details >"""

KOREAN_PAGE = """KBS 뉴스
메뉴
검색
경제
정부, 농산물 가격 안정에 1,500억 원 투입
입력 2024.03.14 (09:40) 수정 2024.03.14 (10:02)
정부, 농산물 가격 안정에 1,500억 원 투입
정부가 과일과 채소 가격을 낮추기 위해 1,500억 원을 투입합니다.
사과 가격은 1년 전보다 71% 올랐습니다.
홍길동 기자 (gildong@kbs.co.kr)
저작권자 ⓒ KBS. 무단 전재 및 재배포 금지
많이 본 뉴스
다른 기사 제목입니다
"""

HTML_PAGE = """<html><head><meta charset="utf-8"><title>Rates frozen | KBS WORLD</title>
<meta property="og:title" content="BOK Freezes Key Rate">
<meta property="article:published_time" content="2024-07-11T11:48:20+09:00">
<link rel="canonical" href="https://world.kbs.co.kr/news/1"></head>
<body><nav><a href="/">Home</a><a href="/news">News</a></nav>
<article><h1>BOK Freezes Key Rate</h1>
<p>Photo : KBS News</p>
<p>The Bank of Korea kept its key interest rate unchanged at 3.5 percent on Thursday, the 12th freeze in a row.</p>
<p>The central bank said it needs to watch household debt and the exchange rate more closely.</p>
</article>
<div><h3>Editor's Pick</h3><a href="/x">Another headline that is not part of the story at all</a></div>
<footer>This website uses cookies and other technology to enhance quality of service. Continuous usage of the website will be considered as giving consent.</footer>
</body></html>"""


# KBS News writes a broadcast story as <br>-separated text under a tip-off box, which
# trafilatura's precision mode takes for the story
KBS_NEWS_HTML = """<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8"><title>외교장관, 미·일 외교장관과 통화 | KBS 뉴스</title>
<meta property="article:published_time" content="2024-06-22T14:57:00+09:00"></head>
<body><nav><a>정치</a><a>경제</a><a>사회</a></nav>
<div class="detail-title"><h4>외교장관, 미·일 외교장관과 통화</h4><span>입력 2024.06.22 (14:57)</span></div>
<div class="detail-body">[앵커]<br><br>조태열 외교부 장관이 미국과 일본 외교장관과 잇따라 통화했습니다.<br><br>[리포트]<br><br>
외교부는 조 장관이 블링컨 미 국무장관, 가미카와 일본 외무상과 각각 통화했다고 밝혔습니다.<br><br>
세 장관은 북·러 조약 체결이 안보에 심각한 위협이 된다는 데 의견을 같이했습니다.<br><br>
KBS 뉴스 김철수입니다.<br><br>촬영기자:이영희/영상편집:박민수</div>
<div class="box-content"><h5>■ 제보하기</h5><p>▷ 전화 : 02-781-1234, 4444</p><p>▷ 이메일 : kbs1234@kbs.co.kr</p></div>
<div><h3>많이 본 뉴스</h3><ul><li>北 미사일 발사</li></ul></div></body></html>"""


def _one(tmp_path, name, data, **kwargs):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    result = ingest_paths([path], **kwargs)
    assert not result.errors, result.errors
    assert len(result.articles) == 1
    return result.articles[0]


def test_seed_shaped_english_page(tmp_path):
    art = _one(tmp_path, "page.txt", SEED_LIKE)
    assert art.lang == "en"
    assert art.title == "Gov't Unveils Measures to Stabilize Prices of Farm Goods"
    assert art.published.startswith("2024-03-14T10:05:12")
    assert art.sentences == [
        "The government will spend 150 billion won to bring down the prices of fruit and vegetables.",
        "Finance Minister Choi said on Thursday that discounts at U.S.-style warehouse stores will be expanded.",
        "Apple prices have risen 71 percent from a year earlier.",
    ]
    for chrome in ("Photo", "List", "Editor", "cookies", "Menu", "Go Top", "Written"):
        assert chrome not in art.text


def test_korean_page_chrome_removed(tmp_path):
    art = _one(tmp_path, "ko.txt", KOREAN_PAGE)
    assert art.lang == "ko"
    assert art.title == "정부, 농산물 가격 안정에 1,500억 원 투입"
    assert art.published.startswith("2024-03-14T09:40:00")
    assert art.sentences == ["정부가 과일과 채소 가격을 낮추기 위해 1,500억 원을 투입합니다.",
                             "사과 가격은 1년 전보다 71% 올랐습니다."]


@pytest.mark.parametrize("name, page, first, later", [
    ("ko.txt", "정부, 소상공인 대출 지원\n입력 2024.07.03 (10:00)\n(서울=연합뉴스) 김철수 기자 = 정부가 소상공인에게 2조 원을 지원한다.\n"
               "(워싱턴=연합뉴스)의 보도도 나왔다고 기재부는 밝혔다.\n",
     "정부가 소상공인에게 2조 원을 지원한다.", "(워싱턴=연합뉴스)의 보도도 나왔다고 기재부는 밝혔다."),
    ("en.txt", "Gov't to Offer Loans to Small Businesses\nWritten: 2024-07-03 10:00:00\nSEOUL, July 3 (Yonhap) -- The government will offer "
               "2 trillion won in loans.\nWASHINGTON (AP) -- a report quoted the plan as well.\n",
     "The government will offer 2 trillion won in loans.", "WASHINGTON (AP) -- a report quoted the plan as well."),
])
def test_an_agency_dateline_leaves_the_first_sentence(tmp_path, name, page, first, later):
    """(서울=연합뉴스) 김철수 기자 = and SEOUL, July 3 (Yonhap) -- name the agency, the place and the
    reporter, which the other side does not translate; only the story's start has one."""
    art = _one(tmp_path, name, page)
    assert art.sentences == [first, later]


STORY = ["Foreign Minister Cho Tae-yul held phone talks with his U.S. and Japanese counterparts.",
         "The three agreed the treaty between North Korea and Russia poses a serious threat.",
         "Cho said any help for the North's military breaks UN Security Council resolutions."]


@pytest.mark.parametrize("page", [
    # Yonhap's English site: the time before the date, a dateline, the end mark, the tags
    "Yonhap News Agency\nMenu\nNational\nFM Cho Discusses Treaty with US, Japan\nAll News 14:57 June 22, 2024\n"
    "SEOUL, June 22 (Yonhap) -- " + "\n".join(STORY) + "\nkcs@yna.co.kr\n(END)\nKeywords\n#North Korea #Russia\n"
    "Related Articles\nKorea Fires Back at Pyongyang\n",
    # the site dates its stories at their end
    "Menu\nPolitics\nFM Cho Discusses Treaty with US, Japan\n" + "\n".join(STORY)
    + "\nPosted : 2024-06-22 14:57\nRelated Articles\nKorea Fires Back at Pyongyang\n",
    # a lead between the headline and the stamp
    "Menu\nFM Cho Discusses Treaty with US, Japan\n" + STORY[0] + "\nWritten: 2024-06-22 14:57:31\n"
    + "\n".join(STORY[1:]) + "\nList\nEditor's Pick\nKorea Fires Back at Pyongyang\n",
    # the story's last paragraph after an inline box
    "FM Cho Discusses Treaty with US, Japan\nWritten: 2024-06-22 14:57:31\n" + "\n".join(STORY[:2])
    + "\nRelated Articles\n" + STORY[2] + "\nList\nEditor's Pick\nKorea Fires Back at Pyongyang\n",
    # ... after a run of box headings
    "FM Cho Discusses Treaty with US, Japan\nWritten: 2024-06-22 14:57:31\n" + "\n".join(STORY[:2])
    + "\nRelated Articles\nTop News\n" + STORY[2] + "\nList\nEditor's Pick\nKorea Fires Back at Pyongyang\n",
])
def test_the_whole_story_wherever_the_stamp_and_boxes_are(tmp_path, page):
    art = _one(tmp_path, "page.txt", page)
    assert art.title == "FM Cho Discusses Treaty with US, Japan"
    assert art.published.startswith("2024-06-22T14:57")
    assert art.sentences == STORY


def test_a_korean_page_ends_at_its_list_and_editors_pick(tmp_path):
    """KBS World's Korean service: the same page as the English one, its boxes in Korean."""
    story = ["조태열 외교부 장관이 미국과 일본 외교장관과 각각 통화하고 대응 방안을 논의했습니다.",
             "세 장관은 북러 조약이 역내 평화와 안정에 심각한 위협이 된다는 데 인식을 같이했습니다."]
    art = _one(tmp_path, "page.txt", "날짜 2024-06-21 메뉴 바로가기\n검색\n한국어\n정치\n"
               "조태열 외교장관, 한미·한일 외교장관과 통화\n입력 2024-06-22 14:57:31수정 2024-06-22 15:16:46\n"
               "사진 : KBS 뉴스\n" + "\n".join(story) + "\n목록\n에디터 추천\n"
               "北, 동해상으로 탄도미사일 발사\n한은, 기준금리 12회 연속 동결\n닫기\n")
    assert art.title == "조태열 외교장관, 한미·한일 외교장관과 통화"
    assert art.published.startswith("2024-06-22T14:57")
    assert art.sentences == story


def test_html_page_metadata(tmp_path):
    art = _one(tmp_path, "page.html", HTML_PAGE)
    assert art.title == "BOK Freezes Key Rate"
    assert art.url == "https://world.kbs.co.kr/news/1"
    assert art.published == "2024-07-11T11:48:20+09:00"
    assert len(art.sentences) == 2
    assert "Photo" not in art.text and "headline" not in art.text and "cookies" not in art.text


def test_a_page_built_by_scripts_keeps_its_story_and_time_in_schema_org_data(tmp_path):
    page = ('<html lang="en"><head><title>Exports Rise | KBS WORLD</title><script type="application/ld+json">'
            '{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Exports Rise",'
            ' "datePublished": "2024-08-01T14:05:00+09:00", "articleBody": "South Korea\'s exports rose for the '
            'tenth straight month in July. The trade ministry said shipments grew 13.9 percent."}</script></head>'
            '<body><div id="root"></div><script src="/app.js"></script></body></html>')
    art = _one(tmp_path, "app.html", page)
    assert art.published == "2024-08-01T14:05:00+09:00"
    assert art.sentences == ["South Korea's exports rose for the tenth straight month in July.",
                             "The trade ministry said shipments grew 13.9 percent."]


def test_a_story_in_br_separated_text_under_a_tip_box(tmp_path):
    art = _one(tmp_path, "kbs.html", KBS_NEWS_HTML)
    assert art.published == "2024-06-22T14:57:00+09:00"
    assert art.sentences == ["조태열 외교부 장관이 미국과 일본 외교장관과 잇따라 통화했습니다.",
                             "외교부는 조 장관이 블링컨 미 국무장관, 가미카와 일본 외무상과 각각 통화했다고 밝혔습니다.",
                             "세 장관은 북·러 조약 체결이 안보에 심각한 위협이 된다는 데 의견을 같이했습니다."]


KBS_WORLD_HTML = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>FM Cho Discusses Treaty with US, Japan | KBS WORLD</title>
<meta property="og:title" content="FM Cho Discusses Treaty with US, Japan"></head>
<body><div id="header"><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li>中文</li><li>日本語</li></ul></div>
<div class="view"><h2 class="title">FM Cho Discusses Treaty with US, Japan</h2>
<p class="date">Written: 2024-06-22 14:57:31<br>Updated: 2024-06-22 15:16:46</p>
<div class="body_txt"><div class="photo"><img src="a.jpg"><span>Photo : YONHAP News</span></div>
Foreign Minister Cho Tae-yul held phone talks with his U.S. and Japanese counterparts.<br><br>
The three agreed the treaty between North Korea and Russia poses a serious threat to their security.<br><br>
Cho said any cooperation that helps the North's military buildup violates UN Security Council resolutions.<br><br>
He also explained Seoul's unilateral sanctions.
</div></div>
<div class="related"><h3>Editor's Pick</h3><ul><li><a href="/1">Korea Fires Back at Pyongyang</a></li><li><a href="/2">BOK Freezes Rate</a></li></ul></div>
<footer>Copyright © KBS WORLD Radio All Rights Reserved.</footer></body></html>"""


def test_an_html_stamp_gives_the_time_of_day(tmp_path):
    """trafilatura dates this page by the day only; the labelled stamp has the time."""
    art = _one(tmp_path, "en.html", KBS_WORLD_HTML)
    assert art.published == "2024-06-22T14:57:31+09:00"
    assert len(art.sentences) == 4 and "Photo" not in art.text and "Rate" not in art.text


def test_jsonl_records(tmp_path):
    rows = [{"id": "a1", "lang": "ko", "title": "제목", "date": "2024-01-02", "url": "u1",
             "text": "첫 문장입니다. 둘째 문장입니다.\n홍길동 기자 (gildong@kbs.co.kr)"},
            {"id": "b2", "lang": "en", "title": "Title", "date": "2024-01-03", "url": "u2",
             "text": "First sentence. Second one."}]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    result = ingest_paths([path])
    assert [a.id for a in result.articles] == ["a1", "b2"]
    assert result.articles[0].sentences == ["첫 문장입니다.", "둘째 문장입니다."]
    assert result.articles[1].published == "2024-01-03"
    assert result.articles[1].url == "u2"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp949", "euc-kr"])
def test_encodings(tmp_path, encoding):
    art = _one(tmp_path, f"ko-{encoding}.txt", KOREAN_PAGE.encode(encoding))
    assert art.title == "정부, 농산물 가격 안정에 1,500억 원 투입"
    assert len(art.sentences) == 2


def test_lang_override(tmp_path):
    art = _one(tmp_path, "page.txt", SEED_LIKE, lang="ko")
    assert art.lang == "ko"


def test_bad_files_reported_and_batch_goes_on(tmp_path):
    (tmp_path / "good.txt").write_text(SEED_LIKE, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (tmp_path / "garbage.txt").write_bytes(bytes(range(0x80, 0xff)) * 4)
    (tmp_path / "broken.jsonl").write_text('{"id": "x", "text": "An article of one sentence."}\n{not json\n',
                                            encoding="utf-8")
    result = ingest_paths([tmp_path])
    assert len(result.articles) == 2 and "x" in {a.id for a in result.articles}
    reasons = {Path(p.path).name: (p.line, p.message) for p in result.errors}
    assert reasons["empty.txt"] == (None, "empty file")
    assert reasons["binary.txt"] == (None, "binary file (a PNG image), not text")
    assert reasons["garbage.txt"] == (None, "not text in UTF-8, UTF-16, CP949/EUC-KR or Windows-1252")
    assert reasons["broken.jsonl"][0] == 2 and "invalid JSON" in reasons["broken.jsonl"][1]


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "aligner", *args], capture_output=True, text=True)


def test_cli_exit_codes_and_atomic_output(tmp_path):
    (tmp_path / "good.txt").write_text(SEED_LIKE, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    out = tmp_path / "out" / "articles.jsonl"
    done = _cli("ingest", str(tmp_path), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert f"{tmp_path / 'empty.txt'}: empty file" in done.stderr
    assert "ingested 1 articles" in done.stderr
    assert len(read_articles(out)) == 1
    assert [p.name for p in out.parent.iterdir()] == ["articles.jsonl"]  # no temporary left behind

    assert _cli("ingest", str(tmp_path), "--out", str(out), "--strict").returncode == 1
    assert _cli("ingest", str(tmp_path / "empty.txt"), "--out", str(tmp_path / "none.jsonl")).returncode == 1


def test_sample_corpus(tmp_path):
    root = Path(__file__).resolve().parents[1] / "corpora" / "sample"
    result = ingest_paths([root])
    assert not result.errors
    langs = [a.lang for a in result.articles]
    assert langs.count("ko") >= 8 and langs.count("en") >= 8
    for art in result.articles:
        assert art.title and art.sentences and art.published
        assert not any("@" in s or "ⓒ" in s or "cookies" in s for s in art.sentences)


def test_duplicate_articles_are_skipped_with_a_notice(tmp_path):
    (tmp_path / "a.txt").write_text(SEED_LIKE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(SEED_LIKE, encoding="utf-8")
    result = ingest_paths([tmp_path])
    assert len(result.articles) == 1 and not result.errors
    [notice] = result.problems
    assert notice.level == "notice" and notice.path == str(tmp_path / "b.txt")
    assert f"already read from {tmp_path / 'a.txt'} (same text): skipped" in notice.message


def test_character_references_left_in_text_are_decoded(tmp_path):
    """Scrapers and CMSs leave "&quot;" in text (and in HTML, escaped twice: "&amp;quot;");
    a record may even hold its markup escaped.  "AT&T" and "R&D" are text."""
    rows = [{"id": "k1", "lang": "ko", "title": "&quot;단호히 대응&quot;…외교장관 통화",
             "text": "조 장관은 &#8220;북한의 도발에 단호히 대응하겠다&#8221;고 말했습니다.\n"
                     "그는 &lt;뉴스&nbsp;9&gt;에 출연해 R&amp;D 예산도 언급했습니다."},
            {"id": "k2", "lang": "ko", "title": "외교장관 통화",
             "text": "&lt;p&gt;조태열 외교부 장관이 미국과 일본 외교장관과 통화했습니다.&lt;/p&gt;"
                     "&lt;p&gt;세 장관은 조약이 심각한 위협이라는 데 의견을 같이했습니다.&lt;/p&gt;"}]
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in rows) + "\n", encoding="utf-8")
    (tmp_path / "page.html").write_text(
        "<html><body><article><h1>AT&amp;T&amp;amp;quot;s Korea Deal</h1><p>AT&amp;T said &amp;quot;the deal is "
        "done&amp;quot; on Friday, after months of talks.</p><p>The company will invest 3 billion dollars in "
        "Korean networks.</p></article></body></html>", encoding="utf-8")
    result = ingest_paths([tmp_path])
    assert not result.errors, result.errors
    by_id = {a.id: a for a in result.articles if a.lang == "ko"}
    one, two = by_id["k1"], by_id["k2"]
    [page] = [a for a in result.articles if a.lang == "en"]
    assert one.title == '"단호히 대응"…외교장관 통화'
    assert one.sentences == ["조 장관은 “북한의 도발에 단호히 대응하겠다”고 말했습니다.",
                             "그는 <뉴스 9>에 출연해 R&D 예산도 언급했습니다."]
    assert two.sentences == ["조태열 외교부 장관이 미국과 일본 외교장관과 통화했습니다.",
                             "세 장관은 조약이 심각한 위협이라는 데 의견을 같이했습니다."]
    assert page.sentences[0] == 'AT&T said "the deal is done" on Friday, after months of talks.'


def test_a_wrapped_page_with_character_references_is_joined_as_it_was_wrapped(tmp_path):
    """The page was wrapped with its references in it ("&#241;" counted as six columns): they
    are decoded once its lines are joined."""
    story = ["Only Mexican-grown raw jalape&#241;os and raw serrano peppers have been linked to the "
             "salmonella outbreak, a spokesman for the Food and Drug Administration said on Friday.",
             "Mexican officials said the findings were premature, even as the FDA said a contaminated "
             "jalape&#241;o pepper had come from a farm in Mexico and warned consumers against eating them.",
             "The agency said its traceback studies of food eaten by the victims who became sick pointed "
             "to the same farm, and that the investigation of the outbreak was still going on."]
    page = "FDA Links Outbreak to Mexican Peppers\nWritten: 2024-06-22 14:57:31\n\n" + "\n\n".join(
        "\n".join(textwrap.wrap(paragraph, 60)) for paragraph in story) + "\n"
    art = _one(tmp_path, "page.txt", page)
    assert art.sentences == [paragraph.replace("&#241;", "ñ") for paragraph in story]


BILINGUAL = [
    ("Foreign Minister Cho Tae-yul held phone talks with U.S. Secretary of State Antony Blinken on Friday.",
     "조태열 외교부 장관은 21일 토니 블링컨 미국 국무장관과 전화 통화를 했다."),
    ("The two agreed that the treaty between North Korea and Russia poses a serious threat to peace.",
     "두 장관은 북한과 러시아 간 조약이 평화에 심각한 위협이 된다는 데 의견을 같이했다."),
    ("Cho explained Seoul's new unilateral sanctions on the North and its export controls on Russia.",
     "조 장관은 정부의 새로운 대북 독자 제재와 대러 수출통제 조치를 설명했다."),
    ("Blinken thanked Cho for Seoul's continued support for Ukraine in its war against Russia.",
     "블링컨 장관은 우크라이나에 대한 한국의 지속적인 지원에 사의를 표했다."),
]


def test_a_bilingual_page_is_read_as_a_korean_and_an_english_article(tmp_path):
    lines = [line for pair in BILINGUAL for line in pair]
    page = "Bilingual News\nFM Cho Holds Talks with Blinken\nPublished: 22 Jun. 2024, 14:57\n" + "\n".join(lines)
    (tmp_path / "page.txt").write_text(page, encoding="utf-8")
    result = ingest_paths([tmp_path])
    ko, en = sorted(result.articles, key=lambda a: a.lang, reverse=True)
    assert ko.sentences == [k for _, k in BILINGUAL] and en.sentences == [e for e, _ in BILINGUAL]
    assert en.title == "FM Cho Holds Talks with Blinken" and ko.published == en.published
    assert any("a bilingual page" in p.message for p in result.problems)
    # the language forced: one article, as asked
    assert len(ingest_paths([tmp_path], lang="en").articles) == 1


@pytest.mark.parametrize("other", [
    # a quoted English statement
    ["그는 이렇게 말했다.", BILINGUAL[0][0], BILINGUAL[1][0]],
    # lines holding a sentence in both languages glued together (a learner's page)
    [f"{english}{korean}" for english, korean in BILINGUAL],
])
def test_a_story_with_some_english_is_not_bilingual(tmp_path, other):
    story = [k for _, k in BILINGUAL] + other
    (tmp_path / "page.txt").write_text("외교장관 통화\n입력 2024.06.22 (14:57)\n" + "\n".join(story), encoding="utf-8")
    [article] = ingest_paths([tmp_path]).articles
    assert article.lang == "ko"


def test_records_as_news_crawlers_write_them(tmp_path):
    """news-please (maintext, date_publish, language), newspaper3k (publish_date), a story as a
    list of paragraphs, a link instead of a url."""
    rows = [{"title": "FM Cho Holds Talks", "maintext": " ".join(STORY), "date_publish": "2024-06-22 14:57:31",
             "language": "en", "url": "https://en.yna.co.kr/1", "source_domain": "en.yna.co.kr"},
            {"title": "외교장관 통화", "text": [k for _, k in BILINGUAL], "publish_date": "2024-06-22T14:57:31+09:00",
             "link": "https://www.yna.co.kr/1", "language": "ko"}]
    path = tmp_path / "crawl.jsonl"
    path.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in rows) + "\n", encoding="utf-8")
    result = ingest_paths([path])
    assert not result.errors and not result.problems
    en, ko = result.articles
    assert en.sentences == STORY and en.published == "2024-06-22T14:57:31+09:00" and en.url == "https://en.yna.co.kr/1"
    assert ko.sentences == [k for _, k in BILINGUAL] and ko.url == "https://www.yna.co.kr/1"


def test_records_that_kept_their_markup(tmp_path):
    """A record's text may hold the story's HTML (a fragment, or the whole page)."""
    rows = [{"id": "k1", "lang": "ko", "title": "외교장관 통화", "date": "2024-06-22",
             "text": "<p>조태열 외교부 장관이 미국과 일본 외교장관과 통화했습니다.</p><p>세 장관은 조약이 심각한 위협이라는 데 "
                     "의견을 같이했습니다.<br/>[사진 출처 : 연합뉴스]</p><script>var x = 1;</script>"},
            {"id": "e1", "lang": "en", "date": "2024-06-22", "url": "https://world.kbs.co.kr/news/1",
             "text": KBS_WORLD_HTML}]
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in rows) + "\n", encoding="utf-8")
    result = ingest_paths([path])
    assert not result.errors, result.errors
    ko, en = sorted(result.articles, key=lambda a: a.lang, reverse=True)
    assert ko.sentences == ["조태열 외교부 장관이 미국과 일본 외교장관과 통화했습니다.",
                            "세 장관은 조약이 심각한 위협이라는 데 의견을 같이했습니다."]
    assert en.title == "FM Cho Discusses Treaty with US, Japan"
    assert en.url == "https://world.kbs.co.kr/news/1" and en.published.startswith("2024-06-22")
    assert len(en.sentences) == 4 and "<" not in en.text and "Rate" not in en.text
