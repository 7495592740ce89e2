"""The polite fetcher against a web site the tests start on 127.0.0.1, and WARC ingest."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from aligner.fetch import FetchOptions, fetch, read_seeds
from aligner.ingest import ingest_paths
from localsite import Site

SAMPLE = Path(__file__).resolve().parents[1] / "corpora" / "sample"
CONTACT = "corpus-team@example.org"


@pytest.fixture()
def site():
    site = Site()
    site.routes["/robots.txt"] = lambda _: (200, {"Content-Type": "text/plain"},
                                            b"User-agent: *\nDisallow: /private\n")
    yield site
    site.close()


def _options(**overrides) -> FetchOptions:
    return FetchOptions(contact=CONTACT, **{"rate": 50.0, "timeout": 1.0, "retries": 2, "backoff": 0.1,
                                            "allow_private_addresses": True, **overrides})


def _log(out: Path) -> dict[str, dict]:
    return {e["url"]: e for e in map(json.loads, (out / "fetch-log.jsonl").read_text(encoding="utf-8").splitlines())}


def _article(n: int) -> str:
    return (f"<html><head><title>Story {n}</title><meta property='article:published_time' "
            f"content='2024-07-0{1 + n % 9}T10:00:00+09:00'></head><body><article><h1>Story {n}</h1>"
            f"<p>The government announced support measure number {n} for small businesses on Monday.</p>"
            f"<p>Officials said program {n} would start {n} days from now in every province.</p></article>"
            f"<a href='/page/{n + 1}'>next</a> <a href='/private/secret'>secret</a> <a href='/other/{n}'>other</a>"
            f"</body></html>")


def test_every_courtesy_and_every_failure(site, tmp_path):
    site.page("/page/1", _article(1))
    site.page("/private/secret", "nobody may read this")
    state = {"busy": 0, "flaky": 0}

    def busy(_):
        state["busy"] += 1
        if state["busy"] == 1:
            return 429, {"Retry-After": "1", "Content-Type": "text/plain"}, b"slow down"
        return 200, {"Content-Type": "text/html"}, _article(2).encode()

    def flaky(_):
        state["flaky"] += 1
        if state["flaky"] == 1:
            return 500, {"Content-Type": "text/plain"}, b"oops"
        return 200, {"Content-Type": "text/html"}, _article(3).encode()

    def slow(_):
        time.sleep(2.5)
        return 200, {"Content-Type": "text/html"}, _article(4).encode()

    site.routes.update({"/busy": busy, "/flaky": flaky, "/slow": slow,
                        "/loop-a": lambda _: (302, {"Location": "/loop-b"}, b""),
                        "/loop-b": lambda _: (302, {"Location": "/loop-a"}, b""),
                        "/moved": lambda _: (301, {"Location": "/page/1"}, b""),
                        "/to-private": lambda _: (302, {"Location": "/private/secret"}, b"")})
    site.page("/big", b"<html><body>" + b"x" * 300_000 + b"</body></html>")
    site.page("/doc.pdf", b"%PDF-1.4 ...", "application/pdf")
    names = ["/page/1", "/private/secret", "/busy", "/flaky", "/slow", "/loop-a", "/moved", "/to-private", "/big",
             "/doc.pdf", "/missing"]
    started = time.monotonic()
    report = fetch([site.url(n) for n in names], tmp_path / "out", _options(max_bytes=100_000))
    log = _log(tmp_path / "out")
    outcome = {n: (log[site.url(n)]["outcome"], log[site.url(n)]["reason"]) for n in names}
    assert outcome == {
        "/page/1": ("fetched", ""),
        "/private/secret": ("skipped", "disallowed by robots.txt"),
        "/busy": ("fetched", ""),
        "/flaky": ("fetched", ""),
        "/slow": ("failed", "timeout after 3 attempts"),
        "/loop-a": ("failed", "redirect loop"),
        "/moved": ("fetched", ""),
        "/to-private": ("skipped", "disallowed by robots.txt"),
        "/big": ("skipped", "larger than 100000 bytes"),
        "/doc.pdf": ("skipped", "not HTML or text (application/pdf)"),
        "/missing": ("skipped", "HTTP 404"),
    }
    assert site.counts.get("/private/secret") is None  # never asked for, not even through a redirect
    busy_times = [t for p, t, _ in site.requests if p == "/busy"]
    assert len(busy_times) == 2 and busy_times[1] - busy_times[0] >= 0.95  # Retry-After honoured
    assert site.counts["/flaky"] == 2 and site.counts["/robots.txt"] == 1
    agents = {h.get("User-Agent") for _, _, h in site.requests}
    assert agents == {f"aligner/0.1.0 (+{CONTACT})"}
    assert report.outcomes["fetched"] == 4 and report.reasons["disallowed by robots.txt"] == 2
    assert time.monotonic() - started < 30


def test_the_rate_limit_and_the_crawl_delay_are_held(site, tmp_path):
    for n in range(12):
        site.page(f"/page/{n}", _article(n))
    fetch([site.url(f"/page/{n}") for n in range(12)], tmp_path / "a", _options(rate=10.0, concurrency=4))
    gaps = [b - a for a, b in zip(site.times("/page"), site.times("/page")[1:])]
    assert len(gaps) == 11 and min(gaps) >= 0.095
    site.routes["/robots.txt"] = lambda _: (200, {"Content-Type": "text/plain"},
                                            b"User-agent: *\nCrawl-delay: 0.3\nDisallow: /private\n")
    site.requests.clear()
    other = Site()  # a new host: its robots.txt is read afresh
    try:
        other.routes.update(site.routes)
        for n in range(5):
            other.page(f"/page/{n}", _article(n))
        fetch([other.url(f"/page/{n}") for n in range(5)], tmp_path / "b", _options(rate=50.0, concurrency=4))
        times = other.times("/page")
        assert len(times) == 5 and min(b - a for a, b in zip(times, times[1:])) >= 0.29
    finally:
        other.close()


def test_links_are_followed_within_the_pattern_and_the_depth(site, tmp_path):
    for n in range(1, 6):
        site.page(f"/page/{n}", _article(n))
        site.page(f"/other/{n}", _article(n + 10))
    fetch([site.url("/page/1")], tmp_path / "out", _options(follow=r"/page/\d+$", depth=2))
    fetched = {url.removeprefix(site.base) for url, e in _log(tmp_path / "out").items() if e["outcome"] == "fetched"}
    assert fetched == {"/page/1", "/page/2", "/page/3"}
    assert not any(p.startswith(("/other", "/private")) for p, _, _ in site.requests)


def test_sitemaps(site, tmp_path):
    for n in range(1, 4):
        site.page(f"/page/{n}", _article(n))
    site.page("/sitemap.xml", f"<sitemapindex><sitemap><loc>{site.url('/news.xml')}</loc></sitemap></sitemapindex>",
              "application/xml")
    site.page("/news.xml", "<urlset>" + "".join(f"<url><loc>{site.url(f'/page/{n}')}</loc></url>"
                                                  for n in range(1, 4)) + "</urlset>", "application/xml")
    fetch([site.url("/sitemap.xml")], tmp_path / "out", _options(sitemaps=True))
    log = _log(tmp_path / "out")
    assert {u.removeprefix(site.base) for u, e in log.items() if e["outcome"] == "fetched"} == {
        "/sitemap.xml", "/news.xml", "/page/1", "/page/2", "/page/3"}


def test_a_news_feed_lists_the_pages_to_fetch(site, tmp_path):
    for n in range(1, 4):
        site.page(f"/page/{n}", _article(n))
    items = "".join(f"<item><title>Story {n}</title><link>{site.url(f'/page/{n}')}</link></item>" for n in (1, 2))
    site.page("/rss.xml", f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>',
              "application/rss+xml")
    site.page("/atom.xml", f'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>Story 3</title>'
                           f'<link rel="alternate" href="{site.url("/page/3")}"/></entry></feed>', "application/atom+xml")
    fetch([site.url("/rss.xml"), site.url("/atom.xml")], tmp_path / "out", _options(sitemaps=True))
    log = _log(tmp_path / "out")
    assert {u.removeprefix(site.base) for u, e in log.items() if e["outcome"] == "fetched"} == {
        "/rss.xml", "/atom.xml", "/page/1", "/page/2", "/page/3"}


def test_refresh_asks_only_for_changes(site, tmp_path):
    def tagged(handler):
        if handler.headers.get("If-None-Match") == '"v1"':
            return 304, {}, b""
        return 200, {"Content-Type": "text/html", "ETag": '"v1"'}, _article(1).encode()

    site.routes["/page/1"] = tagged
    site.page("/page/2", _article(2), **{"Last-Modified": "Mon, 01 Jul 2024 10:00:00 GMT"})
    fetch([site.url("/page/1"), site.url("/page/2")], tmp_path / "out", _options())
    again = fetch([site.url("/page/1"), site.url("/page/2")], tmp_path / "out", _options())
    assert again.outcomes == {"resumed": 2} and site.counts["/page/1"] == 1  # done before: not asked again
    fresh = fetch([site.url("/page/1"), site.url("/page/2")], tmp_path / "out", _options(refresh=True))
    assert fresh.outcomes["not_modified"] == 1 and fresh.outcomes["fetched"] == 1
    conditional = [h for p, _, h in site.requests if p == "/page/2"][-1]
    assert conditional.get("If-Modified-Since") == "Mon, 01 Jul 2024 10:00:00 GMT"


def test_a_killed_fetch_resumes_where_it_stopped(site, tmp_path):
    for n in range(30):
        site.page(f"/page/{n}", _article(n))
    urls = tmp_path / "urls.txt"
    urls.write_text("# start pages\n" + "\n".join(site.url(f"/page/{n}") for n in range(30)) + "\n", encoding="utf-8")
    command = [sys.executable, "-m", "aligner", "fetch", str(urls), "--out", str(tmp_path / "out"),
               "--contact", CONTACT, "--rate", "10", "--allow-private-addresses"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def asked() -> int:
        return sum(v for k, v in site.counts.items() if k.startswith("/page"))

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and asked() < 12:
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    first = asked()
    assert 10 <= first < 30
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    counts = [site.counts.get(f"/page/{n}", 0) for n in range(30)]
    assert all(c >= 1 for c in counts) and sum(counts) <= 31  # at most the page in flight asked twice
    result = ingest_paths([tmp_path / "out"])
    assert len(result.articles) == 30 and not result.errors
    assert sorted(a.url for a in result.articles) == sorted(site.url(f"/page/{n}") for n in range(30))


def test_a_page_declared_euc_kr_in_the_header_only(site, tmp_path):
    korean = ("<html><head><title>폭염 경보</title></head><body><article><h1>폭염 경보 발령</h1>"
              "<p>기상청은 오늘 서울과 경기 지역에 폭염 경보를 발령했습니다.</p>"
              "<p>낮 최고 기온은 35도까지 오르겠습니다.</p></article></body></html>")
    site.page("/euckr", korean.encode("euc-kr"), "text/html; charset=EUC-KR")
    fetch([site.url("/euckr")], tmp_path / "out", _options())
    [article] = ingest_paths([tmp_path / "out"]).articles
    assert article.lang == "ko" and article.sentences[0] == "기상청은 오늘 서울과 경기 지역에 폭염 경보를 발령했습니다."
    assert article.url == site.url("/euckr") and article.published  # the fetch date, for lack of one in the page


def test_read_seeds_names_bad_lines(tmp_path):
    (tmp_path / "urls.txt").write_text("https://a.example/1\n\nftp://b.example/2\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"urls.txt:3: not an http\(s\) URL"):
        read_seeds([str(tmp_path / "urls.txt")])
    with pytest.raises(ValueError, match="neither an http"):
        read_seeds(["no-such-file.txt"])


def test_run_on_a_warc_gives_the_rows_of_the_loose_files_plus_urls(site, tmp_path):
    from typer.testing import CliRunner

    from aligner.cli import app

    pages = sorted(p for p in SAMPLE.rglob("*") if p.suffix in (".txt", ".html") and "gold" not in p.parts)
    loose = tmp_path / "loose"
    for page in pages:
        name = f"/{page.parent.name}/{page.name}"
        site.page(name, page.read_bytes(), "text/html" if page.suffix == ".html" else "text/plain")
        (loose / page.parent.name).mkdir(parents=True, exist_ok=True)
        (loose / page.parent.name / page.name).write_bytes(page.read_bytes())
    report = fetch([site.url(f"/{p.parent.name}/{p.name}") for p in pages], tmp_path / "warc", _options())
    assert report.outcomes["fetched"] == len(pages) == 20
    runner = CliRunner()
    rows = {}
    for name, source in (("loose", loose), ("warc", tmp_path / "warc")):
        result = runner.invoke(app, ["run", str(source), "--out", str(tmp_path / f"w-{name}"), "--no-mt"])
        assert result.exit_code == 0, result.stderr
        corpus = (tmp_path / f"w-{name}" / "export" / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
        rows[name] = [json.loads(line) for line in corpus]
    assert len(rows["warc"]) == len(rows["loose"]) >= 25
    urls = {"ko_url", "en_url"}
    for a, b in zip(rows["loose"], rows["warc"]):
        assert {k: v for k, v in a.items() if k not in urls} == {k: v for k, v in b.items() if k not in urls}
        assert b["ko_url"].startswith(site.base + "/ko/") and b["en_url"].startswith(site.base + "/en/")


def _warc(path: Path, records: list[tuple[str, str, str, bytes, str]]) -> Path:
    """A gzipped WARC of (kind, url, status line, body, content type) records."""
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for kind, url, status, body, content_type in records:
            if kind == "request":
                headers = StatusAndHeaders("GET / HTTP/1.1", [("Host", "news.example")], is_http_request=True)
            else:
                headers = StatusAndHeaders(status or "200 OK", [("Content-Type", content_type or "text/html")],
                                           protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, kind, payload=io.BytesIO(body), http_headers=headers,
                                                          warc_headers_dict={"WARC-Date": "2024-07-01T01:02:03Z"}))
    return path


def test_warc_records_that_are_not_pages_are_counted_and_skipped(tmp_path):
    page = _article(1).encode()
    path = _warc(tmp_path / "crawl.warc.gz", [
        ("response", "https://news.example/a/1", "200 OK", page, "text/html; charset=utf-8"),
        ("response", "https://news.example/a/2", "200 OK", _article(2).encode(), "text/html"),
        ("response", "https://blog.example/b/1", "200 OK", _article(3).encode(), "text/html"),
        ("response", "https://news.example/a/3", "404 Not Found", b"gone", "text/html"),
        ("response", "https://news.example/logo.png", "200 OK", b"\x89PNG....", "image/png"),
        ("revisit", "https://news.example/a/1", "", b"", ""),
        ("request", "https://news.example/a/1", "", b"", ""),
        ("response", "https://news.example/a/4", "200 OK", b"Plain text story.\nIt has two lines here.", "text/plain"),
    ])
    result = ingest_paths([path], url_filter=r"^https://news\.example/")
    assert sorted(a.url for a in result.articles) == [f"https://news.example/a/{n}" for n in (1, 2, 4)]
    assert all(a.published for a in result.articles)
    [notice] = [p for p in result.problems if p.level == "notice" and "pages read" in p.message]
    assert notice.message == ("3 pages read; skipped: 1 HTTP 404, 1 not HTML or text (image/png), "
                              "1 outside --url-filter, 1 revisits")
    fetch_dated = next(a for a in result.articles if a.url.endswith("/a/4"))
    assert fetch_dated.published == "2024-07-01T01:02:03+00:00"  # no date of its own: the fetch date
    page_dated = next(a for a in result.articles if a.url.endswith("/a/1"))
    assert page_dated.published == "2024-07-02T10:00:00+09:00"  # the page's own date wins


def test_warc_files_rotate_by_size_and_all_of_them_are_read(site, tmp_path):
    for n in range(6):
        site.page(f"/page/{n}", _article(n))
    report = fetch([site.url(f"/page/{n}") for n in range(6)], tmp_path / "out", _options(warc_bytes=3000))
    assert len(report.warc_files) >= 3
    assert len(ingest_paths([tmp_path / "out"]).articles) == 6


def test_a_torn_warc_keeps_the_records_before_the_damage(tmp_path):
    pages = [("response", f"https://news.example/a/{n}", "200 OK", _article(n).encode(), "text/html")
             for n in range(4)]
    path = _warc(tmp_path / "crawl.warc.gz", pages)
    data = path.read_bytes()
    path.write_bytes(data[:int(len(data) * 0.8)])  # a crawl killed mid-write
    result = ingest_paths([path])
    assert 1 <= len(result.articles) < 4
    assert any(p.level == "error" and "damaged after" in p.message for p in result.problems)


def test_a_record_cut_inside_a_korean_character_is_read_with_a_notice(tmp_path):
    """Crawlers cut a response at a size limit (WARC-Truncated), often inside a character."""
    page = ("<html><head><title>수출 증가</title></head><body><article><h1>수출 10개월 연속 증가</h1>"
            "<p>지난달 수출이 반도체 호조에 힘입어 10개월 연속 증가했습니다.</p>"
            "<p>산업통상자원부는 7월 수출이 1년 전보다 13.9% 늘었다고 밝혔습니다.</p>"
            "<p>반도체 수출은 50% 늘어 역대 최고를 기록했습니다.</p></article><footer>끝").encode()[:-1]
    path = _warc(tmp_path / "crawl.warc.gz", [("response", "https://news.example/ko/1", "200 OK", page, "text/html")])
    result = ingest_paths([path])
    [article] = result.articles
    assert article.sentences[0] == "지난달 수출이 반도체 호조에 힘입어 10개월 연속 증가했습니다."
    assert any(p.level == "notice" and "(record 1, https://news.example/ko/1): 1 line(s) not in UTF-8" in str(p)
               for p in result.problems), result.problems


def test_by_default_nothing_is_fetched_from_this_machine_or_its_network(site, tmp_path):
    """A sitemap, a link or a redirect can point anywhere: without --allow-private-addresses a
    URL whose host is not on the public internet is skipped with the reason, and never asked."""
    site.page("/page/1", _article(1))
    report = fetch([site.url("/page/1")], tmp_path / "out", _options(allow_private_addresses=False))
    assert report.outcomes["skipped"] == 1 and not report.outcomes["fetched"]
    [reason] = report.reasons
    assert "127.0.0.1: loopback address" in reason and "--allow-private-addresses" in reason
    assert not site.counts  # not even robots.txt


@pytest.mark.parametrize("answer, kind", [
    ("127.0.0.1", "loopback"), ("10.1.2.3", "private"), ("192.168.0.7", "private"),
    ("169.254.169.254", "link-local"), ("::1", "loopback"), ("fd00::1", "private"),
    ("::ffff:127.0.0.1", "loopback"), ("224.0.0.1", "multicast"), ("0.0.0.0", "unspecified"),
    ("100.64.0.1", "non-global")])
def test_every_non_public_address_is_refused(monkeypatch, answer, kind):
    from aligner.fetch import addresses

    public = ("93.184.216.34", 443)
    monkeypatch.setattr(addresses.socket, "getaddrinfo", lambda host, port, **kw: [
        (2, 1, 6, "", public), (10 if ":" in answer else 2, 1, 6, "", (answer, port))])
    with pytest.raises(addresses.AddressRefused, match=f"{kind} address, not on the public internet"):
        addresses.checked_address("news.example", 443)  # one bad answer among good ones is enough


def test_the_address_checked_is_the_address_connected_to(monkeypatch):
    """A name that answers a public address to the check and a private one a moment later (DNS
    rebinding) is connected to at the address that was checked, without asking again."""
    import ipaddress
    import socket

    from aligner.fetch import addresses

    answers = iter(["93.184.216.34", "127.0.0.1"])
    asked, connected = [], []

    def resolve(host, port, *args, **kwargs):
        try:
            ipaddress.ip_address(host)
            ip = host
        except ValueError:
            asked.append(host)
            ip = next(answers)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port))]

    def connect(address, *args, **kwargs):
        connected.append(address)
        raise OSError("no network in tests")

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    monkeypatch.setattr(addresses.HTTPConnection.__init__.__globals__["connection"], "create_connection", connect)
    import urllib3

    with pytest.raises(urllib3.exceptions.NewConnectionError):
        addresses.CheckedHTTPConnection("rebind.example", 80)._new_conn()
    assert asked == ["rebind.example"] and connected == [("93.184.216.34", 80)]
