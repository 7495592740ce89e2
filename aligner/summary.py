"""The closing summary of `aligner run`, as a readable table on the terminal."""

from __future__ import annotations

import sys

from rich.console import Console
from rich.table import Table


def print_summary(summary: dict, file=None) -> None:
    """Stages with their times, the counts, the mean scores and where the files are."""
    console = Console(file=file or sys.stderr, highlight=False, soft_wrap=True)
    stages = Table(title="aligner run", title_justify="left", show_edge=False)
    stages.add_column("stage")
    stages.add_column("time", justify="right")
    for name, took in summary["stages"].items():
        stages.add_row(name, took)
    console.print(stages)
    counts = Table(show_header=False, show_edge=False, box=None, padding=(0, 2))
    counts.add_column(style="bold")
    counts.add_column()
    articles = summary["articles"]
    counts.add_row("articles", f"{articles.get('ko', 0)} Korean, {articles.get('en', 0)} English")
    counts.add_row("article pairs", str(summary["article_pairs"]))
    splits = ", ".join(f"{k} {v}" for k, v in summary["splits"].items())
    counts.add_row("sentence pairs", f"{summary['sentence_pairs']}" + (f" ({splits})" if splits else ""))
    counts.add_row("alignment types", ", ".join(f"{k} {v}" for k, v in summary["alignment_types"].items()) or "–")
    means = [f"{label} {summary[key]}" for key, label in (("mean_confidence", "confidence"),
                                                           ("mean_similarity", "similarity"),
                                                           ("mean_chrf", "chrF"), ("mean_bleu", "BLEU"))
             if summary.get(key) is not None]
    counts.add_row("mean scores", ", ".join(means) or "–")
    mt = summary.get("mt") or {}
    if mt.get("ran"):
        counts.add_row("MT evidence", "used for confidence" if mt.get("evidence_used") else f"not used: {mt['note']}")
    counts.add_row("dataset", summary["dataset"])
    counts.add_row("other formats", summary["other_formats"])
    if summary.get("report"):
        counts.add_row("report", summary["report"])
    counts.add_row("work directory", summary["workdir"])
    console.print(counts)
