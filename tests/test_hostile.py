"""Hostile input: whatever a user points the tool at gives articles or a clear error naming the
file (and line), never a traceback, and a failed command leaves earlier output untouched.

Every case builds its own input and asserts the exact outcome: the records kept, the
problems reported (level, place, reason), the exit code with and without --strict."""

import json
import os
import unicodedata
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aligner.cli import app
from aligner.fileio import TMP_MARK
from aligner.ingest import ingest_paths
from aligner.records import read_articles
from aligner.segment import split_sentences

EN_PAGE = """Menu
Search
Economy
Exports Rise for Tenth Straight Month
Written: 2024-08-01 14:05:00
Exports Rise for Tenth Straight Month
Photo : KBS News
South Korea's exports rose for the tenth straight month in July on strong chip sales.
The trade ministry said outbound shipments grew 13.9 percent from a year earlier.
List
Editor's Pick
"""

FR_PAGE = """Les exportations augmentent pour le dixième mois consécutif
Les exportations de la Corée du Sud ont augmenté en juillet pour le dixième mois consécutif grâce aux puces.
Le ministère du Commerce a indiqué que les livraisons à l'étranger ont progressé de 13,9 % sur un an.
"""

ID_PAGE = """Ekspor Korea Selatan naik selama sepuluh bulan berturut-turut pada bulan Juli berkat penjualan cip.
Kementerian Perdagangan mengatakan pengiriman ke luar negeri tumbuh 13,9 persen dari tahun sebelumnya.
"""

KO_PAGE = """KBS 뉴스
메뉴
경제
수출 10개월 연속 증가…반도체 호조
입력 2024.08.01 (09:30)
수출 10개월 연속 증가…반도체 호조
지난달 수출이 반도체 호조에 힘입어 10개월 연속 증가했습니다.
산업통상자원부는 7월 수출이 1년 전보다 13.9% 늘었다고 밝혔습니다.
홍길동 기자 (gildong@kbs.co.kr)
"""

RUNNER = CliRunner()
PAGES = Path(__file__).resolve().parent / "data" / "pages"


def _write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def _ingest(out_dir: Path, *paths, strict: bool = False):
    """Run `aligner ingest` in process; assert no traceback; return (exit code, stderr, articles or None)."""
    out = out_dir / "out" / "articles.jsonl"
    args = ["ingest", *map(str, paths), "--out", str(out)] + (["--strict"] if strict else [])
    result = RUNNER.invoke(app, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.stderr
    return result.exit_code, result.stderr, (read_articles(out) if out.exists() else None)


# ---- files: what a folder of scraped material holds ----------------------------------------

def _symlink_loop(d: Path) -> list[Path]:
    _write(d / "good.txt", EN_PAGE)
    os.symlink("loop.txt", d / "loop.txt")
    return [d]


def _dangling(d: Path) -> list[Path]:
    _write(d / "good.txt", EN_PAGE)
    os.symlink(d / "gone.txt", d / "dangling.txt")
    return [d]


def _folder_loop(d: Path) -> list[Path]:
    _write(d / "sub" / "good.txt", EN_PAGE)
    os.symlink("..", d / "sub" / "up")
    return [d]


def _fifo(d: Path) -> list[Path]:
    _write(d / "good.txt", EN_PAGE)
    os.mkfifo(d / "pipe.txt")
    return [d]


def _same_page_twice(d: Path) -> list[Path]:
    _write(d / "a.txt", EN_PAGE)
    _write(d / "b copy.txt", EN_PAGE)
    return [d]


def _tag_soup(d: Path) -> list[Path]:
    html = ("<html><head><script>var s = '<p>Injected script text must go.</p>';</script>"
            "<style>p { color: red }</style><title>Chip exports</title></head><body><div><p>"
            "South Korea's exports rose for the tenth straight month in July on strong chip sales.<p>"
            "The trade ministry said <b>outbound <i>shipments</b> grew</i> 13.9 percent from a year earlier."
            "<table><tr><td>cell<div>nested</table><script>document.write('more script text')</script></body>")
    return [_write(d / "soup.html", html)]


def _lying_charset_utf8(d: Path) -> list[Path]:
    html = ("<html><head><meta charset='euc-kr'><title>수출 증가</title></head><body><article><h1>수출 증가</h1>"
            "<p>지난달 수출이 반도체 호조에 힘입어 10개월 연속 증가했습니다.</p>"
            "<p>산업통상자원부는 7월 수출이 1년 전보다 13.9% 늘었다고 밝혔습니다.</p></article></body></html>")
    return [_write(d / "utf8-says-euckr.html", html.encode("utf-8"))]


def _lying_charset_cp949(d: Path) -> list[Path]:
    html = ("<html><head><meta charset='utf-8'><title>수출 증가</title></head><body><article><h1>수출 증가</h1>"
            "<p>지난달 수출이 반도체 호조에 힘입어 10개월 연속 증가했습니다.</p>"
            "<p>산업통상자원부는 7월 수출이 1년 전보다 13.9% 늘었다고 밝혔습니다.</p></article></body></html>")
    return [_write(d / "cp949-says-utf8.html", html.encode("cp949"))]


def _hidden_files(d: Path) -> list[Path]:
    _write(d / "good.txt", EN_PAGE)
    _write(d / ".DS_Store", bytes(64))
    _write(d / ".git" / "config", b"\x00\x01")
    return [d]


def _hangul_names(d: Path) -> list[Path]:
    _write(d / "한국어 기사 1.txt", KO_PAGE)
    _write(d / "빈 파일 2.txt", b"")
    return [d]


FILE_CASES = {
    # name: (build, articles kept, expected stderr lines ({d} = the input folder), exit, exit --strict)
    "empty file": (lambda d: [_write(d / "empty.txt", b"")], 0, ["error: {d}/empty.txt: empty file"], 1, 1),
    "only whitespace": (lambda d: [_write(d / "blank.txt", " \n\t\r\n ")], 0,
                        ["error: {d}/blank.txt: empty file"], 1, 1),
    "binary with NUL bytes": (lambda d: [_write(d / "data.txt", bytes(range(256)) * 40)], 0,
                              ["error: {d}/data.txt: binary file (NUL bytes), not text"], 1, 1),
    "PNG renamed .txt": (lambda d: [_write(d / "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))], 0,
                         ["error: {d}/photo.txt: binary file (a PNG image), not text"], 1, 1),
    "gzip renamed .html": (lambda d: [_write(d / "page.html", b"\x1f\x8b\x08\x00" + bytes(100))], 0,
                           ["error: {d}/page.html: broken gzip archive (truncated or corrupt)"], 1, 1),
    "UTF-16 with BOM": (lambda d: [_write(d / "utf16.txt", EN_PAGE.encode("utf-16"))], 1, [], 0, 0),
    "an Excel workbook beside a page": (
        lambda d: [_write(d / "news.xlsx", b"PK\x03\x04" + bytes(100)), _write(d / "en.txt", EN_PAGE)], 1,
        ["error: {d}/news.xlsx: an Excel workbook: save it as CSV (UTF-8) with a header row (id, lang, title, date, "
         "url, text); not read"], 0, 1),
    "UTF-16 BOM before broken bytes": (lambda d: [_write(d / "broken.txt", b"\xff\xfe\x00\xd8garbage")], 0,
                                       ["error: {d}/broken.txt: not valid UTF-16 text (illegal UTF-16 surrogate at "
                                        "byte 2)"], 1, 1),
    "UTF-16 without BOM": (lambda d: [_write(d / "utf16le.txt", EN_PAGE.encode("utf-16-le"))], 1, [], 0, 0),
    "UTF-8 with BOM": (lambda d: [_write(d / "bom.txt", "\ufeff" + KO_PAGE)], 1, [], 0, 0),
    "CP949": (lambda d: [_write(d / "cp949.txt", KO_PAGE.encode("cp949"))], 1, [], 0, 0),
    "EUC-KR": (lambda d: [_write(d / "euckr.txt", KO_PAGE.encode("euc-kr"))], 1, [], 0, 0),
    # UTF-8 with a few damaged lines: repaired, named in a notice, not thrown away
    "UTF-8 cut inside its last character (a truncated download)": (
        lambda d: [_write(d / "cut.txt", (KO_PAGE.rstrip() + " 끝").encode()[:-1])], 1,
        ["notice: {d}/cut.txt: 1 line(s) not in UTF-8 like the rest: 1 with bytes that are no text shown as U+FFFD"],
        0, 0),
    "a line pasted from a CP949 page into a UTF-8 one": (
        lambda d: [_write(d / "mixed.txt", b"\n".join(line.encode("cp949" if "산업통상자원부" in line else "utf-8")
                                                     for line in KO_PAGE.split("\n")))], 1,
        ["notice: {d}/mixed.txt: 1 line(s) not in UTF-8 like the rest: 1 read as CP949"], 0, 0),
    "a line pasted in UTF-8 into a CP949 page": (
        lambda d: [_write(d / "mixed949.txt", b"\n".join(line.encode("utf-8" if "산업통상자원부" in line else "cp949")
                                                        for line in KO_PAGE.split("\n")))], 1,
        ["notice: {d}/mixed949.txt: 1 line(s) in UTF-8 among lines in CP949: each read in its own"], 0, 0),
    "undecodable bytes": (lambda d: [_write(d / "junk.txt", bytes(range(0x80, 0xff)) * 4)], 0,
                          ["error: {d}/junk.txt: not text in UTF-8, UTF-16, CP949/EUC-KR or Windows-1252"], 1, 1),
    "only page chrome": (lambda d: [_write(d / "chrome.txt", "Menu\nSearch\nList\nEditor's Pick\nClose\n")], 0,
                         ["error: {d}/chrome.txt: no article text found"], 1, 1),
    "HTML without a story": (lambda d: [_write(d / "nav.html", "<html><body><nav><a href='/'>Home</a></nav></html>")],
                             0, ["error: {d}/nav.html: no article text found"], 1, 1),
    "a page that scripts fill in (a JavaScript app's shell)": (
        lambda d: [_write(d / "app.html", '<html><head><script src="/app.js"></script></head><body><div id="root">'
                          '</div><noscript>You need to enable JavaScript to run this app.</noscript>'
                          '<script id="__NEXT_DATA__" type="application/json">{"props": {}}</script></body></html>')],
        0, ["error: {d}/app.html: no article text found in the HTML: the page is an empty shell that scripts fill "
            "in (a JavaScript app); save it from a browser once it has loaded"], 1, 1),
    "symlink loop": (_symlink_loop, 1, ["error: {d}/loop.txt: symbolic link loop"], 0, 1),
    "dangling symlink": (_dangling, 1, ["error: {d}/dangling.txt: dangling symbolic link"], 0, 1),
    "folder symlink loop": (_folder_loop, 1, ["notice: {d}/sub/up: folder already read (symbolic link loop): skipped"],
                            0, 0),
    "FIFO in a folder": (_fifo, 1, ["notice: {d}/pipe.txt: a FIFO (named pipe): skipped"], 0, 0),
    "nonexistent path": (lambda d: [d / "nowhere"], 0, ["error: {d}/nowhere: no such file or folder"], 1, 1),
    "nonexistent path beside a good one": (lambda d: [_write(d / "good.txt", EN_PAGE), d / "nowhere.txt"], 1,
                                           ["error: {d}/nowhere.txt: no such file or folder"], 0, 1),
    "hidden files": (_hidden_files, 1, [], 0, 0),
    "same page twice": (_same_page_twice, 1, ["notice: {d}/b copy.txt: article id en-"], 0, 0),
    "HTML with scripts and tag soup": (_tag_soup, 1, [], 0, 0),
    "charset declaration that lies (UTF-8 says EUC-KR)": (_lying_charset_utf8, 1, [], 0, 0),
    "charset declaration that lies (CP949 says UTF-8)": (_lying_charset_cp949, 1, [], 0, 0),
    "file names with spaces and Hangul": (_hangul_names, 1, ["error: {d}/빈 파일 2.txt: empty file"], 0, 1),
    "a Chinese story beside an English one": (
        lambda d: [_write(d / "zh.txt", "国务院总理今天在北京会见了来访的外国代表团。\n双方就经贸合作交换了意见。\n"),
                   _write(d / "en.txt", EN_PAGE)], 1,
        ["error: {d}/zh.txt: the text is neither Korean nor English"], 0, 1),
    "a Japanese story": (lambda d: [_write(d / "ja.txt", "政府は本日、新たな経済対策を発表した。\n輸出は十か月連続で増加した。\n")],
                         0, ["error: {d}/ja.txt: the text is neither Korean nor English"], 1, 1),
    # KBS World publishes French, German, Spanish, Indonesian and Vietnamese editions too
    "a French story beside an English one": (
        lambda d: [_write(d / "fr.txt", FR_PAGE), _write(d / "en.txt", EN_PAGE)], 1,
        ["error: {d}/fr.txt: the text is not English but 'fr' (by its words): skipped; --lang en reads it anyway"],
        0, 1),
    "an Indonesian story (the odds split with Malay)": (
        lambda d: [_write(d / "id.txt", ID_PAGE)], 0, ["error: {d}/id.txt: the text is not English but 'id'"], 1, 1),
    "football results: romanized names, no language in particular": (
        lambda d: [_write(d / "results.txt", "K League 1 results\nUlsan HD 2-1 Jeonbuk Hyundai Motors\n"
                          "Pohang Steelers 0-0 FC Seoul\nGwangju FC 3-2 Daegu FC\nIncheon United 1-1 Suwon FC\n"
                          "Gangwon FC 2-0 Daejeon Hana Citizen\n")], 1, [], 0, 0),
    "a short English story full of Korean names": (
        lambda d: [_write(d / "en.txt", "Yoon Suk Yeol met Cho Tae-yul and Park Jin in Yongsan on Monday.\n")],
        1, [], 0, 0),
    "bytes behind a UTF-16 BOM": (lambda d: [_write(d / "odd.txt", b"\xff\xfe\x00bad")], 0,
                                  ["error: {d}/odd.txt: the text is neither Korean nor English"], 1, 1),
}


@pytest.mark.parametrize("name", list(FILE_CASES))
def test_file_cases(tmp_path, name):
    build, kept, expected, code, strict_code = FILE_CASES[name]
    d = tmp_path / "in"
    d.mkdir()
    paths = build(d)
    exit_code, stderr, articles = _ingest(tmp_path, *paths)
    assert exit_code == code, stderr
    assert len(articles or []) == kept, stderr
    for line in expected:
        assert line.format(d=d) in stderr, stderr
    if not expected:
        assert "error:" not in stderr, stderr
    assert _ingest(tmp_path / "strict", *paths, strict=True)[0] == strict_code


def test_a_folder_nested_deeper_than_pythons_recursion_limit(tmp_path):
    folder = deepest = tmp_path / "in"
    folder.mkdir()
    try:
        for _ in range(1100):  # one at a time: pathlib's mkdir(parents=True) recurses too
            deepest = deepest / "d"
            deepest.mkdir()
        _write(deepest / "good.txt", EN_PAGE)
        assert len(ingest_paths([folder]).articles) == 1
    finally:  # shutil.rmtree (pytest's clean-up) recurses: take the folders down from the bottom
        while deepest != tmp_path:
            for child in deepest.iterdir():
                child.unlink()
            deepest.rmdir()
            deepest = deepest.parent


def test_a_korean_story_full_of_hanja_is_korean(tmp_path):
    page = "北, 東海上으로 탄도미사일 發射…與野 \"挑發 규탄\"\n北韓은 오늘 오전 東海上으로 彈道미사일을 發射했다고 合參이 밝혔다.\n"
    [article] = ingest_paths([_write(tmp_path / "hanja.txt", page)]).articles
    assert article.lang == "ko"


def test_korean_text_survives_lying_charsets(tmp_path):
    for build in (_lying_charset_utf8, _lying_charset_cp949):
        [article] = ingest_paths(build(tmp_path)).articles
        assert article.lang == "ko" and article.sentences[0] == "지난달 수출이 반도체 호조에 힘입어 10개월 연속 증가했습니다."


def test_tag_soup_keeps_the_story_and_drops_scripts(tmp_path):
    [article] = ingest_paths(_tag_soup(tmp_path)).articles
    assert article.sentences[0].startswith("South Korea's exports rose")
    assert "script" not in article.text and "Injected" not in article.text and "nested" not in article.text


def test_utf16_page_reads_like_utf8(tmp_path):
    [utf16] = ingest_paths([_write(tmp_path / "a.txt", EN_PAGE.encode("utf-16"))]).articles
    [utf8] = ingest_paths([_write(tmp_path / "b.txt", EN_PAGE)]).articles
    assert (utf16.title, utf16.sentences, utf16.published) == (utf8.title, utf8.sentences, utf8.published)


def test_five_megabyte_line_without_sentence_ends(tmp_path):
    page = "Title of the page\nWritten: 2024-06-22 14:57:31\n" + "officials said that the " * 210_000 + "\n"
    path = _write(tmp_path / "blob.txt", page)
    assert path.stat().st_size > 5_000_000
    code, stderr, articles = _ingest(tmp_path, path)
    assert code == 1 and articles is None
    assert f"notice: {path}: 1 over-long sentence(s) (more than 3000 characters, no sentence ends) left out" in stderr
    assert f"error: {path}: no sentence left once page chrome" in stderr


def test_ten_thousand_sentences(tmp_path):
    body = "\n".join(f"Officials counted {k} new cases on the island today." for k in range(10_000))
    path = _write(tmp_path / "long.txt", f"Long report\nWritten: 2024-06-22 14:57:31\n{body}\n")
    [article] = ingest_paths([path]).articles
    assert len(article.sentences) == 10_000
    assert article.sentences[-1] == "Officials counted 9999 new cases on the island today."


# ---- JSONL, line by line -------------------------------------------------------------------

def _rec(ident, text="A full sentence of the story.", **fields):
    return json.dumps({"id": ident, "lang": "en", "title": f"Title {ident}", "date": "2024-06-22", "text": text,
                       **fields}, ensure_ascii=False)


GOOD_1, GOOD_3 = _rec("a1"), _rec("a3", "Another sentence of another story.")

JSONL_CASES = {
    # name: (file bytes, ids kept, [(line, reason)] errors)
    "malformed JSON": (f'{GOOD_1}\n{{"id": "a2", "text": \n{GOOD_3}\n', ["a1", "a3"],
                       [(2, "invalid JSON: Expecting value (column 22)")]),
    "missing text": (f'{GOOD_1}\n{{"id": "a2", "title": "t"}}\n{GOOD_3}\n', ["a1", "a3"], [(2, "no 'text' field")]),
    "empty text": (f'{GOOD_1}\n{_rec("a2", "  ")}\n{GOOD_3}\n', ["a1", "a3"], [(2, "empty 'text'")]),
    "null text": (f'{GOOD_1}\n{{"id": "a2", "text": null}}\n{GOOD_3}\n', ["a1", "a3"], [(2, "'text' is null")]),
    "text of the wrong type": (f'{GOOD_1}\n{{"id": "a2", "text": 42}}\n{GOOD_3}\n', ["a1", "a3"],
                               [(2, "'text' must be a string, not int")]),
    "title of the wrong type": (f'{GOOD_1}\n{_rec("a2", title=["x"])}\n{GOOD_3}\n', ["a1", "a3"],
                                [(2, "'title' must be a string, not list")]),
    "date of the wrong type": (f'{GOOD_1}\n{_rec("a2", date=[2024, 6, 22])}\n{GOOD_3}\n', ["a1", "a3"],
                               [(2, "'date' must be a string, not list")]),
    "id of the wrong type": (f'{GOOD_1}\n{_rec({"k": 1})}\n{GOOD_3}\n', ["a1", "a3"],
                             [(2, "'id' must be a string or an integer, not dict")]),
    "array instead of object": (f'{GOOD_1}\n[1, 2]\n{GOOD_3}\n', ["a1", "a3"],
                                [(2, "expected a JSON object, got list")]),
    "truncated last line": (f'{GOOD_1}\n{GOOD_3}\n{GOOD_1[:25]}', ["a1", "a3"],
                            [(3, "truncated last line: invalid JSON")]),
    "lone surrogate": (f'{GOOD_1}\n{{"id": "a2", "text": "bad \\ud800 text"}}\n{GOOD_3}\n', ["a1", "a3"],
                       [(2, "lone surrogate in 'text' (not valid Unicode text)")]),
    "NUL byte": (f'{GOOD_1}\n{{"id": "a2", "text": "bad\x00text"}}\n{GOOD_3}\n'.encode("utf-8"), ["a1", "a3"],
                 [(2, "NUL byte in the line")]),
    "escaped NUL character": (f'{GOOD_1}\n{{"id": "a2", "text": "bad\\u0000text"}}\n{GOOD_3}\n', ["a1", "a3"],
                              [(2, "NUL character in 'text'")]),
    "invalid UTF-8 in one line": (f'{GOOD_1}\n'.encode() + b'{"id": "a2", "text": "bad \xff\xfe text"}\n'
                                  + f'{GOOD_3}\n'.encode(), ["a1", "a3"],
                                  [(2, "not valid UTF-8 (byte 0xff at column 27)")]),
    "only page chrome": (f'{GOOD_1}\n{_rec("a2", "Photo : KBS News")}\n{GOOD_3}\n', ["a1", "a3"],
                         [(2, "no article text in 'text' (only page chrome)")]),
    "CRLF line ends": (f"{GOOD_1}\r\n{GOOD_3}\r\n", ["a1", "a3"], []),
    "blank lines": (f"\n{GOOD_1}\n\n   \n{GOOD_3}\n\n", ["a1", "a3"], []),
    "BOM": (f"\ufeff{GOOD_1}\n{GOOD_3}\n", ["a1", "a3"], []),
    "UTF-16": (f"{GOOD_1}\n{GOOD_3}\n".encode("utf-16"), ["a1", "a3"], []),
    "a CP949 line among UTF-8 lines": (f"{GOOD_1}\n".encode() + _rec("a2", "정부가 대책을 발표했습니다.").encode("cp949")
                                       + f"\n{GOOD_3}\n".encode(), ["a1", "a2", "a3"], []),
    "a record labelled French": (f'{GOOD_1}\n{_rec("a2", "Bonjour.", lang="fr")}\n{GOOD_3}\n', ["a1", "a3"],
                                 [(2, "labelled 'fr', neither Korean nor English: skipped; --lang en reads it anyway")]),
    "integer id": (f'{_rec(42)}\n', ["42"], []),
    "JSON nested too deeply": (f'{GOOD_1}\n{"[" * 100_000}{"]" * 100_000}\n{GOOD_3}\n', ["a1", "a3"],
                               [(2, "invalid JSON: nested too deeply")]),
}


@pytest.mark.parametrize("name", list(JSONL_CASES))
def test_jsonl_cases(tmp_path, name):
    data, kept, errors = JSONL_CASES[name]
    path = _write(tmp_path / "in" / "records.jsonl", data)
    code, stderr, articles = _ingest(tmp_path, path)
    assert code == 0, stderr
    assert [a.id for a in articles] == kept
    for line, reason in errors:
        assert f"error: {path}:{line}: {reason}" in stderr, stderr
    assert stderr.count("error:") == len(errors), stderr
    strict_code, _, strict_articles = _ingest(tmp_path / "strict", path, strict=True)
    assert strict_code == (1 if errors else 0)
    assert (strict_articles is None) == bool(errors)


def test_jsonl_repeated_id_names_both_places(tmp_path):
    path = _write(tmp_path / "r.jsonl", f"{GOOD_1}\n{GOOD_3}\n{_rec('a1', 'A different text.')}\n")
    result = ingest_paths([path])
    assert [a.id for a in result.articles] == ["a1", "a3"]
    [notice] = result.problems
    assert str(notice) == f"notice: {path}:3: article id a1 already read from {path}:1 (different text): skipped"


def test_jsonl_label_contradicted_by_the_text(tmp_path):
    path = _write(tmp_path / "r.jsonl", _rec("k1", "정부가 오늘 새로운 경제 대책을 발표했습니다. 소상공인 지원이 핵심입니다.") + "\n"
                  + _rec("e1", "The government announced new measures today to support small businesses. "
                         "Officials said the loans will be cheaper and the electricity bills lower for a year.",
                         lang="fr") + "\n"
                  + _rec("e2", "The president met the press on Friday.", lang="en-US") + "\n")
    result = ingest_paths([path])
    assert [(a.id, a.lang) for a in result.articles] == [("k1", "ko"), ("e1", "en"), ("e2", "en")]
    assert [str(p) for p in result.problems] == [
        f"notice: {path}:1: labelled 'en' but the text is Korean: read as 'ko'",
        f"notice: {path}:2: labelled 'fr' but the text is English: read as 'en'"]


def test_jsonl_dates(tmp_path):
    dates = ["2024년 6월 22일 오후 2시 57분", "June 22, 2024", "2024-02-30", "yesterday", "2024-06-22T05:57:31Z"]
    path = _write(tmp_path / "r.jsonl", "\n".join(
        _rec(f"d{k}", f"Sentence number {k} of story {k}.", date=date) for k, date in enumerate(dates, 1)) + "\n")
    result = ingest_paths([path])
    assert [a.published for a in result.articles] == [
        "2024-06-22T14:57:00+09:00", "2024-06-22", None, None, "2024-06-22T05:57:31+00:00"]
    assert [str(p) for p in result.problems] == [
        f"notice: {path}:3: impossible date '2024-02-30': publication date left empty",
        f"notice: {path}:4: unrecognised date 'yesterday': left empty"]


def test_jsonl_dates_as_numbers(tmp_path):
    """Crawlers write dates as Unix time (seconds, or milliseconds from JavaScript) or as
    YYYYMMDD (a number, or digits as in a CSV cell); other numbers are no dates."""
    dates = [1719035851, 1719035851000, "20240622", 42]
    path = _write(tmp_path / "r.jsonl", "\n".join(
        _rec(f"d{k}", f"Sentence number {k} of story {k}.", date=date) for k, date in enumerate(dates, 1)) + "\n")
    result = ingest_paths([path])
    assert [a.published for a in result.articles] == [
        "2024-06-22T05:57:31+00:00", "2024-06-22T05:57:31+00:00", "2024-06-22"]
    assert [str(p) for p in result.problems] == [f"error: {path}:4: 'date' must be a string, not int"]


# ---- the text normaliser -------------------------------------------------------------------

def _one(tmp_path, page, name="page.txt"):
    result = ingest_paths([_write(tmp_path / name, page)])
    assert not result.errors and len(result.articles) == 1, result.problems
    return result.articles[0], result.problems


def test_korean_in_nfd_becomes_nfc(tmp_path):
    article, _ = _one(tmp_path, unicodedata.normalize("NFD", KO_PAGE))
    assert article.lang == "ko" and article.title == "수출 10개월 연속 증가…반도체 호조"
    assert article.sentences == ["지난달 수출이 반도체 호조에 힘입어 10개월 연속 증가했습니다.",
                                 "산업통상자원부는 7월 수출이 1년 전보다 13.9% 늘었다고 밝혔습니다."]


def test_invisible_characters_are_removed(tmp_path):
    page = EN_PAGE.replace("South Korea's", "South\u200b Ko\u00adrea\u200d's\u2060").replace(
        "trade ministry", "trade\ufeff \u200eministry")
    article, _ = _one(tmp_path, page)
    assert article.sentences[0].startswith("South Korea's exports rose")
    assert article.sentences[1].startswith("The trade ministry said")


def test_control_characters_and_odd_spaces(tmp_path):
    page = EN_PAGE.replace("exports rose", "exports\u00a0rose\x07").replace(
        "grew 13.9", "grew\u3000\x1b13.9").replace("\n", "\r\n")
    article, _ = _one(tmp_path, page)
    assert article.sentences == [
        "South Korea's exports rose for the tenth straight month in July on strong chip sales.",
        "The trade ministry said outbound shipments grew 13.9 percent from a year earlier."]


def test_full_width_forms_and_ligatures_read_as_ascii(tmp_path):
    """An older Korean page in full-width digits, signs and letters, and an English text copied
    from a PDF with ligatures: numbers, sentence ends and chrome read as in plain text."""
    wide = str.maketrans({c: chr(ord(c) + 0xFEE0) for c in "0123456789.%()=ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                          "abcdefghijklmnopqrstuvwxyz"})
    page = KO_PAGE.replace("산업통상자원부는 7월 수출이 1년 전보다 13.9% 늘었다고 밝혔습니다.",
                           "산업통상자원부는 7월 수출이 1년 전보다 13.9% 늘었다고 밝혔습니다.".translate(wide))
    page += "Copyright ⓒ KBS. All rights reserved.".translate(wide) + "\n"
    article, _ = _one(tmp_path / "ko", page)
    assert article.sentences == ["지난달 수출이 반도체 호조에 힘입어 10개월 연속 증가했습니다.",
                                 "산업통상자원부는 7월 수출이 1년 전보다 13.9% 늘었다고 밝혔습니다."]
    article, _ = _one(tmp_path / "en", EN_PAGE.replace("trade ministry", "trade ministry's ofﬁcials"))
    assert "ministry's officials said" in article.sentences[1]


def test_terminal_colour_codes_go_whole(tmp_path):
    """A page captured from a terminal: colour (CSI), title and link (OSC) sequences leave
    nothing behind, neither inside a sentence nor as a sentence of their own."""
    clean = _one(tmp_path / "clean", KO_PAGE)[0]
    coloured = (KO_PAGE.replace("반도체 호조에", "\x1b[1;31m반도체 호조\x1b[0m에")
                .replace("산업통상자원부는", "\x1b]8;;https://motie.go.kr\x1b\\산업통상자원부\x1b]8;;\x1b\\는")
                .replace("\n홍길동", "\n\x1b]0;kbs-news\x07\x1b[0m\n\x1b[K홍길동"))
    article, _ = _one(tmp_path / "coloured", coloured)
    assert article.sentences == clean.sentences and article.title == clean.title
    assert not any("[" in s or "\x1b" in s for s in article.sentences + [article.text])


def test_a_sentence_in_one_script_then_one_in_the_other_are_two(tmp_path):
    """Kiwi reads on past a Latin sentence end before Hangul, sentencex past a Korean one before
    Latin: each turn of script after a sentence end is a boundary, outside quotations and not
    after an abbreviation."""
    ko = split_sentences("The statement was released in English for foreign residents. 팀은 이번 승리로 리그 6위로 "
                         "올라섰다. The team is now sixth.", "ko")
    assert ko == ["The statement was released in English for foreign residents.", "팀은 이번 승리로 리그 6위로 올라섰다.",
                  "The team is now sixth."]
    en = split_sentences("The team moved up to sixth place in the league. 팀은 6위로 올라섰다. It won 2-1.", "en")
    assert en == ["The team moved up to sixth place in the league.", "팀은 6위로 올라섰다.", "It won 2-1."]
    for kept in ('그는 "I love this country. 한국이 좋아요"라고 말했다.', "He was greeted by Dr. 김철수 원장이 맞이했다.",
                 "The firm will now expand to the U.S. 시장 확대를 추진한다.", "회의는 3 p.m. 서울에서 열린다."):
        assert split_sentences(kept, "ko") == [kept]


def test_old_mac_line_ends(tmp_path):
    article, _ = _one(tmp_path, KO_PAGE.replace("\n", "\r"))
    assert article.title == "수출 10개월 연속 증가…반도체 호조" and len(article.sentences) == 2


def test_pages_that_mix_utf8_and_cp949_lines_read_like_the_clean_page(tmp_path):
    """A UTF-8 page with a line pasted from a CP949 one, and a CP949 page with a line pasted in
    UTF-8: every line is read in its own encoding."""
    clean = _one(tmp_path / "clean", KO_PAGE)[0].sentences
    for most, pasted in (("utf-8", "cp949"), ("cp949", "utf-8")):
        data = b"\n".join(line.encode(pasted if "산업통상자원부" in line else most) for line in KO_PAGE.split("\n"))
        article, problems = _one(tmp_path / most, data)
        assert article.sentences == clean and len(problems) == 1, problems


def test_mojibake_from_cp949_is_redecoded(tmp_path):
    broken = KO_PAGE.encode("cp949").decode("latin-1")
    article, problems = _one(tmp_path, broken)
    assert article.title == "수출 10개월 연속 증가…반도체 호조" and len(article.sentences) == 2
    [notice] = problems
    assert notice.level == "notice" and "mojibake" in notice.message and notice.path.endswith("page.txt")


def test_mojibake_from_utf8_read_as_windows_1252(tmp_path):
    sentence = "지난달 수출이 반도체 호조에 힘입어 10개월 연속 증가했습니다."
    # as a browser shows UTF-8 read as Windows-1252 (its five unassigned bytes as Latin-1 controls)
    broken = "".join(bytes([b]).decode("cp1252") if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else chr(b)
                     for b in sentence.encode("utf-8"))
    article, problems = _one(tmp_path, KO_PAGE.replace(sentence, broken))
    assert article.sentences[0] == sentence
    assert len(problems) == 1 and "mojibake" in problems[0].message


def test_accented_english_is_not_mistaken_for_mojibake(tmp_path):
    article, problems = _one(tmp_path, EN_PAGE.replace("strong chip sales", "the café résumé naïveté façade"))
    assert "café résumé naïveté façade" in article.sentences[0] and not problems


def test_windows_1252_english_is_not_mistaken_for_cp949(tmp_path):
    """``’s`` in Windows-1252 is also a valid CP949 syllable (``뭩``), a rare one."""
    page = EN_PAGE.replace("South Korea's", "South Korea’s").replace("The trade", "The country’s trade")
    path = _write(tmp_path / "cp1252.txt", page.encode("cp1252"))
    [article] = ingest_paths([path]).articles
    assert article.lang == "en" and article.sentences[0].startswith("South Korea’s exports")
    assert article.sentences[1].startswith("The country’s trade ministry")


# ---- language and chrome across pages ------------------------------------------------------

def test_mixed_page_is_classified_by_its_body(tmp_path):
    page = "한국어\n메뉴\n검색\n전체 뉴스\n정치\n경제\n사회\n국제\n문화\n스포츠\n" + EN_PAGE
    article, _ = _one(tmp_path, page)
    assert article.lang == "en"


def test_lines_repeated_across_a_sites_pages_are_chrome(tmp_path):
    stories = ["The central bank kept its key rate at 3.5 percent on Thursday.",
               "Exports rose for the tenth straight month in July.",
               "The heat wave sent more than 1,500 people to hospital this summer.",
               "A new subway line opened in the capital on Saturday."]
    for k, story in enumerate(stories):
        _write(tmp_path / f"p{k}.txt", f"Story {k}\nWritten: 2024-08-0{k + 1} 10:00:00\n{story}\n"
               "Follow the Daily Planet on every platform for breaking news.\n")
    result = ingest_paths([tmp_path])
    assert [a.sentences for a in result.articles] == [[s] for s in stories]
    assert result.notes == ["1 line(s) repeated across many en pages removed as page chrome "
                            "(e.g. 'Follow the Daily Planet on every platform for breaking news.')"]


def test_a_line_on_two_pages_is_not_chrome(tmp_path):
    for k in range(2):
        _write(tmp_path / f"p{k}.txt", f"Story {k}\nWritten: 2024-08-0{k + 1} 10:00:00\nStory number {k} is here.\n"
               "The two Koreas remain technically at war.\n")
    result = ingest_paths([tmp_path])
    assert all(a.sentences[-1] == "The two Koreas remain technically at war." for a in result.articles)


def test_a_background_sentence_that_follow_ups_repeat_is_no_chrome(tmp_path):
    """Follow-up stories repeat a background sentence word for word: on 3 of 10 pages without a
    URL (one unknown site) it stays, while a line of chrome on as many pages goes."""
    background = "North Korea conducted its sixth nuclear test in September 2017."
    for k in range(10):
        extra = f"{background}\nFollow us\n" if k < 3 else ""
        _write(tmp_path / f"p{k}.txt", f"Story {k}\nWritten: 2024-08-{k + 1:02d} 10:00:00\n"
               f"Officials gave update number {k} on the talks today.\n{extra}")
    result = ingest_paths([tmp_path])
    assert [a.sentences[1:] for a in result.articles[:3]] == [[background]] * 3
    assert result.notes == ["1 line(s) repeated across many en pages removed as page chrome (e.g. 'Follow us')"]


def test_impossible_date_in_a_page(tmp_path):
    article, problems = _one(tmp_path, EN_PAGE.replace("2024-08-01 14:05:00", "2024-02-30 14:05:00"), "feb30.txt")
    assert article.published is None
    assert [str(p) for p in problems] == [
        f"notice: {tmp_path / 'feb30.txt'}: impossible date '2024-02-30 14:05:00': publication date left empty"]


# ---- failure destroys nothing --------------------------------------------------------------

def test_failed_ingest_leaves_the_old_output_untouched(tmp_path):
    good, bad = _write(tmp_path / "in" / "good.txt", EN_PAGE), _write(tmp_path / "in" / "bad.txt", b"")
    out = _write(tmp_path / "out" / "articles.jsonl", "OLD\n")
    os.utime(out, (1_000_000_000, 1_000_000_000))
    for args in (["ingest", str(bad), "--out", str(out)],
                 ["ingest", str(good), str(bad), "--out", str(out), "--strict"]):
        result = RUNNER.invoke(app, args)
        assert result.exit_code == 1 and "Traceback" not in result.stderr
        assert out.read_text() == "OLD\n" and out.stat().st_mtime == 1_000_000_000
        assert sorted(p.name for p in out.parent.iterdir()) == ["articles.jsonl"]


def test_failed_ingest_creates_no_output(tmp_path):
    out = tmp_path / "new" / "folder" / "articles.jsonl"
    result = RUNNER.invoke(app, ["ingest", str(_write(tmp_path / "bad.txt", b"")), "--out", str(out)])
    assert result.exit_code == 1 and not (tmp_path / "new").exists()


def test_failed_run_creates_no_work_directory(tmp_path):
    work = tmp_path / "work"
    result = RUNNER.invoke(app, ["run", str(_write(tmp_path / "bad.txt", b"")), "--out", str(work), "--no-mt"])
    assert result.exit_code == 1 and "no article could be ingested" in result.stderr
    assert not work.exists()
    result = RUNNER.invoke(app, ["run", str(_write(tmp_path / "in" / "good.txt", EN_PAGE)),
                                 str(tmp_path / "in" / "missing.txt"), "--out", str(work), "--no-mt", "--strict"])
    assert result.exit_code == 1 and "--strict" in result.stderr and not work.exists()


@pytest.mark.parametrize("umask", [0o022, 0o002])
def test_outputs_get_ordinary_permissions(tmp_path, umask):
    old = os.umask(umask)
    try:
        out = tmp_path / "out" / "articles.jsonl"
        page = _write(tmp_path / "p.txt", EN_PAGE)
        assert RUNNER.invoke(app, ["ingest", str(page), "--out", str(out)]).exit_code == 0
        from aligner.fileio import atomic_dir

        with atomic_dir(tmp_path / "dataset") as stage:
            (stage / "data").mkdir()
            (stage / "data" / "x.parquet").write_bytes(b"x")
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask
    assert out.parent.stat().st_mode & 0o777 == 0o777 & ~umask
    for path in [tmp_path / "dataset", tmp_path / "dataset" / "data"]:
        assert path.stat().st_mode & 0o777 == 0o777 & ~umask
    assert (tmp_path / "dataset" / "data" / "x.parquet").stat().st_mode & 0o777 == 0o666 & ~umask
    assert not [p for p in tmp_path.rglob("*") if TMP_MARK in p.name]


def test_the_same_id_in_both_languages(tmp_path):
    ko = _write(tmp_path / "ko.jsonl", json.dumps({"id": "7", "text": "정부가 오늘 새로운 경제 대책을 발표했습니다."},
                                                  ensure_ascii=False) + "\n")
    en = _write(tmp_path / "en.jsonl", json.dumps({"id": "7", "text": "The government announced new measures."}) + "\n")
    result = ingest_paths([ko, en])
    assert [(a.id, a.lang) for a in result.articles] == [("7.ko", "ko"), ("7.en", "en")]
    assert not result.problems and "made unique" in result.notes[0]


def test_html_saved_as_txt_is_read_as_html(tmp_path):
    html = (PAGES / "en-smallbiz.html").read_text(encoding="utf-8")
    [as_txt] = ingest_paths([_write(tmp_path / "page.txt", html)]).articles
    [as_html] = ingest_paths([PAGES / "en-smallbiz.html"]).articles
    assert as_txt.sentences == as_html.sentences and as_txt.title == as_html.title
    assert not any("<" in s for s in as_txt.sentences)


def test_json_array_named_on_the_command_line(tmp_path):
    records = [json.loads(GOOD_1), {"id": "a2", "text": 5}, json.loads(GOOD_3)]
    path = _write(tmp_path / "articles.json", json.dumps(records))
    code, stderr, articles = _ingest(tmp_path, path)
    assert code == 0 and [a.id for a in articles] == ["a1", "a3"]
    assert f"error: {path}: record 2: 'text' must be a string, not int" in stderr
    lines = _write(tmp_path / "lines.json", f"{GOOD_1}\n{GOOD_3}\n")
    assert [a.id for a in ingest_paths([lines]).articles] == ["a1", "a3"]


def test_file_name_that_is_not_utf8(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / os.fsdecode(b"\xff\xfe page.txt")).write_text(EN_PAGE, encoding="utf-8")
    (folder / os.fsdecode(b"\xff empty.txt")).write_bytes(b"")
    code, stderr, articles = _ingest(tmp_path, folder)
    assert code == 0 and len(articles) == 1
    assert articles[0].origin == f"{folder}/\ufffd\ufffd page.txt"
    assert f"error: {folder}/\ufffd empty.txt: empty file" in stderr


def test_output_that_cannot_be_written(tmp_path):
    page = _write(tmp_path / "p.txt", EN_PAGE)
    (tmp_path / "a-folder").mkdir()
    result = RUNNER.invoke(app, ["ingest", str(page), "--out", str(tmp_path / "a-folder")])
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)
    assert f"error: cannot write {tmp_path / 'a-folder'}: Is a directory" in result.stderr
    assert not [p for p in tmp_path.iterdir() if TMP_MARK in p.name]


def test_compressed_pages_are_read_and_a_broken_or_exploding_archive_is_named(tmp_path, monkeypatch):
    import bz2
    import gzip
    import lzma

    from aligner import fileio

    _write(tmp_path / "en.html.gz", gzip.compress(f"<html><body><p>{EN_PAGE}</p></body></html>".encode()))
    _write(tmp_path / "en.txt.bz2", bz2.compress(EN_PAGE.replace("Tenth", "10th").encode()))
    _write(tmp_path / "ko.txt.xz", lzma.compress(KO_PAGE.encode("cp949")))
    _write(tmp_path / "broken.txt.gz", gzip.compress(KO_PAGE.encode())[:40])
    _write(tmp_path / "table.tsv.gz", gzip.compress(b"a\tb\n"))  # a table, compressed or not, is no page
    result = ingest_paths([tmp_path])
    assert sorted(a.lang for a in result.articles) == ["en", "en", "ko"]
    ko = next(a for a in result.articles if a.lang == "ko")
    assert ko.sentences[0] == "지난달 수출이 반도체 호조에 힘입어 10개월 연속 증가했습니다."
    assert [(Path(p.path).name, "broken gzip archive" in p.message) for p in result.errors] == [("broken.txt.gz", True)]
    monkeypatch.setattr(fileio, "MAX_EXPANDED", 100)
    result = ingest_paths([tmp_path / "ko.txt.xz"])
    assert not result.articles and "expands beyond" in result.errors[0].message


def test_a_page_saved_complete_brings_no_resources_in(tmp_path):
    """'Save page as… Webpage, Complete': NAME.html, and its scripts, styles, images, fonts and
    frames in NAME_files/; loose images beside pages are no pages either."""
    pages = tmp_path / "pages"
    _write(pages / "ko.html", f"<html><body><article>{''.join(f'<p>{line}</p>' for line in KO_PAGE.splitlines())}"
                              "</article></body></html>")
    _write(pages / "ko_files" / "app.js", 'console.log("조회수를 집계합니다. 잠시만 기다려 주세요.");\n')
    _write(pages / "ko_files" / "style.css", "/* 기사 본문 스타일입니다. 글자 크기를 키웠습니다. */\n")
    _write(pages / "ko_files" / "saved_resource.html", "<html><body><p>광고 문구입니다. 지금 바로 신청하세요.</p></body></html>")
    _write(pages / "ko_files" / "logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64))
    _write(pages / "en.txt", EN_PAGE)
    _write(pages / "photo.jpg", b"\xff\xd8\xff\xe0" + bytes(64))
    code, stderr, articles = _ingest(tmp_path, pages, strict=True)
    assert code == 0 and "error" not in stderr
    assert f"notice: {pages / 'ko_files'}: the resources a browser saved with ko.html (no pages): skipped" in stderr
    assert sorted(a.origin.rsplit("/", 1)[-1] for a in articles) == ["en.txt", "ko.html"]


def test_a_spreadsheet_of_articles(tmp_path):
    """A table exported from Excel: CP949 with semicolons, or UTF-8 with a BOM and commas; a
    story over several lines in one quoted cell; bad rows named by line; a table of something
    else beside the pages is skipped with a notice."""
    ko_story = KO_PAGE.split("\n")[6:8]
    table = ('ID;Lang;Title;Date;Text\r\nk1;ko;수출 10개월 연속 증가;2024-08-01;"' + "\r\n".join(ko_story)
             + '"\r\nk2;ko;짧은 행\r\nk3;ko;빈 기사;2024-08-01;\r\n')
    _write(tmp_path / "in" / "ko.csv", table.encode("cp949"))
    en_story = EN_PAGE.split("\n")[7:9]
    _write(tmp_path / "in" / "en.csv", ("\ufeffid,lang,title,text\ne1,en,\"Exports Rise, Again\",\""
                                        + " ".join(en_story).replace("chip", '""chip""') + '"\n').encode("utf-8"))
    _write(tmp_path / "in" / "scores.csv", "doc,score\nk1,0.9\n")
    code, stderr, articles = _ingest(tmp_path, tmp_path / "in")
    assert code == 0
    by_id = {a.id: a for a in articles}
    assert sorted(by_id) == ["e1", "k1"]
    assert by_id["k1"].sentences == ko_story and by_id["k1"].published.startswith("2024-08-01")
    assert by_id["e1"].title == "Exports Rise, Again" and '"chip" sales' in by_id["e1"].text
    ko = tmp_path / "in" / "ko.csv"
    assert f"error: {ko}:4: 3 cells, the header has 5" in stderr
    assert f"error: {ko}:5: empty 'text'" in stderr
    assert f"notice: {tmp_path / 'in' / 'scores.csv'}: a table without a text column" in stderr
    assert stderr.count("error:") == 2
    # a TSV named directly is a table of records too (in a folder it is data, like pairs.tsv)
    tsv = _write(tmp_path / "news.tsv", "id\tlang\ttext\ne2\ten\t" + " ".join(en_story) + "\n")
    code, stderr, articles = _ingest(tmp_path / "tsv", tsv)
    assert code == 0 and [a.sentences for a in articles] == [en_story]


def test_a_file_larger_than_any_page_is_named_not_read(tmp_path, monkeypatch):
    """A log or a dump beside the pages would take minutes and gigabytes to read as one page;
    files of records hold many pages and have no such limit."""
    from aligner.ingest import readers

    monkeypatch.setattr(readers, "MAX_PAGE", 2000)
    _write(tmp_path / "in" / "dump.txt", EN_PAGE + "x" * 3000)
    _write(tmp_path / "in" / "ko.txt", KO_PAGE)
    _write(tmp_path / "in" / "records.jsonl", "\n".join(
        json.dumps({"id": f"e{k}", "lang": "en", "text": EN_PAGE.replace("tenth", f"{k + 1}th")}) for k in range(10)))
    result = ingest_paths([tmp_path / "in"])
    assert len(result.articles) == 11
    [error] = result.errors
    assert Path(error.path).name == "dump.txt" and "larger than any page" in error.message


@pytest.mark.parametrize("option,value,says", [
    ("--min-confidence", "1.5", "less than or equal to 1"), ("--min-confidence", "nan", "--min-confidence"),
    ("--min-chrf", "inf", "less than or equal to 100"), ("--min-margin", "nan", "must be a number, not nan"),
    ("--min-similarity", "-2", "greater than or equal to -1")])
def test_a_threshold_that_is_no_number_in_range_is_refused(tmp_path, option, value, says):
    """nan passes a plain range check and compares false with everything: a run with it would
    silently keep or drop every row."""
    work = tmp_path / "work"
    result = RUNNER.invoke(app, ["run", str(_write(tmp_path / "in" / "good.txt", EN_PAGE)), "--out", str(work),
                                 "--no-mt", option, value])
    assert result.exit_code == 2 and says in result.stderr and not work.exists()
