"""Which files to read: the paths given, and the regular files under given folders.

Scraped corpora hold everything: hidden files, symbolic links (also dangling
ones and loops), FIFOs and sockets, unreadable folders.  Only regular files
are read (a FIFO would block forever); every other entry is reported with the
reason it was skipped, never followed into a loop.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from aligner.fileio import page_suffix
from aligner.ingest.problems import ERROR, NOTICE, Problem

# Alignment files (one sentence per line: DOC.ko, DOC.en, DOC.gold, DOC.align), tables,
# code and data files live beside pages in corpora; they are not pages.  Markdown files
# are pages (scrapers write them), except a folder's own documents (README.md, LICENSE.md).
SKIP_SUFFIXES = {".ko", ".en", ".align", ".gold", ".tsv", ".py", ".json", ".npz", ".parquet",
                 # a saved page's resources: scripts, styles, images, fonts, media
                 ".js", ".mjs", ".css", ".map", ".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico",
                 ".bmp", ".tif", ".tiff", ".woff", ".woff2", ".ttf", ".otf", ".eot", ".mp3", ".mp4", ".webm", ".wasm"}
# "Save page as… Webpage, Complete" writes NAME.html and its resources in NAME_files/ (frames
# included: ads and players saved as HTML), which hold no story of their own
_PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
_DOCUMENTS = re.compile(r"(?:(?:readme|licen[cs]e|copying)(?:[._-][^/]*)?|changelog|changes|contributing|notice|"
                        r"authors|code_of_conduct|security)(?:\.(?:md|markdown|rst|txt))?", re.IGNORECASE)
FETCH_LOG = "fetch-log.jsonl"  # what `aligner fetch` did, beside its WARC files: not articles


@dataclass
class InputFiles:
    files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _check(path: Path) -> str | None:
    """Why `path` cannot be read as a page (None when it can)."""
    try:
        mode = path.stat().st_mode  # follows symbolic links
    except FileNotFoundError:
        return "dangling symbolic link" if path.is_symlink() else "no such file or folder"
    except OSError as exc:
        if exc.errno == 40:  # ELOOP
            return "symbolic link loop"
        return exc.strerror or str(exc)
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return f"{_kind(mode)}: skipped"


# what `aligner run` leaves in its work directory: a rerun with the work directory inside an
# input folder must not read the tool's own outputs as pages
_WORKDIR_FILES = ("state.json", "ingest.json")


def _is_workdir(folder: Path) -> bool:
    return all((folder / name).is_file() for name in _WORKDIR_FILES)


def _identity(path: str | Path) -> tuple[int, int] | None:
    """What a path is, whatever the way to it (links, `..`): device and inode; None if it is not
    there.  Cheaper than `os.path.realpath`, which looks at every folder on the way."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return info.st_dev, info.st_ino


def _walk(top: Path, out: InputFiles, skip: frozenset[tuple[int, int]] = frozenset()) -> None:
    """The page files under `top`, depth first in name order, with a stack instead of recursion
    (a folder nested a thousand deep is no reason to fail)."""
    # each frame: the folder's entries still to look at, the names in it, the folders above it
    stack: list[tuple[Iterator[os.DirEntry], set[str], frozenset[tuple[int, int]]]] = []

    def enter(folder: Path, above: frozenset[tuple[int, int]]) -> None:
        try:
            info = folder.stat()
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            out.problems.append(Problem(str(folder), exc.strerror or str(exc)))
            return
        if (info.st_dev, info.st_ino) in above:
            out.problems.append(Problem(str(folder), "folder already read (symbolic link loop): skipped",
                                        level=NOTICE))
            return
        stack.append((iter(entries), {entry.name for entry in entries}, above | {(info.st_dev, info.st_ino)}))

    enter(top, frozenset())
    while stack:
        entries, names, above = stack[-1]
        entry = next(entries, None)
        if entry is None:
            stack.pop()
            continue
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        if skip and _identity(path) in skip:
            continue
        reason = _check(path)
        if reason is None and path.is_dir() and _is_workdir(path):
            out.problems.append(Problem(str(path), "an aligner work directory (its outputs are no pages): skipped",
                                        level=NOTICE))
        elif reason is None and path.is_dir() and (page := _resources_of(entry.name, names)):
            out.problems.append(Problem(str(path), f"the resources a browser saved with {page} (no pages): skipped",
                                        level=NOTICE))
        elif reason is None and path.is_dir():
            enter(path, above)
        elif reason is None:
            if page_suffix(path) not in SKIP_SUFFIXES and path.name != FETCH_LOG \
                    and not _DOCUMENTS.fullmatch(path.name):
                out.files.append(path)
        else:  # FIFOs, sockets and devices are not pages (notice); a broken link may have been one
            out.problems.append(Problem(str(path), reason, level=NOTICE if reason.endswith("skipped") else ERROR))


def _resources_of(folder: str, names: set[str]) -> str | None:
    """The page whose resources folder `folder` is (``NAME_files`` beside ``NAME.html``)."""
    if not folder.endswith("_files"):
        return None
    stem = folder[:-len("_files")]
    return next((stem + suffix for suffix in _PAGE_SUFFIXES if stem + suffix in names), None)


def collect_files(paths: Iterable[str | Path], skip: Iterable[str | Path] = ()) -> InputFiles:
    """Files given directly, plus every regular file under given folders (sorted by name;
    hidden entries, non-page suffixes, a folder's own documents such as README.md, a saved
    page's resources folder, an aligner work directory and the paths in `skip`, the
    command's own output, skipped); everything else as problems."""
    out = InputFiles()
    skipped = frozenset(identity for path in skip if (identity := _identity(path)))
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            _walk(path, out, skipped)
            continue
        reason = _check(path)
        if reason is None:
            out.files.append(path)
        else:
            out.problems.append(Problem(str(path), reason))
    # a file named twice (a folder and a file in it) is read once
    unique: dict[str, Path] = {}
    for path in out.files:
        unique.setdefault(os.path.realpath(path), path)
    out.files = list(unique.values())
    return out
