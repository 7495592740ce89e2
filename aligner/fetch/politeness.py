"""What makes a crawler welcome: robots.txt obeyed and each host paced.

`Robots` fetches and caches every host's robots.txt (RFC 9309 through
Protego: groups by user agent, wildcards, ``Crawl-delay``).  A robots.txt
that is missing (4xx) allows everything; one that cannot be fetched (5xx,
timeout) disallows everything for that host, as the RFC asks.  `HostPacer`
spaces the requests to one host by at least the larger of 1/rate and the
host's crawl delay, whatever the number of worker threads.
"""

from __future__ import annotations

import threading
import time
from typing import Callable
from urllib.parse import urlsplit

Getter = Callable[[str], tuple[int, bytes]]  # url -> (status, body); status 0 when unreachable


def host_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


class Robots:
    def __init__(self, user_agent: str, get: Getter) -> None:
        self.user_agent = user_agent
        self._get = get
        self._rules: dict[str, object] = {}
        self._lock = threading.Lock()
        self._host_locks: dict[str, threading.Lock] = {}

    def _parser(self, host: str):
        with self._lock:
            lock = self._host_locks.setdefault(host, threading.Lock())
        with lock:  # one fetch of robots.txt per host, even with many threads
            if host not in self._rules:
                from protego import Protego

                status, body = self._get(f"{host}/robots.txt")
                if 200 <= status < 300:
                    rules: object = Protego.parse(body.decode("utf-8", errors="replace"))
                elif 400 <= status < 500:
                    rules = "allow"
                else:
                    rules = "disallow"
                self._rules[host] = rules
            return self._rules[host]

    def allowed(self, url: str) -> bool:
        rules = self._parser(host_of(url))
        if isinstance(rules, str):
            return rules == "allow"
        return rules.can_fetch(url, self.user_agent)

    def crawl_delay(self, url: str) -> float:
        rules = self._parser(host_of(url))
        if isinstance(rules, str):
            return 0.0
        return float(rules.crawl_delay(self.user_agent) or 0.0)


class HostPacer:
    """Request slots per host, `interval(host)` seconds apart."""

    def __init__(self, rate: float, crawl_delay: Callable[[str], float]) -> None:
        if rate <= 0:
            raise ValueError("the rate must be above 0 requests per second")
        self._min_interval = 1.0 / rate
        self._crawl_delay = crawl_delay
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, url: str, robots_known: bool = True) -> None:
        """Block until this thread may send a request to the url's host (and take that slot).
        robots_known=False for the request of robots.txt itself (its crawl delay is not known yet)."""
        host = host_of(url)
        interval = max(self._min_interval, self._crawl_delay(url) if robots_known else 0.0)
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next.get(host, now))
            self._next[host] = slot + interval
        delay = slot - time.monotonic()
        if delay > 0:
            time.sleep(delay)

    def hold(self, url: str, seconds: float) -> None:
        """No request to the host for `seconds` (a 429/503 with Retry-After)."""
        host = host_of(url)
        with self._lock:
            self._next[host] = max(self._next.get(host, 0.0), time.monotonic() + seconds)
