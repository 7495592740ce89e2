import pytest

from aligner.segment import sentence_count, split_sentences

KOREAN = [
    ('그는 “북한의 도발을 용납하지 않겠다”라고 말했다. 야당은 반발했다.',
     ['그는 “북한의 도발을 용납하지 않겠다”라고 말했다.', '야당은 반발했다.']),
    ('정부가 대책을 발표했다.이에 야당은 반발했다.', ['정부가 대책을 발표했다.', '이에 야당은 반발했다.']),
    ('넙치 3,000마리가 폐사했다. 피해액은 1억 원이다.', ['넙치 3,000마리가 폐사했다.', '피해액은 1억 원이다.']),
    ('물가는 1.5% 올랐다. 금리는 동결됐다.', ['물가는 1.5% 올랐다.', '금리는 동결됐다.']),
    ('주가는 $30.45로 마감했다. 거래량은 늘었다.', ['주가는 $30.45로 마감했다.', '거래량은 늘었다.']),
    ('미 국무부(U.S. State Department)는 성명을 냈다. 내용은 짧았다.',
     ['미 국무부(U.S. State Department)는 성명을 냈다.', '내용은 짧았다.']),
    ('정말일까요? “우리는 준비가 됐다”고 강조했다.', ['정말일까요?', '“우리는 준비가 됐다”고 강조했다.']),
    ('물가는 올랐다… 그러나 정부는 침묵했다.', ['물가는 올랐다…', '그러나 정부는 침묵했다.']),
    ('홍길동 기자 (gildong@kbs.co.kr) 서울은 맑겠습니다.', ['홍길동 기자 (gildong@kbs.co.kr)', '서울은 맑겠습니다.']),
    ('대책을 마련하겠습니다. 홍길동 기자 gildong@kbs.co.kr',
     ['대책을 마련하겠습니다.', '홍길동 기자 gildong@kbs.co.kr']),
    ('경기는 3대 1로 끝났다! 관중은 환호했다.', ['경기는 3대 1로 끝났다!', '관중은 환호했다.']),
    ('첫 문단이다.\n둘째 문단이다', ['첫 문단이다.', '둘째 문단이다']),
    ('1.5km 구간이 통제됐다. 우회로를 이용해야 한다.', ['1.5km 구간이 통제됐다.', '우회로를 이용해야 한다.']),
    ('회의는 오후 3시(현지시간) 열렸다. 결론은 없었다.', ['회의는 오후 3시(현지시간) 열렸다.', '결론은 없었다.']),
    ('“무엇을 해야 합니까?”라고 그가 물었다. 답은 없었다.',
     ['“무엇을 해야 합니까?”라고 그가 물었다.', '답은 없었다.']),
    ('   ', []),
    # quotations: one unit however many sentences they hold, with their quotative ending
    ('야당은 즉각 반박했다. "아닙니다. 사실과 다릅니다."라고 말했다.',
     ['야당은 즉각 반박했다.', '"아닙니다. 사실과 다릅니다."라고 말했다.']),
    ('정부는 대책을 발표했다. "이번 조치로 물가가 안정될 것"이라고 설명했다.',
     ['정부는 대책을 발표했다.', '"이번 조치로 물가가 안정될 것"이라고 설명했다.']),
    ('그는 이렇게 말했다. “아닙니다. 절대 아닙니다.”', ['그는 이렇게 말했다.', '“아닙니다. 절대 아닙니다.”']),
    ('김 장관은 "국민께 죄송합니다. 책임을 통감합니다"라며 사과했다. 회의는 끝났다.',
     ['김 장관은 "국민께 죄송합니다. 책임을 통감합니다"라며 사과했다.', '회의는 끝났다.']),
    ('야당은 "말도 안 된다"고 반박했다. "아닙니다." 여당의 답이었다.',
     ['야당은 "말도 안 된다"고 반박했다.', '"아닙니다."', '여당의 답이었다.']),
    # an ellipsis inside a quotation ends no sentence; one after it still does
    ('이 대표는 "지금은 위기다... 모두 힘을 모아야 한다"고 강조했다.',
     ['이 대표는 "지금은 위기다... 모두 힘을 모아야 한다"고 강조했다.']),
    ('그는 “글쎄요… 모르겠다”며 웃었다… 그러나 답은 없었다.',
     ['그는 “글쎄요… 모르겠다”며 웃었다…', '그러나 답은 없었다.']),
]

ENGLISH = [
    ("Yet no one likes me.' Then, while you sleep, you dream.", ["Yet no one likes me.'", 'Then, while you sleep, you dream.']),
    ("The 'U.S.' Army left.", ["The 'U.S.' Army left."]),
    ('Exports rose 5 percent y.o.y. in May. Imports fell.', ['Exports rose 5 percent y.o.y. in May.', 'Imports fell.']),
    ('The vote was held in May. "It was close," he said.', ['The vote was held in May.', '"It was close," he said.']),
    ('The vote is on May 5. It will be close.', ['The vote is on May 5.', 'It will be close.']),
    ('U.S. Secretary of State Antony Blinken arrived. He met Cho.',
     ['U.S. Secretary of State Antony Blinken arrived.', 'He met Cho.']),
    ('Gen. Kim spoke on Friday.It was the first meeting.',
     ['Gen. Kim spoke on Friday.', 'It was the first meeting.']),
    ('Dr. Lee said prices rose 1.5% to $30.45 a share. Trading was light.',
     ['Dr. Lee said prices rose 1.5% to $30.45 a share.', 'Trading was light.']),
    ('N. Korea fired a missile. Seoul condemned it.', ['N. Korea fired a missile.', 'Seoul condemned it.']),
    ('"Will it work?" asked the minister. Nobody knew.', ['"Will it work?" asked the minister.', 'Nobody knew.']),
    ('The talks... ended early. Both sides left.', ['The talks... ended early.', 'Both sides left.']),
    ('He said, "We are ready." The meeting ended.', ['He said, "We are ready."', 'The meeting ended.']),
    ('The meeting (held in Seoul) lasted two hours. It was tense.',
     ['The meeting (held in Seoul) lasted two hours.', 'It was tense.']),
    ('The index rose 1,380.5 points. Analysts were surprised.',
     ['The index rose 1,380.5 points.', 'Analysts were surprised.']),
    ('It happened at 3 p.m. on Monday. Police arrived.', ['It happened at 3 p.m. on Monday.', 'Police arrived.']),
    ('Exports rose 3.5 percent. Imports fell.', ['Exports rose 3.5 percent.', 'Imports fell.']),
    ('Is it safe? Experts say yes!', ['Is it safe?', 'Experts say yes!']),
    ('First paragraph.\nSecond paragraph', ['First paragraph.', 'Second paragraph']),
    ('Mr. Smith and Ms. Park met in Washington D.C. yesterday. They agreed.',
     ['Mr. Smith and Ms. Park met in Washington D.C. yesterday.', 'They agreed.']),
    ('The U.N. Security Council met. No vote was held.', ['The U.N. Security Council met.', 'No vote was held.']),
    # a period no sentence can follow: wire-service shorthand before a lowercase word, a clock time that goes on
    ('The BOK raised the rate 0.25 pct. to 3.5 pct. on Thursday. Markets rose.',
     ['The BOK raised the rate 0.25 pct. to 3.5 pct. on Thursday.', 'Markets rose.']),
    ('The budget is 3.5 tril. won. It rose.', ['The budget is 3.5 tril. won.', 'It rose.']),
    ('Lee met Kim at 3 p.m. Tuesday. They talked.', ['Lee met Kim at 3 p.m. Tuesday.', 'They talked.']),
    ('It began at 10 a.m. Seoul time. It ended.', ['It began at 10 a.m. Seoul time.', 'It ended.']),
    ('It ended at 10 p.m. The next day it resumed.', ['It ended at 10 p.m.', 'The next day it resumed.']),
    ('He bought an iPhone. iPhone sales rose.', ['He bought an iPhone.', 'iPhone sales rose.']),
    ('U.S. Amb. Philip Goldberg met Cho. They talked.', ['U.S. Amb. Philip Goldberg met Cho.', 'They talked.']),
    ('It drew approx. 300 people. Police watched.', ['It drew approx. 300 people.', 'Police watched.']),
    ('', []),
]


@pytest.mark.parametrize("text,expected", KOREAN)
def test_korean(text, expected):
    assert split_sentences(text, "ko") == expected


@pytest.mark.parametrize("text,expected", ENGLISH)
def test_english(text, expected):
    assert split_sentences(text, "en") == expected


def test_a_stray_quote_mark_does_not_glue_a_paragraph_together():
    text = '그는 "이것은 실수다. 정부가 발표했다. ' + "긴 문장이 계속됐다. " * 60
    assert len(split_sentences(text, "ko")) > 40


def test_unknown_language_is_an_error():
    with pytest.raises(ValueError, match="unsupported language"):
        split_sentences("hello", "fr")


@pytest.mark.parametrize("text,expected", [(t, e) for t, e in KOREAN if "기자" not in t])
def test_korean_count_agrees_with_the_split(text, expected):
    """The count reads Korean without Kiwi, by its sentence marks and quotations; wherever a mark
    ends the sentences, it finds what the split finds (a byline glued on without one is the
    splitter's alone)."""
    assert sentence_count(text, "ko") == max(1, len(expected))


@pytest.mark.parametrize("text,lang,count", [
    ("정부는 예산을 늘렸다.이에 야당은 반발했다.", "ko", 2),  # glued
    ("“난 곰을 생각하는 게 아니야.” 다른 여행자가 대답했다.", "ko", 2),
    ("그는 “아닙니다. 절대 아닙니다.” 라고 말했다.", "ko", 1),  # a curly and a straight mark
    ('그는 “아닙니다. 절대 아닙니다." 라고 말했다.', "ko", 1),
    ('그는 "이것은 실수다. 정부가 발표했다. ' + "긴 문장이 계속됐다. " * 60, "ko", 62),  # a stray mark
    ("9.11 테러 추도식이 2005.10 열렸다.", "ko", 1),
    ("U.S. troops left at 3 p.m. Tuesday. Then they came back.", "en", 2),
    ("", "ko", 1),
])
def test_sentence_count(text, lang, count):
    assert sentence_count(text, lang) == count

