"""One polite GET: robots.txt checked, host paced, retried, capped, redirects followed by hand.

Every hop of a redirect is checked against robots.txt and paced like any
request; a loop or too many hops ends the fetch.  429 and 503 answers are
retried after their ``Retry-After`` (the host is held that long for every
thread), other 5xx answers and network errors after an exponential backoff.
Only HTML and plain text are read, at most `max_bytes` of them, and only from
public addresses unless allowed (`aligner.fetch.addresses`).
"""

from __future__ import annotations

import email.utils
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import urljoin

from aligner.fetch.addresses import AddressRefused, pool_manager
from aligner.fetch.politeness import HostPacer, Robots
from aligner.fetch.warc import Fetched

TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
SITEMAP_TYPES = TEXT_TYPES + ("application/xml", "text/xml", "application/x-gzip", "application/gzip",
                              "application/rss+xml", "application/atom+xml", "application/rdf+xml")
LONGEST_WAIT = 300.0  # a Retry-After longer than this ends the fetch


@dataclass
class Outcome:
    url: str  # where the answer came from, after redirects
    kind: str  # fetched | not_modified | skipped | failed
    reason: str = ""
    fetched: Fetched | None = None
    headers: dict = field(default_factory=dict)


def retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (moment - datetime.now(timezone.utc)).total_seconds())


class Client:
    """HTTP for the fetcher; `robots` is set once the robots.txt cache (which fetches through
    `raw_get`) exists."""

    def __init__(self, user_agent: str, pacer: HostPacer, timeout: float = 30.0, retries: int = 3,
                 max_bytes: int = 10 * 2**20, backoff: float = 1.0, max_redirects: int = 5,
                 allow_private: bool = False) -> None:
        import urllib3

        # public addresses only unless allowed (aligner.fetch.addresses), on every hop
        self._http = pool_manager(allow_private, num_pools=64, maxsize=8, retries=False)
        self._timeout = urllib3.Timeout(connect=timeout, read=timeout)
        self.user_agent = user_agent
        self.pacer = pacer
        self.robots = Robots(user_agent, self.raw_get)
        self.retries, self.max_bytes, self.backoff, self.max_redirects = retries, max_bytes, backoff, max_redirects

    def raw_get(self, url: str) -> tuple[int, bytes]:
        """A plain GET for robots.txt: (status, body), status 0 when the host cannot be reached."""
        import urllib3

        self.pacer.wait(url, robots_known=False)
        try:
            response = self._http.request("GET", url, headers={"User-Agent": self.user_agent}, timeout=self._timeout,
                                          redirect=True, preload_content=False)
            body = response.read(self.max_bytes)
            response.release_conn()
            return response.status, body
        except AddressRefused:
            raise  # the page is skipped for that, not for its robots.txt
        except urllib3.exceptions.HTTPError:
            return 0, b""

    def get(self, url: str, conditional: dict | None = None, accept: tuple[str, ...] = TEXT_TYPES) -> Outcome:
        chain = [url]
        current = url
        for _ in range(self.max_redirects + 1):
            try:
                if not self.robots.allowed(current):
                    return Outcome(current, "skipped", "disallowed by robots.txt")
                answer = self._attempts(current, conditional or {}, accept)
            except AddressRefused as exc:  # no retry: the address will not become a public one
                return Outcome(current, "skipped", str(exc))
            if not isinstance(answer, str):
                return answer
            target = urljoin(current, answer)
            if target in chain:
                return Outcome(current, "failed", "redirect loop")
            chain.append(target)
            current = target
        return Outcome(current, "failed", f"more than {self.max_redirects} redirects")

    def _attempts(self, url: str, conditional: dict, accept: tuple[str, ...]) -> Outcome | str:
        """The answer for one URL, retried as needed; a redirect gives its Location instead."""
        import urllib3

        headers = {"User-Agent": self.user_agent,
                   "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1", **conditional}
        last = ""
        for attempt in range(self.retries + 1):
            self.pacer.wait(url)  # a retry waits here for the hold set below
            started = datetime.now(timezone.utc)
            try:
                response = self._http.request("GET", url, headers=headers, timeout=self._timeout, redirect=False,
                                              preload_content=False)
            except AddressRefused:
                raise
            except urllib3.exceptions.HTTPError as exc:
                last = "timeout" if isinstance(exc, urllib3.exceptions.TimeoutError) or "timed out" in str(exc) \
                    else f"network error ({type(exc).__name__})"
                self.pacer.hold(url, self.backoff * 2 ** attempt)
                continue
            status = response.status
            if status in (301, 302, 303, 307, 308) and response.headers.get("Location"):
                response.release_conn()
                return response.headers["Location"]
            if status in (429, 503) or status >= 500:
                wait = retry_after(response.headers.get("Retry-After")) if status in (429, 503) else None
                response.release_conn()
                last = f"HTTP {status}"
                if wait is not None and wait > LONGEST_WAIT:
                    return Outcome(url, "failed", f"HTTP {status}, Retry-After {wait:.0f} s is too long")
                self.pacer.hold(url, wait if wait is not None else self.backoff * 2 ** attempt)
                continue
            if status == 304:
                response.release_conn()
                return Outcome(url, "not_modified", "not modified since the last fetch")
            if status != 200:
                response.release_conn()
                return Outcome(url, "skipped", f"HTTP {status}")
            return self._read(url, response, headers, started, accept)
        return Outcome(url, "failed", f"{last} after {self.retries + 1} attempts")

    def _read(self, url: str, response, request_headers: dict, started: datetime,
              accept: tuple[str, ...]) -> Outcome:
        import urllib3

        kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if kind and kind not in accept:
            response.release_conn()
            return Outcome(url, "skipped", f"not HTML or text ({kind})")
        length = response.headers.get("Content-Length")
        if length and length.isdigit() and int(length) > self.max_bytes:
            response.release_conn()
            return Outcome(url, "skipped", f"larger than {self.max_bytes} bytes")
        try:
            body = response.read(self.max_bytes + 1)
        except urllib3.exceptions.HTTPError as exc:
            return Outcome(url, "failed", "timeout" if "timed out" in str(exc) else f"network error ({exc})")
        finally:
            response.release_conn()
        if len(body) > self.max_bytes:
            return Outcome(url, "skipped", f"larger than {self.max_bytes} bytes")
        fetched = Fetched(url=url, status=200, reason=response.reason or "OK",
                          response_headers=list(response.headers.items()), body=body,
                          request_headers=list(request_headers.items()), fetched_at=started, metadata={})
        return Outcome(url, "fetched", fetched=fetched, headers=dict(response.headers))
