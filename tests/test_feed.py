"""News feeds (RSS 2.0, RSS 1.0, Atom) are read item by item."""

from pathlib import Path

from aligner.ingest import ingest_paths

EN = ["Foreign Minister Cho Tae-yul discussed response steps to the summit with his U.S. and Japanese counterparts.",
      "The three ministers shared the view that the treaty poses a serious threat to their security."]
KO = ["조태열 외교부 장관이 미국과 일본 외교장관과 각각 통화하고 대응 방안을 논의했습니다.",
      "세 장관은 북러 조약이 자국 안보에 심각한 위협이 된다는 데 인식을 같이했습니다."]

RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>KBS WORLD News</title><link>https://world.kbs.co.kr</link>
<item><title>FM Cho Discusses Treaty with US, Japan</title>
<link>https://world.kbs.co.kr/news/1</link><pubDate>Sat, 22 Jun 2024 14:57:31 +0900</pubDate>
<description>Foreign Minister Cho discussed the summit.</description>
<content:encoded><![CDATA[<p>{EN[0]}</p><p>Photo : KBS News</p><p>{EN[1]}</p>]]></content:encoded></item>
<item><title>Rates & prices</title><link>https://world.kbs.co.kr/news/2</link></item>
</channel></rss>"""

ATOM = f"""<?xml version="1.0" encoding="euc-kr"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>KBS 뉴스</title>
<entry><title type="html">&lt;b&gt;조태열&lt;/b&gt; 외교장관, 한미·한일 통화</title>
<link rel="alternate" href="https://news.kbs.co.kr/news/1"/><link rel="enclosure" href="https://news.kbs.co.kr/1.jpg"/>
<published>2024-06-22T14:57:31+09:00</published>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>{KO[0]}</p><p>{KO[1]}</p></div></content></entry>
</feed>"""


def test_rss_and_atom_items_are_articles(tmp_path):
    (tmp_path / "world.rss").write_text(RSS, encoding="utf-8")
    (tmp_path / "news.xml").write_bytes(ATOM.encode("cp949"))
    result = ingest_paths([tmp_path])
    en = next(a for a in result.articles if a.lang == "en")
    assert en.title == "FM Cho Discusses Treaty with US, Japan" and en.sentences == EN  # the whole story
    assert en.url == "https://world.kbs.co.kr/news/1" and en.published == "2024-06-22T14:57:31+09:00"
    ko = next(a for a in result.articles if a.lang == "ko")
    assert ko.sentences == KO and ko.url == "https://news.kbs.co.kr/news/1"
    assert ko.title == "조태열 외교장관, 한미·한일 통화"
    assert [(Path(p.path).name, p.line, p.message) for p in result.errors] == [
        ("world.rss", 8, "feed item without a story (no content or description)")]


def test_a_feed_never_reads_other_files_and_a_sitemap_is_no_page(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-TOKEN", encoding="utf-8")
    (tmp_path / "feed.rss").write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret}">]>\n<rss><channel><item>'
        f"<title>T</title><description>{EN[0]} &x; {EN[1]}</description></item></channel></rss>", encoding="utf-8")
    (tmp_path / "sitemap.xml").write_text('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/'
                                          'sitemap/0.9"><url><loc>https://world.kbs.co.kr/1</loc></url></urlset>')
    result = ingest_paths([tmp_path / "feed.rss", tmp_path / "sitemap.xml"])
    [article] = result.articles
    assert "SECRET" not in article.text and article.sentences[0] == EN[0]
    assert not result.errors
    assert any(p.path.endswith("sitemap.xml") and p.message.startswith("an XML file that is neither")
               for p in result.problems)


def test_html_entities_and_bare_ampersands_in_a_sloppy_feed_keep_the_text(tmp_path):
    """XML defines five entities; feeds hold HTML's ("&rsquo;", "&nbsp;") and bare ampersands,
    which would cut the text where they stand."""
    (tmp_path / "feed.xml").write_text(
        "<rss><channel><item><title>Cho&rsquo;s Talks at AT&T</title><description>Foreign Minister Cho&rsquo;s "
        "talks with his U.S.&nbsp;counterpart ended on Friday in Washington. AT&T said &quot;the deal&quot; "
        "is done.</description></item></channel></rss>", encoding="utf-8")
    [article] = ingest_paths([tmp_path]).articles
    assert article.title == "Cho’s Talks at AT&T"
    assert article.sentences == ["Foreign Minister Cho’s talks with his U.S. counterpart ended on Friday in "
                                 "Washington.", 'AT&T said "the deal" is done.']
