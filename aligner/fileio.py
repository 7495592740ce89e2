"""File helpers: atomic writes with ordinary permissions, and tolerant decoding of scraped text.

Every output of the tool goes through `atomic_path` (a file) or `atomic_dir` (a
folder): it is built under a temporary name beside its final place and renamed
onto it only once complete, so a failed or interrupted command never leaves a
half-written output under the final name, and an older output stays untouched
until the new one is whole.  Temporary names carry `TMP_MARK`, so a later run
can sweep away what a killed one (SIGKILL) left behind.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Iterator

TMP_MARK = ".aligner-tmp-"

# Files that are certainly not text, by their first bytes (a PNG renamed .txt, ...).
_MAGIC = {b"\x89PNG\r\n\x1a\n": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image",
          b"%PDF-": "a PDF document", b"PK\x03\x04": "a ZIP archive", b"\x1f\x8b": "a gzip archive",
          b"\x7fELF": "an executable", b"RIFF": "a RIFF (audio/video) file",
          b"SQLite format 3\x00": "an SQLite database"}
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_DECLARED = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HANGUL_SYLLABLE = re.compile(r"[\uac00-\ud7a3]")


class DecodeError(ValueError):
    """A file that is empty, binary or in no supported encoding."""


# ---- permissions and atomic outputs --------------------------------------------------------

def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _make_dirs(folder: Path) -> list[Path]:
    """Create `folder` and its missing parents; return the ones created (outermost first)."""
    missing = []
    for parent in [folder, *folder.parents]:
        if parent.exists():
            break
        missing.append(parent)
    folder.mkdir(parents=True, exist_ok=True)
    return missing[::-1]


def _remove_empty(created: list[Path]) -> None:
    for folder in reversed(created):
        with contextlib.suppress(OSError):
            folder.rmdir()


@contextlib.contextmanager
def atomic_path(target: str | Path, suffix: str = ".tmp") -> Iterator[Path]:
    """Yield a temporary path beside `target`; rename it onto `target` on success.

    The file gets the permissions of any new file (0666 less the umask, usually
    0644) instead of the private 0600 of temporary files.  On failure the
    temporary file is removed, and so are the folders this call created."""
    target = Path(target)
    created = _make_dirs(target.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}{TMP_MARK}", suffix=suffix, dir=target.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        _remove_empty(created)
        raise


@contextlib.contextmanager
def atomic_dir(target: str | Path) -> Iterator[Path]:
    """Yield a temporary folder beside `target`; swap it in for `target` on success.

    The old folder stays in place until the new one is complete; folders get
    0777 less the umask (usually 0755)."""
    target = Path(target)
    created = _make_dirs(target.parent)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}{TMP_MARK}", dir=target.parent))
    try:
        yield tmp
        _fix_modes(tmp)
        old = None
        if target.exists():
            old = target.with_name(f".{target.name}{TMP_MARK}old")
            shutil.rmtree(old, ignore_errors=True)
            target.rename(old)
        tmp.rename(target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        _remove_empty(created)
        raise


def _fix_modes(root: Path) -> None:
    mask = _umask()
    os.chmod(root, 0o777 & ~mask)
    for folder, dirs, files in os.walk(root):
        for name in dirs:
            os.chmod(os.path.join(folder, name), 0o777 & ~mask)
        for name in files:
            os.chmod(os.path.join(folder, name), 0o666 & ~mask)


def remove_stale_temporaries(folder: str | Path) -> list[Path]:
    """Delete temporary files and folders that a killed run left in `folder` (not recursive)."""
    removed = []
    folder = Path(folder)
    if not folder.is_dir():
        return removed
    for path in folder.iterdir():
        if path.name.startswith(".") and TMP_MARK in path.name:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def write_text_atomic(target: str | Path, text: str) -> None:
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8")


def display(name: str | Path) -> str:
    """A file name as printable text: bytes that are not UTF-8 (Python keeps them as lone
    surrogates) become U+FFFD, so messages and records can always be written."""
    return str(name).encode("utf-8", "surrogateescape").decode("utf-8", "replace")


# ---- decoding ------------------------------------------------------------------------------

def sniff_binary(data: bytes) -> str | None:
    """What a file is when its first bytes say it is not text (e.g. "a PNG image"), else None."""
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            return kind
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM shows NUL bytes at every other position (ASCII-heavy text)."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.3 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.3 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _plausible_korean(text: str) -> bool:
    """CP949 decodes many byte strings; it is the right guess when its non-ASCII output is
    Hangul, and Hangul of the common KS X 1001 set: Windows-1252 text comes out as rare
    syllables of CP949's extension (``’s`` reads as ``뭩``), real Korean almost never does."""
    wide = [c for c in text if ord(c) > 0x7F]
    if not wide:
        return True
    syllables = _HANGUL_SYLLABLE.findall(text)
    rare = sum(1 for c in syllables if not _in_ks_x_1001(c))
    return len(syllables) >= 0.8 * len(wide) and rare <= 0.1 * len(syllables)


def _in_ks_x_1001(char: str) -> bool:
    """One of the 2,350 precomposed syllables of KS X 1001: two bytes in EUC-KR (Python's codec
    writes other syllables as an eight-byte jamo sequence)."""
    try:
        return len(char.encode("euc-kr")) == 2
    except UnicodeEncodeError:
        return False


def _declared(data: bytes) -> str | None:
    """The encoding a page declares (meta charset, XML declaration), if Python knows it."""
    match = _DECLARED.search(data[:4096])
    if not match:
        return None
    try:
        return codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None


def detect_encoding(data: bytes) -> str:
    """The encoding of scraped text: a BOM, UTF-16 without one, UTF-8, CP949 (EUC-KR's
    superset) when Hangul comes out, the charset the page declares, then Windows-1252.

    A declared charset is only a hint: pages that declare one thing and hold another
    are common, so the bytes decide.  Raises DecodeError for data that is not text."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    utf16 = _utf16_without_bom(data)
    if utf16:
        return utf16
    with contextlib.suppress(UnicodeDecodeError):
        data.decode("utf-8")
        return "utf-8"
    with contextlib.suppress(UnicodeDecodeError):
        if _plausible_korean(data.decode("cp949")):
            return "cp949"
    declared = _declared(data)
    if declared:
        with contextlib.suppress(UnicodeDecodeError):
            data.decode(declared)
            return declared
    with contextlib.suppress(UnicodeDecodeError):
        data.decode("cp1252")
        return "cp1252"
    raise DecodeError("not text in UTF-8, UTF-16, CP949/EUC-KR or Windows-1252")


def _line_by_line(data: bytes, notes: list[str] | None) -> str | None:
    """The text of bytes whose lines are not all in one encoding: UTF-8 with a few damaged lines
    (a download cut inside a character, a stray byte, a fragment pasted from a CP949 page), or
    a CP949 page with a few lines pasted in UTF-8.  Each line is read as UTF-8, else as CP949
    when that gives Korean, else with its bad bytes as U+FFFD (a note says which).  Only tried
    when no encoding reads the whole (a Windows-1252 page, whose curly quotes are no UTF-8, has
    already been read as such); None unless it is text beyond doubt: UTF-8 with twenty valid
    non-ASCII characters at least and half as many as bad bytes (random high bytes hold about
    one valid sequence per eight bad bytes; a CP949 line, none), or lines that are each UTF-8 or
    Korean in CP949, both kinds present, and no other."""
    lines, utf8, korean, damaged = [], 0, 0, 0
    for line in data.split(b"\n"):
        try:
            lines.append(line.decode("utf-8"))
            utf8 += not line.isascii()
            continue
        except UnicodeDecodeError:
            pass
        with contextlib.suppress(UnicodeDecodeError):
            text = line.decode("cp949")
            if _HANGUL_SYLLABLE.search(text) and _plausible_korean(text):
                lines.append(text)
                korean += 1
                continue
        lines.append(line.decode("utf-8", errors="replace"))
        damaged += 1
    replaced = data.decode("utf-8", errors="replace")
    bad = replaced.count("\ufffd") - data.count("\ufffd".encode())
    wide = sum(1 for c in replaced if ord(c) > 0x7F and c != "\ufffd")
    if wide >= max(20, bad // 2):
        what = [f"{korean} read as CP949"] if korean else []
        what += [f"{damaged} with bytes that are no text shown as U+FFFD"] if damaged else []
        note = f"{korean + damaged} line(s) not in UTF-8 like the rest: {', '.join(what)}"
    elif utf8 and korean and not damaged:
        note = f"{utf8} line(s) in UTF-8 among lines in CP949: each read in its own"
    else:
        return None
    if notes is not None:
        notes.append(note)
    return "\n".join(lines)


def decode_bytes(data: bytes, notes: list[str] | None = None) -> str:
    """Decode page bytes (see `detect_encoding`); line ends become "\\n".  Lines not in the
    encoding of the rest are read each in its own (`_line_by_line`), with a note in `notes`
    when given.

    Raises DecodeError for empty input, known binary formats, data with many NUL
    bytes, or bytes that no supported encoding accepts."""
    if not data.strip():
        raise DecodeError("empty file")
    kind = sniff_binary(data)
    if kind:
        raise DecodeError(f"binary file ({kind}), not text")
    wide = data.startswith(tuple(bom for bom, _ in _BOMS[1:])) or _utf16_without_bom(data)
    if not wide and data.count(0) > max(4, len(data) // 1000):
        raise DecodeError("binary file (NUL bytes), not text")
    try:
        encoding = detect_encoding(data)
        text = data.decode(encoding).removeprefix("\ufeff")
    except (DecodeError, UnicodeDecodeError) as exc:  # no encoding fits, or a BOM lies
        repaired = None if wide else _line_by_line(data.removeprefix(codecs.BOM_UTF8), notes)
        if repaired is None and isinstance(exc, UnicodeDecodeError):
            raise DecodeError(f"not valid {encoding.upper()} text ({exc.reason} at byte {exc.start})") from None
        if repaired is None:
            raise
        text = repaired
    if not text.strip("\x00 \t\r\n"):
        raise DecodeError("empty file")
    return text.replace("\r\n", "\n").replace("\r", "\n")


# compressed pages (crawls store them so): gzip, bzip2, xz, read transparently up to a size
_COMPRESSED = {b"\x1f\x8b": "gzip", b"BZh": "bz2", b"\xfd7zXZ\x00": "lzma"}
COMPRESSION_SUFFIXES = (".gz", ".bz2", ".xz")
MAX_EXPANDED = 256 * 1024 * 1024  # a compressed page that expands beyond this is no page
# One page (text, HTML, Markdown, a browser's MHTML) is never larger: a log or a dump left
# beside the pages would take minutes and gigabytes to read as one.  Files of records
# (JSONL, CSV) and web archives hold many pages and have no such limit.
MAX_PAGE = 64 * 1024 * 1024


def page_suffix(path: Path) -> str:
    """A file's suffix in lower case, under a compression suffix (`page.html.gz` is `.html`)."""
    suffix = path.suffix.lower()
    return Path(path.stem).suffix.lower() if suffix in COMPRESSION_SUFFIXES else suffix


def read_page_bytes(path: str | Path, limit: int | None = None) -> bytes:
    """The bytes of a page file, decompressed when it is gzip, bzip2 or xz (whatever its
    name); raises DecodeError for a broken archive, one that expands beyond `MAX_EXPANDED`
    (a decompression bomb), or a file of more than `limit` bytes (`MAX_PAGE` for one page)."""
    with open(path, "rb") as handle:
        head = handle.read(6)
        size = os.fstat(handle.fileno()).st_size
    kind = next((name for magic, name in _COMPRESSED.items() if head.startswith(magic)), None)
    if kind is None:
        if limit is not None and size > limit:
            raise DecodeError(f"{size / 2**20:.0f} MiB, larger than any page (at most {limit >> 20} MiB): not a page")
        return Path(path).read_bytes()
    cap = MAX_EXPANDED if limit is None else min(limit, MAX_EXPANDED)
    import bz2
    import gzip
    import lzma
    import zlib

    opener = {"gzip": gzip.open, "bz2": bz2.open, "lzma": lzma.open}[kind]
    try:
        with opener(path, "rb") as stream:
            data = stream.read(cap + 1)
    except (OSError, EOFError, lzma.LZMAError, zlib.error):
        raise DecodeError(f"broken {kind} archive (truncated or corrupt)") from None
    if len(data) > cap:
        raise DecodeError(f"the {kind} archive expands beyond {cap >> 20} MiB: not a page")
    return data


def read_text(path: str | Path) -> str:
    """Decode a file as `decode_bytes` does; errors name the file."""
    try:
        return decode_bytes(Path(path).read_bytes())
    except DecodeError as exc:
        raise DecodeError(f"{path}: {exc}") from None
