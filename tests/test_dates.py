import pytest

from aligner.ingest import ingest_paths
from aligner.ingest.dates import find_date, parse_date, stamp_line


@pytest.mark.parametrize("text, iso", [
    ("2024년 6월 22일 오후 2시 57분", "2024-06-22T14:57:00+09:00"),
    ("2024년 6월 22일 오전 12시 5분", "2024-06-22T00:05:00+09:00"),
    ("2024년 6월 22일 14:57", "2024-06-22T14:57:00+09:00"),
    ("입력 2024.06.22 (14:57)", "2024-06-22T14:57:00+09:00"),
    ("2024.06.22 14:57", "2024-06-22T14:57:00+09:00"),
    ("2024.06.22. 오후 2:57", "2024-06-22T14:57:00+09:00"),
    ("2024-06-22", "2024-06-22"),
    ("2024/6/2", "2024-06-02"),
    ("June 22, 2024", "2024-06-22"),
    ("Jun. 22, 2024 2:57 PM", "2024-06-22T14:57:00+09:00"),
    ("22 June 2024", "2024-06-22"),
    ("Written: 2024-06-22 14:57:31", "2024-06-22T14:57:31+09:00"),
    ("Published 2022-01-23 05:04:31 KST", "2022-01-23T05:04:31+09:00"),
    ("2024-07-11T11:48:20+09:00", "2024-07-11T11:48:20+09:00"),
    ("2024-07-11T02:48:20Z", "2024-07-11T02:48:20+00:00"),
    ("2024-07-11 02:48 GMT", "2024-07-11T02:48:00+00:00"),
    ("Sat, 22 Jun 2024 14:57:31 +0900", "2024-06-22T14:57:31+09:00"),  # RSS, e-mail
    ("Thu, 11 Jul 2024 02:48:20 GMT", "2024-07-11T02:48:20+00:00"),
    ("All News 14:57 June 22, 2024", "2024-06-22T14:57:00+09:00"),  # Yonhap's English site
    ("2:57 PM Jun 22, 2024", "2024-06-22T14:57:00+09:00"),
    ("Posted on : Jun.22,2024 14:57 KST", "2024-06-22T14:57:00+09:00"),  # the Hankyoreh's English site
    ("June 22, 2024 / 14:57 KST", "2024-06-22T14:57:00+09:00"),
])
def test_date_formats(text, iso):
    assert parse_date(text).iso == iso
    assert find_date(f"... {text} ...").iso == iso


@pytest.mark.parametrize("text", ["2024-02-30", "2023년 2월 29일", "Written: 2024-06-22 25:10:00", "2024.13.01"])
def test_impossible_dates_are_reported_not_guessed(text):
    parsed = parse_date(text)
    assert parsed.iso is None and "impossible" in parsed.problem


@pytest.mark.parametrize("text", ["yesterday", "2024", "about June", "3:15 PM"])
def test_non_dates(text):
    assert parse_date(text) is None


def test_stamp_lines():
    assert stamp_line("Written: 2024-06-22 14:57:31Updated: 2024-06-22 15:16:46").iso == "2024-06-22T14:57:31+09:00"
    assert stamp_line("입력 2024.06.24 (14:50) 수정 2024.06.24 (15:02)").iso == "2024-06-24T14:50:00+09:00"
    assert stamp_line(" date 2024-06-21 Menu Content") is None  # a menu line that holds a date is not a stamp
    assert stamp_line("The summit on June 22, 2024 ended without a deal.") is None
    # English news sites' own ways
    assert stamp_line("Published : Jun 22, 2024 - 14:57 Updated : Jun 22, 2024 - 15:16").iso == "2024-06-22T14:57:00+09:00"
    assert stamp_line("Posted on : Jun. 22, 2024 14:57 KST").iso == "2024-06-22T14:57:00+09:00"
    assert stamp_line("Sat, June 22, 2024 | 14:57").iso == "2024-06-22T14:57:00+09:00"
    assert stamp_line("Updated June 22, 2024 at 14:57").iso == "2024-06-22T14:57:00+09:00"
    assert stamp_line("Satellite June 22, 2024") is None
    assert stamp_line("2024-06-22, 3 people died") is None


@pytest.mark.parametrize("stamp, iso", [
    ("입력 2024.06.22 (14:57)", "2024-06-22T14:57:00+09:00"),
    ("입력 2024년 6월 22일 오후 2시 57분", "2024-06-22T14:57:00+09:00"),
    ("2024.06.22 14:57", "2024-06-22T14:57:00+09:00"),
    ("June 22, 2024", "2024-06-22"),
    ("Written: 2024-06-22 14:57:31", "2024-06-22T14:57:31+09:00"),
])
def test_page_time_stamps(tmp_path, stamp, iso):
    page = tmp_path / "page.txt"
    page.write_text(f"Menu\nTitle of the story\n{stamp}\nTitle of the story\n"
                    "The first sentence of the story is here.\n", encoding="utf-8")
    [article] = ingest_paths([page]).articles
    assert article.published == iso and article.title == "Title of the story"
    assert article.sentences == ["The first sentence of the story is here."]
