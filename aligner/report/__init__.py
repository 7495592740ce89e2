"""A static HTML report of a work directory: an overview and a viewer page per article pair.

`build_report(workdir, out)` reads what the stages wrote (`report.data`) and
writes ``index.html`` (counts per stage, score plots, the article-pair table),
``pairs/N.html`` (side-by-side viewer, one per article pair), ``data/pairs.js``
and ``assets/`` (the package's stylesheet and script).  Everything opens from
disk with no server and no network.  The folder is built beside its final
place and swapped in once complete.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from aligner.fileio import atomic_dir
from aligner.report.data import load_workdir
from aligner.report.html import overview, pairs_script, viewer

__all__ = ["ReportSummary", "build_report"]

ASSETS = Path(__file__).with_name("assets")


@dataclass
class ReportSummary:
    index: Path
    pairs: int


def build_report(workdir: str | Path, out_dir: str | Path) -> ReportSummary:
    """Write the report of `workdir` to `out_dir` (replacing an older one only once complete)."""
    data = load_workdir(workdir)
    out = Path(out_dir)
    with atomic_dir(out) as stage:
        (stage / "pairs").mkdir()
        (stage / "data").mkdir()
        shutil.copytree(ASSETS, stage / "assets")
        (stage / "index.html").write_text(overview(data), encoding="utf-8")
        (stage / "data" / "pairs.js").write_text(pairs_script(data), encoding="utf-8")
        for pair in data.pairs:
            (stage / "pairs" / f"{pair.number}.html").write_text(viewer(pair, len(data.pairs)), encoding="utf-8")
    return ReportSummary(out / "index.html", len(data.pairs))
