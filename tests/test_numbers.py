import pytest

from aligner.numbers import extract_numbers
from aligner.records import SentencePair
from aligner.score import check_pair


@pytest.mark.parametrize("ko,en", [
    ("넙치 3,000마리가 폐사했다", "3,000 flatfish died"),
    ("넙치 3천 마리", "3 thousand flatfish"),
    ("2조 원을 투입한다", "2 trillion won will be spent"),
    ("574억 9천만 달러", "57.49 billion dollars"),
    ("물가는 1.5% 올랐다", "prices rose 1.5 percent"),
    ("1만m 상공", "10,000 meters above"),
    ("제29회 부산국제영화제", "the 29th Busan festival"),
    ("12회 연속 동결", "for the 12th straight time"),
    ("12회 연속 동결", "for the twelfth straight time"),
    ("두 나라가 3개국 회의를", "two countries at a three-nation meeting"),
    ("문화충격에는 네 단계가 있다.", "There are four stages to culture shock."),  # native numerals
    ("악수를 두 번 나누었다", "shook hands twice"),
    ("소상공인에 2조 원 저금리 대출", "Gov't to Offer 2 Tril. Won in Loans"),  # a headline's shortening
    ("30억 달러 투자", "$3bn investment"),
    ("500만 명", "5 mln people"),
])
def test_same_quantity_same_value(ko, en):
    assert extract_numbers(ko, "ko") & extract_numbers(en, "en")


def test_values_are_canonical():
    assert extract_numbers("2조 5천억 원", "ko") == {"2500000000000"}
    assert extract_numbers("2008년 3월 21일", "ko") == {"2008", "3", "21"}
    assert extract_numbers("one of the cases", "en") == set()  # "one" is too common to count
    assert extract_numbers("no numbers here", "en") == set()
    assert extract_numbers("3 miles and 2 billions", "en") == {"3", "2"}  # not mil, not billion+s


@pytest.mark.parametrize("ko, values", [
    ("정부는 23일(현지시간) 대책을 발표했다.", set()),  # English: "on Monday"
    ("오늘(3일) 열린 회의에서", set()),
    ("지난 5일 2조 원을 투입했다.", {"2000000000000"}),
    ("6월 23일 열린 회의", {"6", "23"}),  # with its month: "June 23"
    ("3일 동안 이어진 폭염", {"3"}),  # a span of days: "for three days"
    ("3일 연속 하락했다.", {"3"}),
])
def test_a_day_without_its_month_is_no_number(ko, values):
    assert extract_numbers(ko, "ko") == values


@pytest.mark.parametrize("ko, values", [
    ("두 사람에게 세 번째 기회를", {"2", "3"}),
    ("세대 갈등과 세분화", set()),  # words, not a numeral and a counter
    ("네, 네 말이 맞다.", set()),  # yes, your
    ("문을 열 수 있다.", set()),  # to open
])
def test_native_numerals_count_before_a_counter(ko, values):
    assert extract_numbers(ko, "ko") == values


def test_a_weekday_translation_is_not_flagged_for_its_numbers():
    """Korean news dates an event "23일(현지시간)", English news "on Monday": the pair's numbers
    do not differ."""
    pair = check_pair(SentencePair(id="k|e|0", ko_article_id="k", en_article_id="e", ko_sentence_ids=[0],
                                   en_sentence_ids=[0], ko="미 국무부는 23일(현지시간) 2조 원 지원을 발표했다.",
                                   en="The State Department announced 2 trillion won in aid on Monday.", alignment="1-1"))
    assert "numbers_differ" not in pair.flags and pair.numbers_match == 1.0

