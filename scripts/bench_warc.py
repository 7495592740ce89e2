#!/usr/bin/env python3
"""Memory of WARC ingest: stream a generated multi-GB archive and report the peak RSS.

    python scripts/bench_warc.py [--gigabytes 1.0] [--work work/bench-warc]

Writes a gzipped WARC of about the given size: HTML news pages (with the
menus and boilerplate of real pages, about 100 kB each) among image and PDF
responses, 404s and revisits, as a crawl holds them.  Then reads it with the
ingest's WARC reader (`aligner.ingest.warc.iter_warc`, article extraction
included) without keeping the articles, and reports pages, seconds and the
peak resident memory of the reading process.  The last line printed is one
JSON object.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import sys
import time
from pathlib import Path


def generate(path: Path, size: int, seed: int = 0) -> int:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    rng = random.Random(seed)
    menu = "".join(f"<li><a href='/section/{k}'>Section {k}</a></li>" for k in range(400))
    written = pages = 0
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        n = 0
        while written < size:
            n += 1
            roll = rng.random()
            url = f"https://news.example.org/article/{n}"
            if roll < 0.25:
                body = "".join(f"<p>Story {n}, paragraph {k}: the ministry said on day {k} that exports rose "
                               f"{rng.randint(1, 99)} percent in the {rng.choice(['north', 'south'])}.</p>"
                               for k in range(60))
                html = (f"<html><head><title>Story {n}</title></head><body><nav><ul>{menu}</ul></nav>"
                        f"<article><h1>Story {n}</h1>{body}</article><footer>{menu}</footer></body></html>").encode()
                payload, kind, status = html, "text/html; charset=utf-8", "200 OK"
                pages += 1
            elif roll < 0.85:
                payload = rng.randbytes(rng.randint(200_000, 600_000))
                kind, status = rng.choice(["image/jpeg", "application/pdf"]), "200 OK"
            elif roll < 0.95:
                payload, kind, status = b"not found", "text/plain", "404 Not Found"
            else:
                record = writer.create_warc_record(url, "revisit", payload=io.BytesIO(b""))
                writer.write_record(record)
                continue
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(payload),
                                               http_headers=StatusAndHeaders(status, [("Content-Type", kind)],
                                                                             protocol="HTTP/1.1"))
            writer.write_record(record)
            written = out.tell()
    return pages


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gigabytes", type=float, default=1.0)
    ap.add_argument("--work", type=Path, default=Path("work/bench-warc"))
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    path = args.work / "crawl.warc.gz"
    pages = generate(path, int(args.gigabytes * 2**30))
    pid = os.fork()
    if pid == 0:  # read in a fresh child, so its peak memory is the reader's alone
        from aligner.ingest.warc import iter_warc

        started, problems, read = time.time(), [], 0
        for article in iter_warc(path, problems):
            read += bool(article.body)
        report = {"read": read, "seconds": round(time.time() - started, 1), "notice": str(problems[-1])}
        (args.work / "report.json").write_text(json.dumps(report), encoding="utf-8")
        os._exit(0)
    os.waitpid(pid, 0)
    report = json.loads((args.work / "report.json").read_text(encoding="utf-8"))
    report.update(warc_gigabytes=round(path.stat().st_size / 2**30, 2), pages_written=pages,
                  peak_rss_mb=round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024))
    print(f"{report['warc_gigabytes']} GB WARC, {report['read']} of {pages} pages read in {report['seconds']} s, "
          f"peak RSS {report['peak_rss_mb']} MB")
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
