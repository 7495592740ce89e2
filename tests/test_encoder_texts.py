"""What the encoder reads: Korean news Hanja in Hangul, news abbreviations spelled out; the rows keep
the text as written."""

import dataclasses
from pathlib import Path

import pytest

from aligner.bitext import align_article_pair
from aligner.embed import encoder_texts, load_encoder
from aligner.abbreviations import spelled_out
from aligner.hanja import hangul_reading
from aligner.ingest import ingest_paths
from aligner.records import Article

PAGES = Path(__file__).resolve().parent / "data" / "pages"


@pytest.mark.parametrize("text, read", [
    ("北, 동해상으로 탄도미사일 발사", "북한, 동해상으로 탄도미사일 발사"),  # a lone abbreviation: the word
    ("美·日 외교장관과 통화", "미국·일본 외교장관과 통화"),
    ("與野, 예산안 합의 불발", "여야, 예산안 합의 불발"),  # a run: its reading
    ("韓美日 정상회의", "한미일 정상회의"),
    ("檢, 前 장관 구속영장 청구", "검찰, 전 장관 구속영장 청구"),
    ("에너지省 차관과 IBM社, 서울發 열차", "에너지성 차관과 IBM사, 서울발 열차"),  # suffixes: the reading
    ("3月 5日 회의", "3월 5일 회의"),
    ("현존하는 최고(最古)의 사본", "현존하는 최고의 사본"),  # a gloss of the word before it
    ("신장위구르(新疆維吾爾)자치구", "신장위구르자치구"),
    ("金값 급등", "金값 급등"),  # not a news abbreviation: left as it is
    ("鮮于 씨와 北韓", "鮮于 씨와 북한"),
    ("한자가 없는 문장입니다.", "한자가 없는 문장입니다."),
])
def test_news_hanja_are_read_in_hangul(text, read):
    assert hangul_reading(text) == read


@pytest.mark.parametrize("text, full", [
    ("The BOK kept the base rate at 3.5 percent.", "The Bank of Korea kept the base rate at 3.5 percent."),
    ("The Bank of Korea (BOK) said", "The Bank of Korea said"),  # a definition: the acronym is left out
    ("The JCS said N. Korea fired a missile.", "The Joint Chiefs of Staff said North Korea fired a missile."),
    ("The DP rejected the PPP's proposal.", "The Democratic Party rejected the People Power Party's proposal."),
    ("FM Cho Tae-yul and PM Han Duck-soo", "Foreign Minister Cho Tae-yul and Prime Minister Han Duck-soo"),
    ("Gov’t to Offer 2 Tril. Won in Loans", "Government to Offer 2 trillion Won in Loans"),
    ("Talks resume at 3 PM Monday in S. Korea", "Talks resume at 3 PM Monday in South Korea"),  # a time stays
    ("DPS and PPPs are other words", "DPS and PPPs are other words"),
    ("The North fired; the North Korean leader and the North Pole", "North Korea fired; the North Korean leader and "
                                                                    "the North Pole"),
])
def test_english_news_abbreviations_are_spelled_out(text, full):
    assert spelled_out(text, "en") == full


@pytest.mark.parametrize("text, full", [
    ("한은은 기준금리를 동결했다.", "한국은행은 기준금리를 동결했다."),
    ("안보리가 북핵 문제를 논의했다.", "유엔 안전보장이사회가 북한 핵 문제를 논의했다."),
    ("한미 정상회담과 한미일 협력", "한국·미국 정상회담과 한국·미국·일본 협력"),
    ("노조원들이 노조의 결정에 반발", "노조원들이 노동조합의 결정에 반발"),  # a whole word only
    ("한미약품 주가가 올랐다.", "한미약품 주가가 올랐다."),
])
def test_korean_news_abbreviations_are_spelled_out(text, full):
    assert spelled_out(text, "ko") == full


def test_each_language_is_read_its_own_way():
    assert encoder_texts(["Xi 習 visits the BOK"], "en") == ["Xi 習 visits the Bank of Korea"]
    assert encoder_texts(["習 주석, BOK 방문"], "ko") == ["시진핑 주석, BOK 방문"]
    assert encoder_texts(["韓美 정상회담"], "ko") == ["한국·미국 정상회담"]  # Hanja first, then the abbreviation


def test_an_abbreviated_sentence_aligns_as_the_spelled_out_one_and_is_shown_as_written():
    encoder = load_encoder()
    ko = ["한국은행은 기준금리를 연 3.5%로 동결했다고 밝혔습니다.", "합참은 북한이 단거리 탄도미사일을 발사했다고 밝혔다."]
    en = ["The BOK kept the base rate at 3.5 percent.", "The JCS said N. Korea fired a short-range ballistic missile."]
    written = align_article_pair(_article("ko", ko), _article("en", en), encoder)
    spelled = align_article_pair(_article("ko", ko), _article("en", [spelled_out(s, "en") for s in en]), encoder)
    assert [r.en for r in written] == en
    assert [r.similarity for r in written] == [r.similarity for r in spelled]
    as_written = encoder.encode(en)
    assert written[0].similarity > float(encoder.encode(ko[:1])[0] @ as_written[0]) + 0.1
    # the same on the Korean side
    short = ["한은은 기준금리를 연 3.5%로 동결했다고 밝혔습니다.", ko[1]]
    row = align_article_pair(_article("ko", short), _article("en", en), encoder)[0]
    assert row.ko == short[0] and row.similarity == written[0].similarity


def _article(lang, sentences):
    return Article(id=f"{lang}-1", lang=lang, title="", text="\n".join(sentences), sentences=sentences)


def test_a_hanja_headline_is_embedded_as_its_reading_and_shown_as_written():
    """The title row of a headline written with 北 scores as the same headline with 북한 does
    (the encoder reads 北 poorly), and the row still shows 北."""
    articles = {a.lang: a for a in ingest_paths([PAGES / "ko-smallbiz.txt", PAGES / "en-smallbiz.txt"]).articles}
    encoder = load_encoder()

    def title_row(title):
        return align_article_pair(dataclasses.replace(articles["ko"], title=title), articles["en"], encoder,
                                  titles=True)[0]

    headline = "政, 소상공인에 2兆 원 저금리 대출"
    written, read = title_row(headline), title_row("정부, 소상공인에 2조 원 저금리 대출")
    assert written.ko == headline and written.similarity == read.similarity
    as_written = encoder.encode([headline, articles["en"].title])
    assert written.similarity > float(as_written[0] @ as_written[1]) + 0.01
