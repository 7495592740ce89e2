#!/usr/bin/env python3
"""The fetcher's rate limit, measured against a web site served on 127.0.0.1.

    python scripts/bench_fetch.py [--pages 200] [--rate 20] [--work work/bench-fetch]

Serves `--pages` pages (and a robots.txt that disallows /private/, linked
from every page) from a local server, fetches them all with `aligner fetch`
at `--rate` requests per second, and reports the elapsed time (expected:
pages / rate), the smallest gap between two requests the server saw, and the
requests to disallowed paths (expected: none).  The last line printed is one
JSON object.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from localsite import Site  # noqa: E402

from aligner.fetch import FetchOptions, fetch  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=200)
    ap.add_argument("--rate", type=float, default=20.0)
    ap.add_argument("--work", type=Path, default=Path("work/bench-fetch"))
    args = ap.parse_args()
    shutil.rmtree(args.work, ignore_errors=True)
    site = Site()
    site.page("/robots.txt", "User-agent: *\nDisallow: /private/\n", "text/plain")
    for n in range(args.pages):
        site.page(f"/page/{n}", f"<html><body><article><h1>Page {n}</h1><p>Story number {n} of the day.</p>"
                                f"</article><a href='/private/{n}'>private</a></body></html>")
    urls = [site.url(f"/page/{n}") for n in range(args.pages)] + [site.url("/private/0")]
    started = time.monotonic()
    report = fetch(urls, args.work, FetchOptions(contact="bench@example.org", rate=args.rate, concurrency=8,
                                                allow_private_addresses=True))
    seconds = time.monotonic() - started
    times = site.times("/page")
    site.close()
    result = {"pages": args.pages, "rate": args.rate, "seconds": round(seconds, 2),
              "expected_seconds": round(args.pages / args.rate, 2),
              "smallest_gap_s": round(min(b - a for a, b in zip(times, times[1:])), 4),
              "disallowed_requests": sum(1 for p, _, _ in site.requests if p.startswith("/private")),
              "fetched": report.outcomes["fetched"]}
    print(f"{result['fetched']} pages in {result['seconds']} s at --rate {args.rate} (expected "
          f"{result['expected_seconds']} s); smallest gap {result['smallest_gap_s']} s; "
          f"{result['disallowed_requests']} requests to disallowed paths")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
