"""Command line: a thin typer layer over the pipeline stages."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.progress import Progress

app = typer.Typer(
    add_completion=False, no_args_is_help=True, rich_markup_mode=None,
    help="Korean-English news alignment: ingest pages, align sentences, evaluate.")


def _err(message: str) -> None:
    typer.echo(message, err=True)


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(..., help="Files or folders (searched recursively): "
                                       "page text dumps, .html/.htm pages, .jsonl records."),
    out: Path = typer.Option(Path("articles.jsonl"), "--out", "-o", help="Article JSONL to write."),
    lang: str = typer.Option("auto", help="ko, en, or auto (detected from the script)."),
    strict: bool = typer.Option(False, help="Fail (exit 1) if any file could not be ingested."),
) -> None:
    """Read raw news pages and write one cleaned, sentence-split article per line."""
    from aligner.ingest import collect_files, ingest_paths
    from aligner.records import write_articles

    if lang not in ("ko", "en", "auto"):
        raise typer.BadParameter("must be ko, en or auto", param_hint="--lang")
    missing = [str(p) for p in paths if not p.exists()]
    for path in missing:
        _err(f"error: {path}: no such file or folder")
    total = len(collect_files(p for p in paths if p.exists()))
    with Progress(transient=True, disable=not sys.stderr.isatty()) as progress:
        task = progress.add_task("ingest", total=total)
        result = ingest_paths([p for p in paths if p.exists()], lang=lang,
                              on_file=lambda _: progress.advance(task))
    for path, reason in result.errors:
        _err(f"error: {path}: {reason}")
    write_articles(out, result.articles)
    by_lang = {k: sum(a.lang == k for a in result.articles) for k in ("ko", "en")}
    failed = len(result.errors) + len(missing)
    _err(f"ingested {len(result.articles)} articles (ko {by_lang['ko']}, en {by_lang['en']}) "
         f"from {total} files, {failed} failed -> {out}")
    if not result.articles or (strict and failed):
        raise typer.Exit(1)


@app.command("align")
def align_cmd(
    ko_file: Optional[Path] = typer.Argument(None, help="Korean sentences, one per line."),
    en_file: Optional[Path] = typer.Argument(None, help="English sentences, one per line."),
    out: Optional[Path] = typer.Option(None, "--out", "-o",
                                       help="Output file (stdout if omitted); with --batch, the output folder."),
    batch: Optional[Path] = typer.Option(None, help="Align every DOC.ko/DOC.en in this folder "
                                         "to OUT/DOC.align."),
    encoder: str = typer.Option("use-m3", help="use-m3 (offline default) or a sentence-transformers "
                                "model id or folder (e.g. LaBSE)."),
    cache: Optional[Path] = typer.Option(None, help="Embedding cache file (.npz) kept between runs."),
) -> None:
    """Align sentences; writes one '[ko ids]:[en ids]:score' bead per line."""
    from aligner.align.batch import align_files, find_documents, format_beads, write_alignment
    from aligner.embed import load_encoder

    if batch is None and (ko_file is None or en_file is None):
        raise typer.BadParameter("give KO_FILE and EN_FILE, or --batch DIR --out PRED_DIR")
    if batch is not None and out is None:
        raise typer.BadParameter("--batch needs --out PRED_DIR", param_hint="--out")
    for path in (ko_file, en_file, batch):
        if path is not None and not path.exists():
            _err(f"error: {path}: no such file or folder")
            raise typer.Exit(2)
    try:
        enc = load_encoder(encoder, cache)
    except RuntimeError as exc:
        _err(f"error: {exc}")
        raise typer.Exit(2)
    if batch is None:
        beads = align_files(ko_file, en_file, enc)
        if out is None:
            sys.stdout.write(format_beads(beads))
        else:
            write_alignment(out, beads)
    else:
        docs = find_documents(batch)
        if not docs:
            _err(f"error: {batch}: no DOC.ko with a matching DOC.en")
            raise typer.Exit(1)
        with Progress(transient=True, disable=not sys.stderr.isatty()) as progress:
            task = progress.add_task("align", total=len(docs))
            for name, ko, en in docs:
                write_alignment(out / f"{name}.align", align_files(ko, en, enc))
                progress.advance(task)
        _err(f"aligned {len(docs)} documents -> {out}")
    enc.save()


@app.command("pair")
def pair_cmd(
    ko_articles: Path = typer.Argument(..., help="Article JSONL from 'aligner ingest' (Korean, or both languages)."),
    en_articles: Optional[Path] = typer.Argument(None, help="English article JSONL (omit when KO_ARTICLES has both)."),
    out: Path = typer.Option(Path("pairs.jsonl"), "--out", "-o", help="Pairs JSONL to write."),
    window_days: int = typer.Option(2, help="Largest publication-date gap of a pair, in days."),
    min_margin: float = typer.Option(0.1, help="How far a pair must stand out from the articles' other candidates."),
    encoder: str = typer.Option("use-m3", help="Sentence encoder (see 'aligner align --help')."),
    cache: Optional[Path] = typer.Option(None, help="Embedding cache file (.npz) kept between runs."),
) -> None:
    """Find which English article renders which Korean one (one-to-one).

    Writes one JSON line per pair (ko_id, en_id, score, evidence: similarity, margin,
    date gap, shared numbers and names, length ratio, undated flag), then one line
    per unpaired article (the other id null)."""
    from aligner.embed import load_encoder
    from aligner.pair import PairOptions, pair_articles
    from aligner.records import read_articles, write_jsonl

    try:
        first = read_articles(ko_articles)
        second = read_articles(en_articles) if en_articles else []
    except (OSError, ValueError) as exc:
        _err(f"error: {exc}")
        raise typer.Exit(2)
    if en_articles is None:
        ko = [a for a in first if a.lang == "ko"]
        en = [a for a in first if a.lang == "en"]
    else:
        ko, en = first, second
    try:
        result = pair_articles(ko, en, load_encoder(encoder, cache),
                               PairOptions(window_days=window_days, min_margin=min_margin))
    except (RuntimeError, ValueError) as exc:
        _err(f"error: {exc}")
        raise typer.Exit(2)
    rows = [p.to_dict() for p in result.pairs]
    rows += [{"ko_id": i, "en_id": None, "score": None, "evidence": {}} for i in result.unpaired_ko]
    rows += [{"ko_id": None, "en_id": i, "score": None, "evidence": {}} for i in result.unpaired_en]
    write_jsonl(out, rows)
    _err(f"{len(result.pairs)} pairs; unpaired: {len(result.unpaired_ko)} Korean, "
         f"{len(result.unpaired_en)} English; {len(result.undated)} undated articles -> {out}")


@app.command("evaluate-alignment")
def evaluate_alignment(
    gold_dir: Path = typer.Argument(..., help="Folder of DOC.gold files (or a benchmark split)."),
    pred_dir: Path = typer.Argument(..., help="Folder of DOC.align files at the same relative paths."),
) -> None:
    """Strict and lax precision, recall and F1 of predicted alignments (JSON on stdout)."""
    from aligner.evaluate import evaluate_dirs

    try:
        result = evaluate_dirs(gold_dir, pred_dir)
    except ValueError as exc:
        _err(f"error: {exc}")
        raise typer.Exit(2)
    typer.echo(json.dumps(result, indent=2))


def main() -> None:
    app()


if __name__ == "__main__":
    main()
