"""The HTML report: the data it is built from, and the pages in a real browser (headless Chromium).

Browser tests need Debian's chromium and Playwright for Python; without them they are skipped,
unless ALIGNER_REQUIRE_BROWSER=1 (set by CI), which makes a missing browser a failure."""

import json
import os
import shutil
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aligner.cli import app
from aligner.records import read_sentence_pairs
from aligner.report import build_report
from aligner.report.data import load_workdir
from aligner.report.html import histogram, pairs_script

SAMPLE = Path(__file__).resolve().parents[1] / "corpora" / "sample"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    work = tmp_path_factory.mktemp("report") / "w"
    result = CliRunner().invoke(app, ["run", str(SAMPLE), "--out", str(work), "--no-mt", "--report", "--titles"])
    assert result.exit_code == 0, result.stderr
    return work


def test_report_data_matches_the_records(workdir):
    data = load_workdir(workdir)
    scored = read_sentence_pairs(workdir / "scored.jsonl")
    per_pair = Counter((r.ko_article_id, r.en_article_id) for r in scored)
    assert len(data.pairs) == 8 == len(per_pair)
    for pair in data.pairs:
        assert len(pair.beads) == per_pair[pair.ko.id, pair.en.id]
        assert pair.beads[0].alignment == "title"  # titles first, then the path order
    export = json.loads((workdir / "export.json").read_text(encoding="utf-8"))
    assert {b for p in data.pairs for b in p.dropped} == set(export["dropped"])
    assert len(data.unpaired) == 6 and all(why for _, why in data.unpaired)
    assert data.ingest["files"] == 22 and data.card["license"] == "other"
    entries = json.loads(pairs_script(data).removeprefix("window.PAIRS = ").rstrip(";\n"))
    assert [e["n"] for e in entries] == list(range(1, 9))
    assert sum(e["exported"] for e in entries) == sum(export["rows"].values())


def test_histogram_counts_every_value():
    svg = histogram([0.0, 0.05, 0.5, 0.99, 1.0, 7.0, -3.0], 0.0, 1.0, bins=10)
    titles = [t.split(": ")[1].split("<")[0] for t in svg.split("<title>")[1:]]
    assert sum(int(t) for t in titles) == 7


def test_report_command_and_resumable_stage(workdir, tmp_path):
    out = tmp_path / "elsewhere"
    result = CliRunner().invoke(app, ["report", str(workdir), "--out", str(out)])
    assert result.exit_code == 0 and (out / "index.html").exists() and len(list((out / "pairs").iterdir())) == 8
    assert (out / "assets" / "report.js").exists() and (out / "data" / "pairs.js").exists()
    rerun = CliRunner().invoke(app, ["run", str(SAMPLE), "--out", str(workdir), "--no-mt", "--report", "--titles"])
    assert rerun.exit_code == 0 and "report: up to date" in rerun.stderr
    bad = CliRunner().invoke(app, ["report", str(tmp_path / "nothing"), "--out", str(out)])
    assert bad.exit_code == 2 and "not a work directory" in bad.stderr


def test_the_report_needs_no_network(workdir):
    for page in [workdir / "report" / "index.html", *sorted((workdir / "report" / "pairs").iterdir())]:
        text = page.read_text(encoding="utf-8")
        assert "http://" not in text.replace('href="http', "") and "//cdn" not in text
        assert 'src="http' not in text and "@import" not in text


def _browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if sync_playwright is None or not Path(CHROMIUM).exists():
        if os.environ.get("ALIGNER_REQUIRE_BROWSER"):
            pytest.fail("browser tests required, but Chromium or Playwright is missing")
        pytest.skip("Chromium (Debian's chromium) and Playwright are needed for browser tests")
    return sync_playwright


@pytest.fixture(scope="module")
def browser():
    sync_playwright = _browser()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic"])
        yield browser
        browser.close()


def _open(browser, url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("requestfailed", lambda request: errors.append(f"failed: {request.url}"))
    page.goto(url)
    return page, errors


def test_overview_in_a_browser(browser, workdir, tmp_path):
    report = workdir / "report"
    page, errors = _open(browser, (report / "index.html").as_uri())
    page.wait_for_function("document.querySelectorAll('#pairs-body tr').length === 8")
    assert page.locator("#pairs-info").inner_text() == "1–8 of 8 article pairs"
    assert page.locator("[data-plot=confidence] svg").count() == 1
    page.screenshot(path=str(tmp_path / "overview.png"), full_page=True)
    # the filter narrows the table to the matching article pair
    page.fill("#pairs-filter", "Busan International Film")
    page.wait_for_function("document.querySelectorAll('#pairs-body tr').length === 1")
    assert "부산국제영화제" in page.locator("#pairs-body").inner_text()
    page.fill("#pairs-filter", "")
    page.wait_for_function("document.querySelectorAll('#pairs-body tr').length === 8")
    # sorting by confidence, descending on the second click
    header = page.locator("th[data-key=confidence]")
    header.click()
    header.click()
    values = [float(v) for v in page.locator("#pairs-body tr td:nth-child(9)").all_inner_texts()]
    assert values == sorted(values, reverse=True) and header.get_attribute("aria-sort") == "descending"
    # every link of the table resolves to a viewer page
    hrefs = page.locator("#pairs-body a").evaluate_all("links => links.map(a => a.href)")
    assert len(hrefs) == 8 and all(Path(h.removeprefix("file://")).exists() for h in hrefs)
    assert (tmp_path / "overview.png").stat().st_size > 10_000
    assert errors == []


def test_every_viewer_page_in_a_browser(browser, workdir, tmp_path):
    data = load_workdir(workdir)
    for pair in data.pairs:
        page, errors = _open(browser, (workdir / "report" / "pairs" / f"{pair.number}.html").as_uri())
        assert page.locator("tr.bead").count() == len(pair.beads), pair.number
        assert page.locator("tr.bead.lonely").count() == sum(1 for b in pair.beads if not (b.ko and b.en))
        assert page.locator("td.ko .sent[lang=ko]").count() >= 1 and page.locator("td.en .sent[lang=en]").count() >= 1
        assert page.locator("tr.dropped").count() == sum(1 for b in pair.linked if b.id in pair.dropped)
        merges = [b for b in pair.linked if b.alignment not in ("1-1", "title")]
        assert page.locator("tr.merge").count() == len(merges)
        for link in page.locator("header a").evaluate_all("links => links.map(a => a.href)"):
            assert Path(link.removeprefix("file://")).exists()
        if pair.number == 2:
            page.screenshot(path=str(tmp_path / "viewer.png"), full_page=True)
        assert errors == [], (pair.number, errors)
        page.close()
    assert (tmp_path / "viewer.png").stat().st_size > 10_000


def test_viewer_search_and_keyboard(browser, workdir):
    page, errors = _open(browser, (workdir / "report" / "pairs" / "1.html").as_uri())
    total = page.locator("tr.bead").count()
    korean_word = page.locator("td.ko .sent").first.inner_text().split()[-1]
    page.fill("#bead-search", korean_word)
    visible = page.locator("tr.bead:not(.hidden)").count()
    assert 1 <= visible < total and page.locator("#bead-count").inner_text() == f"{visible} of {total} rows"
    page.fill("#bead-search", "")
    page.locator("body").click()
    page.keyboard.press("ArrowRight")
    page.wait_for_url("**/pairs/2.html")
    page.keyboard.press("ArrowLeft")
    page.wait_for_url("**/pairs/1.html")
    page.keyboard.press("u")
    page.wait_for_url("**/index.html")
    assert errors == []


def test_a_rebuilt_report_replaces_the_old_one(workdir, tmp_path):
    out = tmp_path / "r"
    build_report(workdir, out)
    (out / "pairs" / "99.html").write_text("stale", encoding="utf-8")
    build_report(workdir, out)
    assert not (out / "pairs" / "99.html").exists() and len(list((out / "pairs").iterdir())) == 8


def test_viewer_shows_mt_flags_and_why_a_row_was_dropped():
    from aligner.records import Article, SentencePair
    from aligner.report.data import PairView
    from aligner.report.html import viewer

    ko = Article("k", "ko", "제목", "첫 문장. 둘째 문장.", ["첫 문장입니다.", "둘째 문장입니다."], "2024-07-01")
    en = Article("e", "en", "Title", "First.", ["The first sentence."], "2024-07-01")
    rows = [SentencePair("k|e|0", "k", "e", [0, 1], [0], "첫 문장입니다. 둘째 문장입니다.", "The first sentence.", "2-1",
                         similarity=0.7, confidence=0.42, mt="First sentence & <b>second</b>.", chrf=55.0,
                         flags=["numbers_differ"])]
    html = viewer(PairView(1, ko, en, 0.6, rows, {"k|e|0": "confidence < 0.6"}), total=1)
    assert 'class="bead link merge dropped"' in html
    assert "dropped: confidence &lt; 0.6" in html and "numbers_differ" in html
    assert '<div class="mt" lang="en">MT: First sentence &amp; &lt;b&gt;second&lt;/b&gt;.</div>' in html
    assert "chrF 55.0" in html and 'rel="prev"' not in html and 'rel="next"' not in html
