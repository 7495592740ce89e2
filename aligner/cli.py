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


@app.command("align-pairs")
def align_pairs_cmd(
    articles: Path = typer.Argument(..., help="Article JSONL from 'aligner ingest'."),
    pairs: Path = typer.Argument(..., help="Pairs JSONL from 'aligner pair'."),
    out: Path = typer.Option(Path("aligned.jsonl"), "--out", "-o", help="Sentence-pair JSONL to write."),
    encoder: str = typer.Option("use-m3", help="Sentence encoder (see 'aligner align --help')."),
    cache: Optional[Path] = typer.Option(None, help="Embedding cache file (.npz) kept between runs."),
) -> None:
    """Align the sentences of every article pair; one JSON line per bead (1-0/0-1 included)."""
    from aligner.bitext import align_article_pairs
    from aligner.embed import load_encoder
    from aligner.records import read_articles, write_sentence_pairs

    try:
        arts = read_articles(articles)
        article_pairs = _read_pairs(pairs)
        enc = load_encoder(encoder, cache)
        rows = align_article_pairs(arts, article_pairs, enc)
    except (OSError, ValueError, RuntimeError) as exc:
        _err(f"error: {exc}")
        raise typer.Exit(2)
    write_sentence_pairs(out, rows)
    enc.save()
    _err(f"{len(rows)} sentence pairs from {len(article_pairs)} article pairs -> {out}")


def _read_pairs(path: Path):
    from aligner.pair import ArticlePair
    from aligner.records import iter_jsonl

    return [ArticlePair(d["ko_id"], d["en_id"], d.get("score") or 0.0, d.get("evidence") or {})
            for _, d in iter_jsonl(path) if d.get("ko_id") and d.get("en_id")]


def _translator(mt_model: Optional[str], mt_file: Optional[Path], no_mt: bool, require_mt: bool,
                cache_file: Path, **options):
    """The translator the options ask for, or None with a notice (an error with --require-mt)."""
    from aligner.translate import DEFAULT_MT_MODEL, MTUnavailable, load_translator

    if no_mt:
        if require_mt:
            raise typer.BadParameter("--no-mt and --require-mt contradict each other")
        return None
    try:
        return load_translator(mt_model, mt_file, cache_file, **options)
    except (MTUnavailable, ValueError, OSError) as exc:
        if require_mt:
            _err(f"error: {exc}")
            raise typer.Exit(2)
        _err(f"notice: no MT: {exc} The MT columns are left empty; the other scores are computed "
             f"(--require-mt makes this an error; default model: {DEFAULT_MT_MODEL}).")
        return None


@app.command("score")
def score_cmd(
    aligned: Path = typer.Argument(..., help="Sentence-pair JSONL from 'aligner align-pairs'."),
    out: Path = typer.Option(Path("scored.jsonl"), "--out", "-o", help="Scored sentence-pair JSONL to write."),
    mt_model: Optional[str] = typer.Option(None, help="MT model: hub id or local folder "
                                           "(default Helsinki-NLP/opus-mt-ko-en; Marian, M2M100 and NLLB work)."),
    mt_file: Optional[Path] = typer.Option(None, help="Translations made elsewhere: JSONL "
                                           "{source, translation} or TSV source<TAB>translation."),
    require_mt: bool = typer.Option(False, help="Fail when no MT model can be loaded."),
    no_mt: bool = typer.Option(False, help="Skip MT; compute the other scores."),
    mt_cache: Optional[Path] = typer.Option(None, help="Translation cache (SQLite); default beside OUT."),
    batch_size: int = typer.Option(0, help="Sentences per MT batch; 0 = auto (64 on CPU, 1024 on CUDA; "
                                   "halved on CUDA out-of-memory)."),
    device: str = typer.Option("auto", help="auto, cpu or cuda."),
    dtype: str = typer.Option("auto", help="auto (fp32), fp32, fp16 or bf16 (CUDA only)."),
    num_beams: int = typer.Option(1, help="Beam size (1 = greedy)."),
    max_new_tokens: int = typer.Option(128, help="Longest translation, in tokens."),
) -> None:
    """Score aligned pairs: MT (BLEU, chrF, chrF++ against the human English), embedding cosine,
    length ratio, number consistency, script checks and flags."""
    from aligner.records import read_sentence_pairs, write_sentence_pairs
    from aligner.score import score_pairs

    try:
        rows = read_sentence_pairs(aligned)
    except (OSError, ValueError) as exc:
        _err(f"error: {exc}")
        raise typer.Exit(2)
    translator = _translator(mt_model, mt_file, no_mt, require_mt, mt_cache or out.parent / "mt-cache.sqlite",
                             batch_size=batch_size, device=device, dtype=dtype, num_beams=num_beams,
                             max_new_tokens=max_new_tokens)
    score_pairs(rows, translator)
    write_sentence_pairs(out, rows)
    with_mt = sum(1 for r in rows if r.mt is not None)
    _err(f"scored {len(rows)} sentence pairs ({with_mt} with MT) -> {out}")


@app.command("evaluate-mt")
def evaluate_mt_cmd(
    scored: Path = typer.Argument(..., help="Scored sentence-pair JSONL from 'aligner score'."),
    system: list[str] = typer.Option([], help="NAME=FILE: another system's translations (JSONL "
                                     "{source, translation} or TSV), repeatable."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write the JSON report here (and a .md beside it)."),
    bootstrap: int = typer.Option(1000, help="Paired bootstrap samples (0 = none)."),
) -> None:
    """Corpus BLEU / chrF / TER of MT systems against the corpus's human English, with
    sacrebleu signatures, paired bootstrap resampling and a per-article breakdown."""
    from aligner.fileio import write_text_atomic
    from aligner.mt_eval import evaluate_systems, to_markdown
    from aligner.records import read_sentence_pairs
    from aligner.translate import FileTranslator

    try:
        rows = read_sentence_pairs(scored)
        systems: dict[str, list] = {}
        with_mt = [r.mt for r in rows]
        if any(h is not None for h in with_mt):
            systems[next(r.mt_model for r in rows if r.mt is not None) or "mt"] = with_mt
        for spec in system:
            name, sep, path = spec.partition("=")
            if not sep or not name or not path:
                raise ValueError(f"--system expects NAME=FILE, got {spec!r}")
            systems[name] = FileTranslator(path).translate([r.ko for r in rows])
        if not systems:
            raise ValueError(f"{scored}: no MT column and no --system given: nothing to evaluate")
        result = evaluate_systems(rows, systems, bootstrap)
    except (OSError, ValueError) as exc:
        _err(f"error: {exc}")
        raise typer.Exit(2)
    report = json.dumps(result, indent=2, ensure_ascii=False)
    if out:
        write_text_atomic(out, report + "\n")
        write_text_atomic(out.with_suffix(".md"), to_markdown(result))
    typer.echo(to_markdown(result) if out else report)


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
