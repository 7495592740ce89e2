"""WARC output of the fetcher: request, response and metadata records, gzip per record, rotated.

Files are ``aligner-00000.warc.gz``, ``aligner-00001.warc.gz``...; a new one
starts when the current one passes `max_bytes`.  Each fetch writes its three
records in one go under a lock and returns where they are (file, offset,
length), which the fetch log keeps; a fetcher killed mid-write leaves a torn
tail that `truncate_to` cuts off when the next run resumes.
"""

from __future__ import annotations

import io
import json
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from aligner import __version__

PREFIX = "aligner-"


@dataclass
class Fetched:
    """One HTTP exchange, as the fetcher saw it."""

    url: str
    status: int
    reason: str
    response_headers: list[tuple[str, str]]
    body: bytes
    request_headers: list[tuple[str, str]]
    fetched_at: datetime
    metadata: dict


def warc_date(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class WarcOutput:
    def __init__(self, folder: Path, max_bytes: int) -> None:
        self.folder = folder
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        folder.mkdir(parents=True, exist_ok=True)
        existing = sorted(folder.glob(f"{PREFIX}*.warc.gz"))
        self._index = int(existing[-1].name[len(PREFIX):len(PREFIX) + 5]) if existing else 0

    def _path(self) -> Path:
        return self.folder / f"{PREFIX}{self._index:05d}.warc.gz"

    def write(self, fetched: Fetched) -> tuple[str, int, int]:
        """Append the request, response and metadata records; return (file name, offset, length)."""
        from warcio.statusandheaders import StatusAndHeaders
        from warcio.warcwriter import WARCWriter

        buffer = io.BytesIO()
        writer = WARCWriter(buffer, gzip=True)
        date = warc_date(fetched.fetched_at)
        path = "/" + fetched.url.split("/", 3)[3] if fetched.url.count("/") >= 3 else "/"
        request = writer.create_warc_record(
            fetched.url, "request", payload=io.BytesIO(b""),
            http_headers=StatusAndHeaders(f"GET {path} HTTP/1.1", fetched.request_headers, is_http_request=True),
            warc_headers_dict={"WARC-Date": date})
        response = writer.create_warc_record(
            fetched.url, "response", payload=io.BytesIO(fetched.body),
            http_headers=StatusAndHeaders(f"{fetched.status} {fetched.reason}", fetched.response_headers,
                                          protocol="HTTP/1.1"),
            warc_headers_dict={"WARC-Date": date})
        metadata = writer.create_warc_record(
            fetched.url, "metadata", payload=io.BytesIO(json.dumps(fetched.metadata).encode("utf-8")),
            warc_content_type="application/json",
            warc_headers_dict={"WARC-Date": date,
                               "WARC-Concurrent-To": response.rec_headers.get_header("WARC-Record-ID")})
        for record in (request, response, metadata):
            writer.write_record(record)
        data = buffer.getvalue()
        with self._lock:
            target = self._path()
            if target.exists() and target.stat().st_size + len(data) > self.max_bytes:
                self._index += 1
                target = self._path()
            if not target.exists():
                target.write_bytes(_warcinfo())
            with target.open("ab") as out:
                offset = out.tell()
                out.write(data)
                out.flush()
        return target.name, offset, len(data)


def _warcinfo() -> bytes:
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    writer.write_record(writer.create_warcinfo_record(
        "", {"software": f"aligner/{__version__}", "format": "WARC File Format 1.1"}))
    return buffer.getvalue()


def truncate_to(folder: Path, ends: dict[str, int]) -> None:
    """Cut every WARC file after the end of its last logged record (the torn tail of a killed run);
    a file with no logged record holds nothing worth keeping and goes."""
    for path in sorted(folder.glob(f"{PREFIX}*.warc.gz")):
        end = ends.get(path.name)
        if end is None:
            path.unlink()
        elif path.stat().st_size > end:
            with path.open("r+b") as handle:
                handle.truncate(end)
