"""File helpers: atomic writes and tolerant decoding of scraped text.

Every output of the tool goes through `atomic_path`, so an interrupted run never
leaves a half-written file behind under the final name.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Iterator

# Tried in order: BOM-aware UTF-8 first (most pages), then the Korean legacy
# code page (CP949 is a superset of EUC-KR, so it covers both).
ENCODINGS = ("utf-8-sig", "cp949")


class DecodeError(ValueError):
    """A file that is empty, binary or in no supported encoding."""


@contextlib.contextmanager
def atomic_path(target: str | Path, suffix: str = ".tmp") -> Iterator[Path]:
    """Yield a temporary path beside `target`; rename it onto `target` on success."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=suffix, dir=target.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_text_atomic(target: str | Path, text: str) -> None:
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8")


def decode_bytes(data: bytes) -> str:
    """Decode page bytes as UTF-8 (with or without BOM) or CP949/EUC-KR.

    Raises DecodeError for empty input, binary data (NUL bytes) or bytes that
    no supported encoding accepts.
    """
    if not data.strip():
        raise DecodeError("empty file")
    if b"\x00" in data[:8192]:
        raise DecodeError("binary file (NUL bytes)")
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text.replace("\r\n", "\n").replace("\r", "\n")
    raise DecodeError(f"not valid text in any of: {', '.join(ENCODINGS)}")


def read_text(path: str | Path) -> str:
    """Decode a file as `decode_bytes` does; errors name the file."""
    try:
        return decode_bytes(Path(path).read_bytes())
    except DecodeError as exc:
        raise DecodeError(f"{path}: {exc}") from None
