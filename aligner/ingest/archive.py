"""Pages in an archive: a ZIP file or a tarball, read like the folder it unpacks to.

Corpora and scraped pages are passed around as archives; the ZIP of a Korean
Windows machine names its files in CP949.  The archive is unpacked into a
temporary folder (regular files only, at safe paths, within a size limit: no
decompression bomb fills the disk), the folder's pages are chosen and read as
any folder's are, and every article and problem is named by the archive and the
member (``pages.zip/기사/ko.txt``).  An archive inside an archive is named, not
opened.
"""

from __future__ import annotations

import dataclasses
import shutil
import tarfile
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from typing import IO

from aligner import fileio
from aligner.fileio import DecodeError
from aligner.ingest.files import collect_files
from aligner.ingest.problems import NOTICE, Problem
from aligner.ingest.readers import RawArticle, Read

_TAR_SUFFIXES = (".tar", ".tgz", ".tar.gz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz")
_UTF8_NAMES = 0x800  # the ZIP flag saying a member's name is UTF-8


def is_archive(path: Path) -> bool:
    """True for a ZIP file or a tarball, by its name."""
    name = path.name.lower()
    return name.endswith(".zip") or name.endswith(_TAR_SUFFIXES)


def _zip_name(info: zipfile.ZipInfo) -> str:
    """A member's name as its maker wrote it: ZIP names without the UTF-8 flag are bytes that
    Python reads as CP437, though Korean Windows writes CP949 (and some tools UTF-8 unflagged)."""
    if info.flag_bits & _UTF8_NAMES:
        return info.filename
    raw = info.filename.encode("cp437")
    for encoding in ("utf-8", "cp949"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


def _members(path: Path) -> Iterator[tuple[str, Callable[[], IO[bytes]]]]:
    """(name, opener) of every regular file in the archive."""
    if path.name.lower().endswith(".zip"):
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                if not info.is_dir():
                    yield _zip_name(info), lambda info=info: archive.open(info)
        return
    with tarfile.open(path) as archive:
        for member in archive:
            if member.isfile():
                yield member.name, lambda member=member: archive.extractfile(member)


def _safe(name: str) -> PurePosixPath | None:
    """The member's path inside the unpacked folder; None for one that would leave it."""
    parts = [part for part in PurePosixPath(name.replace("\\", "/")).parts if part not in ("", ".", "/")]
    if not parts or ".." in parts:
        return None
    return PurePosixPath(*parts)


def _unpack(path: Path, folder: Path, problems: list[Problem]) -> None:
    """The archive's regular files under `folder`; raises DecodeError for a broken archive or
    one that expands beyond `fileio.MAX_EXPANDED` (a decompression bomb)."""
    left = fileio.MAX_EXPANDED
    try:
        for name, opener in _members(path):
            inside = _safe(name)
            if inside is None:
                problems.append(Problem(f"{path}/{name}", "a path outside the archive: skipped", level=NOTICE))
                continue
            target = folder / inside
            target.parent.mkdir(parents=True, exist_ok=True)
            with opener() as source, target.open("wb") as out:
                while chunk := source.read(1 << 20):
                    left -= len(chunk)
                    if left < 0:
                        raise DecodeError(f"archive expands beyond {fileio.MAX_EXPANDED >> 20} MiB: not read")
                    out.write(chunk)
    except (zipfile.BadZipFile, tarfile.TarError, EOFError, NotImplementedError, RuntimeError) as exc:
        raise DecodeError(f"broken archive ({exc})") from None


def read_archive(path: Path, read_file: Callable[[Path], Read]) -> Read:
    """The articles of every page in the archive, read by `read_file` as if unpacked, with
    their problems; articles and problems name the archive and the member."""
    problems: list[Problem] = []
    articles: list[RawArticle] = []
    folder = Path(tempfile.mkdtemp(prefix="aligner-archive-"))
    try:
        _unpack(path, folder, problems)
        found = collect_files([folder])

        def named(where: str) -> str:
            return str(path) + where[len(str(folder)):] if where.startswith(str(folder)) else where

        problems += [dataclasses.replace(p, path=named(p.path)) for p in found.problems]
        for member in found.files:
            if is_archive(member):
                problems.append(Problem(named(str(member)), "an archive inside an archive: not opened (unpack it)",
                                        level=NOTICE))
                continue
            raws, read_problems = read_file(member)
            problems += [dataclasses.replace(p, path=named(p.path)) for p in read_problems]
            articles += [dataclasses.replace(raw, origin=named(str(member))) for raw in raws]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return articles, problems
