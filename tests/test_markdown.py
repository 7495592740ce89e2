"""Markdown pages, as Firecrawl, Jina Reader or crawl4ai write them, read as their story."""

import json

from aligner.ingest import ingest_paths
from aligner.ingest.markdown import looks_like_markdown, markdown_lines

EN_MD = """[Skip to content](#main)

* [Home](https://world.kbs.co.kr/)
* [News](https://world.kbs.co.kr/news)
* [Korean](https://world.kbs.co.kr/ko)

# FM Cho Discusses N. Korea-Russia Treaty with US, Japanese Counterparts

**Written: 2024-06-22 14:57:31** Updated: 2024-06-22 15:16:46

![FM Cho](https://world.kbs.co.kr/images/cho.jpg)
*Photo : YONHAP News*

Foreign Minister **Cho Tae-yul** held phone talks with his [U.S.](https://en.wikipedia.org/wiki/United_States) and Japanese counterparts.

The three agreed the treaty between North Korea and Russia poses a serious threat to their security.

> Cho said any cooperation that helps the North's military buildup violates UN Security Council resolutions.

He also explained Seoul's unilateral sanctions.

## Editor's Pick

* [Korea Fires Back at Pyongyang](https://world.kbs.co.kr/news/2)
"""

KO_MD = """# 외교장관, 미·일 외교장관과 통화…“북·러 조약 심각한 위협”

입력 2024.06.22 (14:57)

![](https://news.kbs.co.kr/data/photo.jpg)

조태열 외교부 장관이 미국과 일본 외교장관과 잇따라 통화했습니다.

외교부는 조 장관이 블링컨 미 국무장관, 가미카와 일본 외무상과 각각 통화했다고 밝혔습니다.

세 장관은 북·러 포괄적 전략적 동반자 조약 체결이 안보에 심각한 위협이 된다는 데 의견을 같이했습니다.

- "북한의 군사력 증강을 돕는 어떤 협력도 안보리 결의 위반입니다."

조 장관은 우리 정부의 독자 제재도 설명했습니다.

### 많이 본 뉴스

1. [北 미사일 발사](https://news.kbs.co.kr/1)
"""

EN_STORY = [
    "Foreign Minister Cho Tae-yul held phone talks with his U.S. and Japanese counterparts.",
    "The three agreed the treaty between North Korea and Russia poses a serious threat to their security.",
    "Cho said any cooperation that helps the North's military buildup violates UN Security Council resolutions.",
    "He also explained Seoul's unilateral sanctions.",
]


def _articles(paths):
    result = ingest_paths(paths)
    assert not result.errors, result.errors
    return {article.lang: article for article in result.articles}


def test_a_folder_of_markdown_pages_gives_their_stories_and_skips_its_readme(tmp_path):
    (tmp_path / "en.md").write_text(EN_MD, encoding="utf-8")
    (tmp_path / "ko.md").write_text(KO_MD, encoding="utf-8")
    (tmp_path / "README.md").write_text("# Our corpus\n\nScraped with [Firecrawl](https://firecrawl.dev).\n",
                                        encoding="utf-8")
    articles = _articles([tmp_path])
    assert set(articles) == {"en", "ko"}
    en, ko = articles["en"], articles["ko"]
    assert en.title == "FM Cho Discusses N. Korea-Russia Treaty with US, Japanese Counterparts"
    assert en.published.startswith("2024-06-22T14:57:31")
    assert en.sentences == EN_STORY
    assert ko.title == "외교장관, 미·일 외교장관과 통화…“북·러 조약 심각한 위협”"
    assert ko.sentences[0] == "조태열 외교부 장관이 미국과 일본 외교장관과 잇따라 통화했습니다."
    assert ko.sentences[3] == '"북한의 군사력 증강을 돕는 어떤 협력도 안보리 결의 위반입니다."'
    assert len(ko.sentences) == 5
    for text in (en.text, ko.text):
        assert "](" not in text and "**" not in text and "http" not in text and "#" not in text


def test_a_jsonl_record_with_a_markdown_field(tmp_path):
    path = tmp_path / "crawl.jsonl"
    path.write_text(json.dumps({"id": "w1", "lang": "en", "title": "FM Cho Discusses Treaty", "markdown": EN_MD}) + "\n",
                    encoding="utf-8")
    assert _articles([path])["en"].sentences == EN_STORY


def test_a_jina_reader_page(tmp_path):
    story = "\n\n".join(EN_STORY)
    page = ("Title: FM Cho Discusses Treaty\n\nURL Source: https://world.kbs.co.kr/news/1\n\n"
            "Published Time: 2024-06-22T14:57:31+09:00\n\nMarkdown Content:\n" + story + "\n")
    (tmp_path / "page.txt").write_text(page, encoding="utf-8")
    article = _articles([tmp_path])["en"]
    assert article.title == "FM Cho Discusses Treaty"
    assert article.published == "2024-06-22T14:57:31+09:00"
    assert article.sentences == EN_STORY


def test_front_matter_of_a_static_site_export(tmp_path):
    """Hugo and Jekyll exports start with front matter: its title and date are the headline and
    the stamp, the rest of it (tags, a URL) is no story; TOML front matter too."""
    story = "\n\n".join(EN_STORY)
    (tmp_path / "yaml.md").write_text('---\ntitle: "FM Cho: Treaty a Threat"\ndate: 2024-06-22T14:57:31+09:00\n'
                                      "url: /news/1\ntags:\n  - diplomacy\n---\n\n" + story + "\n", encoding="utf-8")
    (tmp_path / "toml.md").write_text("+++\ntitle = 'FM Cho: Treaty a Threat'\ndate = 2024-06-22T14:57:31+09:00\n"
                                      "[params]\nurl = '/news/1'\n+++\n" + story.replace("Cho", "Cho Tae-yul", 1) + "\n",
                                      encoding="utf-8")
    articles = ingest_paths([tmp_path]).articles
    assert len(articles) == 2
    for article in articles:
        assert article.title == "FM Cho: Treaty a Threat"
        assert article.published == "2024-06-22T14:57:31+09:00"
        assert len(article.sentences) == len(EN_STORY) and not any("url" in s for s in article.sentences)


def test_a_text_between_two_rules_is_no_front_matter():
    assert markdown_lines("---\nPresident Meets Envoy\n---\n**Written:** 2024-06-22") == [
        "", "President Meets Envoy", "", "Written: 2024-06-22"]


def test_markup_goes_and_the_text_stays():
    lines = markdown_lines("## Seoul **raises** the [base rate](https://x.kr/a_(b)) to 3.5\\%\n"
                           "> * 1. ![chart](c.png) _Exports_ rose `5%`\n---\n[1]: https://x.kr\n| a | b |\n|---|---|")
    assert lines == ["Seoul raises the base rate to 3.5%", "Exports rose 5%", "", "", "| a | b |", ""]


def test_plain_pages_are_not_markdown():
    assert not looks_like_markdown("[앵커]\n정부가 대책을 발표했습니다. [사진]\n#1 seed Korea beat Japan.\n"
                                   "The *real* cost was high.\nSee news.kbs.co.kr (2024).")


def test_a_firecrawl_response_named_on_the_command_line(tmp_path):
    path = tmp_path / "crawl.json"
    path.write_text(json.dumps({"success": True, "data": [
        {"markdown": EN_MD, "metadata": {"title": "FM Cho Discusses Treaty | KBS WORLD",
                                          "sourceURL": "https://world.kbs.co.kr/1"}},
        {"markdown": KO_MD, "metadata": {"title": "외교장관 통화", "sourceURL": "https://news.kbs.co.kr/2"}}]},
        ensure_ascii=False), encoding="utf-8")
    articles = _articles([path])
    assert articles["en"].sentences == EN_STORY and articles["en"].url == "https://world.kbs.co.kr/1"
    assert articles["en"].title == "FM Cho Discusses Treaty"  # without the site's name
    assert articles["ko"].title == "외교장관 통화" and len(articles["ko"].sentences) == 5


def test_hostile_markup_is_read_in_linear_time():
    """Unclosed spans by the thousand ("[[[[…", "**a **a …") are text, read in one pass."""
    for text in ("[" * 20000 + "]" * 20000, "**a " * 10000, "# a" + " " * 50000 + "b", "![a](b " * 10000):
        assert len(markdown_lines(text)) == 1


def test_markdown_with_html_tags_in_it(tmp_path):
    page = EN_MD.replace("He also explained", "He also<br>explained").replace(
        "The three agreed", "<span class=lead>The three agreed</span>")
    (tmp_path / "en.md").write_text(page, encoding="utf-8")
    article = _articles([tmp_path])["en"]
    assert article.title == "FM Cho Discusses N. Korea-Russia Treaty with US, Japanese Counterparts"
    assert article.sentences[:3] == EN_STORY[:3] and "explained Seoul's unilateral sanctions." in article.sentences[-1]
