"""The first thing a user tries: one Korean page and its English rendering, as a text dump, as
HTML (also saved by a browser as MHTML, or zipped), as a JSONL, CSV or RSS record, hard-wrapped
or as Markdown, gives every true sentence pair; two unrelated pages give none, and say why."""

import csv
import html
import json
import os
import quopri
import textwrap
import zipfile
from email.mime.multipart import MIMEMultipart
from email.mime.nonmultipart import MIMENonMultipart
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aligner.cli import app

PAGES = Path(__file__).resolve().parent / "data" / "pages"

# The true sentence pairs of ko-smallbiz / en-smallbiz, as the sentences are split:
# Korean 5 (retail sales) and 8 (the opposition) have no English counterpart.
GOLD = [([0], [0]), ([1], [1]), ([2], [2]), ([3, 4], [3]), ([6], [4]), ([7], [5])]


def _record(tmp_path: Path, name: str, lang: str, date: str, form: str) -> Path:
    """The page as a record: metadata in fields, the text with its chrome lines and markers; a
    JSONL line, a spreadsheet's row (CSV, CP949 for Korean as Excel writes it) or a feed item
    (the text as HTML paragraphs, the date as RSS writes it)."""
    lines = [line for line in (PAGES / f"{name}.txt").read_text(encoding="utf-8").splitlines() if line.strip()]
    start = next(k for k, line in enumerate(lines) if line.startswith(("입력", "Written")))
    record = {"id": name, "lang": lang, "title": lines[start - 1].strip(), "date": date,
              "url": f"https://example.org/{name}", "text": "\n".join(lines[start + 1:])}
    path = tmp_path / f"{name}.{form}"
    if form == "jsonl":
        path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    elif form == "csv":
        with path.open("w", encoding="cp949" if lang == "ko" else "utf-8-sig", newline="") as out:
            table = csv.DictWriter(out, fieldnames=list(record))
            table.writeheader()
            table.writerow(record)
    else:
        paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in lines[start + 1:])
        path.write_text(f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><item>'
                        f"<title>{html.escape(record['title'])}</title><link>{record['url']}</link>"
                        f"<pubDate>Wed, 03 Jul 2024 11:05:00 +0900</pubDate>"
                        f"<description><![CDATA[{paragraphs}]]></description></item></channel></rss>", encoding="utf-8")
    return path


def _saved(tmp_path: Path, name: str) -> Path:
    """The HTML page as a browser saves it in one file (MHTML; quoted-printable, as Edge writes it)."""
    page = MIMEMultipart("related", type="text/html")
    part = MIMENonMultipart("text", "html", charset="utf-8")
    part.set_payload(quopri.encodestring((PAGES / f"{name}.html").read_bytes()).decode("ascii"))
    part["Content-Transfer-Encoding"] = "quoted-printable"
    part["Content-Location"] = f"https://example.org/{name}"
    page.attach(part)
    path = tmp_path / f"{name}.mhtml"
    path.write_bytes(page.as_bytes())
    return path


def _rewritten(tmp_path: Path, name: str, kind: str) -> Path:
    """The text page as wire copy hard-wrapped at 72 columns (36 in Hangul), or as the Markdown
    a scraper writes (a link menu, `# title`, `**stamp**`, paragraphs)."""
    lines = [line.strip() for line in (PAGES / f"{name}.txt").read_text(encoding="utf-8").splitlines() if line.strip()]
    if kind == "wrapped":  # paragraphs apart, the lines of a paragraph together
        width = 36 if name.startswith("ko") else 72
        out = ["\n".join(textwrap.wrap(line, width)) for line in lines]
    else:
        stamp = next(k for k, line in enumerate(lines) if line.startswith(("입력", "Written")))
        out = [f"* [{line}](https://example.org/{k})" for k, line in enumerate(lines[:stamp - 1])]
        out += [f"# {lines[stamp - 1]}", f"**{lines[stamp]}**", *lines[stamp + 1:]]
    path = tmp_path / f"{name}.{'md' if kind == 'markdown' else 'txt'}"
    path.write_text("\n\n".join(out) + "\n", encoding="utf-8")
    return path


class _Cp949Name(zipfile.ZipInfo):
    """A member named in CP949 without the UTF-8 flag, as Korean Windows zips them."""

    def _encodeFilenameFlags(self):
        return self.filename.encode("cp949"), self.flag_bits


def _zipped(tmp_path: Path, ko: str, en: str) -> Path:
    """Both pages in the ZIP a Korean Windows machine makes of a folder (CP949 names)."""
    path = tmp_path / "기사.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, member in ((ko, "기사/한국어 기사.html"), (en, "기사/영어 기사.html")):
            archive.writestr(_Cp949Name(member), (PAGES / f"{name}.html").read_bytes())
    return path


def _inputs(tmp_path: Path, kind: str, ko: str, en: str) -> list[Path]:
    if kind == "zip":
        return [_zipped(tmp_path, ko, en)]
    if kind in ("jsonl", "csv", "rss"):
        return [_record(tmp_path, ko, "ko", "2024년 7월 3일 오전 11시 5분", kind),
                _record(tmp_path, en, "en", "July 3, 2024", kind)]
    if kind == "mhtml":
        return [_saved(tmp_path, ko), _saved(tmp_path, en)]
    if kind in ("wrapped", "markdown"):
        return [_rewritten(tmp_path, ko, kind), _rewritten(tmp_path, en, kind)]
    return [PAGES / f"{ko}.{kind}", PAGES / f"{en}.{kind}"]


def _run(tmp_path: Path, inputs: list[Path]):
    work = tmp_path / "work"
    result = CliRunner().invoke(app, ["run", *map(str, inputs), "--out", str(work), "--no-mt"])
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in (work / "export" / "corpus.jsonl").read_text(encoding="utf-8").splitlines()]
    return result.stderr, rows


@pytest.mark.parametrize("kind", ["txt", "html", "jsonl", "wrapped", "markdown", "mhtml", "csv", "rss", "zip"])
def test_one_page_and_its_english_rendering(tmp_path, kind):
    stderr, rows = _run(tmp_path, _inputs(tmp_path, kind, "ko-smallbiz", "en-smallbiz"))
    assert [(r["ko_sentence_ids"], r["en_sentence_ids"]) for r in rows] == GOLD
    by_ids = {(tuple(r["ko_sentence_ids"]), tuple(r["en_sentence_ids"])): r for r in rows}
    merged = by_ids[(3, 4), (3,)]
    assert merged["alignment"] == "2-1" and merged["translation"]["ko"].endswith("감면해 줍니다.")
    quote = by_ids[(6,), (4,)]["translation"]["ko"]
    assert quote.startswith('"이번 대책이')  # the interview marker and the speaker label are gone
    assert not any(chrome in r["translation"]["ko"] for r in rows for chrome in ("[앵커]", "KBS 뉴스", "기자", "촬영"))
    assert all(r["published"] and r["published"].startswith("2024-07-03") for r in rows)


@pytest.mark.parametrize("kind", ["txt", "jsonl"])
def test_two_unrelated_pages_give_no_pairs_and_say_why(tmp_path, kind):
    stderr, rows = _run(tmp_path, _inputs(tmp_path, kind, "ko-typhoon", "en-smallbiz"))
    assert rows == []
    assert "warning: no sentence pairs, the dataset is empty: no Korean article was paired" in stderr
    assert "below the pairing threshold 0.40" in stderr


def test_file_names_that_are_not_utf8(tmp_path):
    """Pages unpacked from a ZIP made on Korean Windows keep CP949 file names, bytes that are not
    UTF-8: the run reads them all the same (a rerun finds its stages up to date)."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name, stem in (("ko-smallbiz", "소상공인 대책"), ("en-smallbiz", "small business")):
        (folder / os.fsdecode(f"{stem}.txt".encode("cp949"))).write_bytes((PAGES / f"{name}.txt").read_bytes())
    stderr, rows = _run(tmp_path, [folder])
    assert [(r["ko_sentence_ids"], r["en_sentence_ids"]) for r in rows] == GOLD
    stderr, again = _run(tmp_path, [folder])
    assert again == rows and "ingest: up to date" in stderr
