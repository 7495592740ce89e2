"""What went wrong (or was repaired) while reading input, located by file and line."""

from __future__ import annotations

from dataclasses import dataclass

from aligner.fileio import display

ERROR = "error"  # the input (a file or a JSONL line) was rejected
NOTICE = "notice"  # the input was kept, repaired or skipped as a duplicate


class NotPages(Exception):
    """A file that holds no pages by design (a table of something else beside the pages): skipped
    with a notice, where a page without a story is an error."""


@dataclass(frozen=True)
class Problem:
    path: str
    message: str
    line: int | None = None  # 1-based line of a JSONL record
    level: str = ERROR

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", display(self.path))  # printable even for non-UTF-8 names

    @property
    def where(self) -> str:
        """``FILE:LINE`` (or ``FILE``), the way compilers and linters name a place."""
        return f"{self.path}:{self.line}" if self.line else self.path

    def __str__(self) -> str:
        return f"{self.level}: {self.where}: {self.message}"
