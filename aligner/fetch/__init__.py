"""A polite fetcher that writes WARC: `aligner fetch URL_OR_FILE... --out DIR`.

`fetch(seeds, out, options)` fetches URLs (and, when asked, the links of the
fetched pages that match a pattern, to a depth, or the pages a sitemap lists)
with every courtesy a site may ask for (`politeness`: robots.txt, per-host
pacing, crawl delay; `http`: retries with backoff and Retry-After, timeouts,
size cap, HTML and text only), and writes each answer as WARC records
(`warc`).  Every outcome goes to ``DIR/fetch-log.jsonl`` as it happens, so a
killed fetch resumes where it stopped, and ``refresh`` asks the sites only
for what changed (ETag / Last-Modified).
"""

from __future__ import annotations

import json
import re
import sys
import threading
from collections import Counter
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable

from aligner import __version__
from aligner.fetch.frontier import normalise, page_links, sitemap_entries
from aligner.fetch.http import SITEMAP_TYPES, Client, Outcome
from aligner.fetch.politeness import HostPacer
from aligner.fetch.warc import WarcOutput, truncate_to
from aligner.ingest.files import FETCH_LOG

__all__ = ["FetchOptions", "FetchReport", "fetch", "read_seeds"]



@dataclass(frozen=True)
class FetchOptions:
    contact: str  # how a site's operator can reach the user: an e-mail address or a URL
    rate: float = 1.0  # requests per second, per host
    concurrency: int = 4  # requests in flight, all hosts together
    timeout: float = 30.0
    retries: int = 3
    max_bytes: int = 10 * 2**20
    follow: str | None = None  # regular expression of the links to follow
    depth: int = 0  # how many links away from a start page
    sitemaps: bool = False  # the start URLs are sitemaps
    refresh: bool = False  # fetch again what was fetched, with conditional requests
    warc_bytes: int = 2**30  # a WARC file is rotated past this size
    backoff: float = 1.0  # first retry delay after an error, doubled each time
    # fetch from loopback, private, link-local and other non-public addresses too (tests, a local
    # mirror); off, a URL that leads there is skipped with the reason
    allow_private_addresses: bool = False

    @property
    def user_agent(self) -> str:
        return f"aligner/{__version__} (+{self.contact})"


@dataclass
class FetchReport:
    outcomes: Counter = field(default_factory=Counter)  # fetched, skipped, failed, not_modified, resumed
    reasons: Counter = field(default_factory=Counter)  # why pages were skipped or failed
    warc_files: list[str] = field(default_factory=list)


def read_seeds(items: Iterable[str]) -> list[str]:
    """URLs given directly, or listed one per line in files (blank lines and # comments skipped)."""
    urls: list[str] = []
    for item in items:
        if item.startswith(("http://", "https://")):
            urls.append(item)
            continue
        path = Path(item)
        if not path.is_file():
            raise ValueError(f"{item}: neither an http(s) URL nor a file of URLs")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if not line.startswith(("http://", "https://")):
                raise ValueError(f"{path}:{number}: not an http(s) URL: {line!r}")
            urls.append(line)
    return [normalise(u) for u in urls]


class _Log:
    """The fetch log: one JSON line per outcome, appended and flushed as it happens."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries: dict[str, dict] = {}
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                try:
                    entry = json.loads(line)
                except json.JSONDecodeError:
                    continue  # the torn last line of a killed run
                self.entries[entry["url"]] = entry
        self._lock = threading.Lock()
        self._handle = path.open("a", encoding="utf-8")

    def add(self, entry: dict) -> None:
        with self._lock:
            self.entries[entry["url"]] = entry
            self._handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
            self._handle.flush()

    def warc_ends(self) -> dict[str, int]:
        ends: dict[str, int] = {}
        for entry in self.entries.values():
            if entry.get("warc"):
                ends[entry["warc"]] = max(ends.get(entry["warc"], 0), entry["offset"] + entry["length"])
        return ends

    def close(self) -> None:
        self._handle.close()


def fetch(seeds: Iterable[str], out: str | Path, options: FetchOptions,
          on_outcome: Callable[[str, Outcome], None] | None = None) -> FetchReport:
    """Fetch the seeds (and what they lead to) into WARC files under `out`; see the module docstring."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    log = _Log(out / FETCH_LOG)
    truncate_to(out, log.warc_ends())
    warc = WarcOutput(out, options.warc_bytes)
    pacer = HostPacer(options.rate, lambda url: client.robots.crawl_delay(url))
    client = Client(options.user_agent, pacer, options.timeout, options.retries, options.max_bytes, options.backoff,
                    allow_private=options.allow_private_addresses)
    follow = re.compile(options.follow) if options.follow else None
    report = FetchReport()
    queued: set[str] = set()
    todo: list[tuple[str, int, bool]] = []  # url, depth, is a sitemap

    def enqueue(url: str, depth: int, sitemap: bool = False) -> None:
        url = normalise(url)
        if url in queued:
            return
        queued.add(url)
        done = log.entries.get(url)
        if done and not options.refresh and done["outcome"] in ("fetched", "skipped", "not_modified"):
            report.outcomes["resumed"] += 1
            for link in done.get("links", []):  # what the page led to, as in the run that fetched it
                if depth < options.depth:
                    enqueue(link, depth + 1)
            for entry in done.get("sitemap", []):
                enqueue(entry["url"], 0, entry["sitemap"])
            return
        todo.append((url, depth, sitemap))

    for url in seeds:
        enqueue(url, 0, options.sitemaps)

    def work(url: str, depth: int, sitemap: bool) -> tuple[str, int, bool, Outcome]:
        previous = log.entries.get(url, {})
        conditional = {}
        if options.refresh and previous.get("outcome") == "fetched":
            if previous.get("etag"):
                conditional["If-None-Match"] = previous["etag"]
            if previous.get("last_modified"):
                conditional["If-Modified-Since"] = previous["last_modified"]
        return url, depth, sitemap, client.get(url, conditional, SITEMAP_TYPES if sitemap else
                                                ("text/html", "application/xhtml+xml", "text/plain"))

    from rich.progress import Progress

    with Progress(transient=True, disable=not sys.stderr.isatty()) as bar, \
            ThreadPoolExecutor(max_workers=options.concurrency) as pool:
        task = bar.add_task("fetch", total=len(todo))
        running: set = set()
        while todo or running:
            while todo and len(running) < options.concurrency * 2:
                running.add(pool.submit(work, *todo.pop(0)))
            finished, running = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                url, depth, sitemap, outcome = future.result()
                entry = _record(url, depth, sitemap, outcome, warc, options, follow, enqueue)
                log.add(entry)
                report.outcomes[outcome.kind] += 1
                if outcome.reason and outcome.kind in ("skipped", "failed"):
                    report.reasons[outcome.reason] += 1
                if on_outcome:
                    on_outcome(url, outcome)
                bar.update(task, total=bar.tasks[0].completed + len(todo) + len(running) + 1, advance=1)
    log.close()
    report.warc_files = sorted(p.name for p in out.glob("aligner-*.warc.gz"))
    return report


def _record(url: str, depth: int, sitemap: bool, outcome: Outcome, warc: WarcOutput, options: FetchOptions,
            follow: re.Pattern | None, enqueue: Callable) -> dict:
    """Write what a fetch gave (WARC records, new URLs to visit) and the log entry describing it."""
    entry: dict = {"url": url, "final_url": outcome.url, "outcome": outcome.kind, "reason": outcome.reason,
                   "depth": depth, "time": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    fetched = outcome.fetched
    if fetched is None:
        return entry
    fetched.metadata = {"fetched_at": fetched.fetched_at.isoformat(), "requested_url": url, "depth": depth,
                        "tool": f"aligner/{__version__}"}
    name, offset, length = warc.write(fetched)
    entry.update(warc=name, offset=offset, length=length, etag=outcome.headers.get("ETag"),
                 last_modified=outcome.headers.get("Last-Modified"))
    if sitemap:
        pages, nested = sitemap_entries(fetched.body)
        entry["sitemap"] = [{"url": u, "sitemap": False} for u in pages] + [{"url": u, "sitemap": True}
                                                                             for u in nested]
        for item in entry["sitemap"]:
            enqueue(item["url"], 0, item["sitemap"])
    elif follow is not None and depth < options.depth:
        links = [link for link in page_links(fetched.body, outcome.url) if follow.search(link)]
        entry["links"] = links
        for link in links:
            enqueue(link, depth + 1)
    return entry
