"""Align files: one sentence per line in, ``[ko ids]:[en ids]:score`` lines out."""

from __future__ import annotations

from pathlib import Path

from aligner.align import AlignOptions, align
from aligner.embed import Encoder
from aligner.fileio import DecodeError, decode_bytes, write_text_atomic
from aligner.records import Bead


def read_sentences(path: str | Path) -> list[str]:
    """One sentence per line; blank lines are kept so that ids stay line numbers."""
    data = Path(path).read_bytes()
    if not data.strip():
        return []
    try:
        return decode_bytes(data).splitlines()
    except DecodeError as exc:
        raise DecodeError(f"{path}: {exc}") from None


def format_beads(beads: list[Bead]) -> str:
    return "".join(b.to_line() + "\n" for b in beads)


def find_documents(folder: str | Path) -> list[tuple[str, Path, Path]]:
    """(name relative to folder, ko file, en file) for every DOC.ko with a DOC.en beside it."""
    root = Path(folder)
    docs = []
    for ko in sorted(root.rglob("*.ko")):
        en = ko.with_suffix(".en")
        if en.exists():
            docs.append((str(ko.relative_to(root).with_suffix("")), ko, en))
    return docs


def align_files(ko_file: str | Path, en_file: str | Path, encoder: Encoder,
                options: AlignOptions | None = None) -> list[Bead]:
    return align(read_sentences(ko_file), read_sentences(en_file), encoder, options)


def write_alignment(path: str | Path, beads: list[Bead]) -> None:
    write_text_atomic(path, format_beads(beads))
