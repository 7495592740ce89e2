"""Command line: a thin typer layer over the pipeline stages (`aligner.pipeline`)."""

from __future__ import annotations

import json
import math
import os
import re
import signal
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.progress import Progress

app = typer.Typer(
    add_completion=False, no_args_is_help=True, rich_markup_mode=None, pretty_exceptions_enable=False,
    help="Korean-English news alignment: ingest pages, pair articles, align sentences, "
         "score against MT, export a parallel corpus.  'aligner run' does it all.")


def _err(message: str) -> None:
    from aligner.fileio import display

    typer.echo(display(message), err=True)


def _fail(exc: Exception, code: int = 2) -> typer.Exit:
    _err(f"error: {exc}")
    return typer.Exit(code)


def _progress() -> Progress:
    return Progress(transient=True, disable=not sys.stderr.isatty())


# Options shared by several commands.
ENCODER = typer.Option("use-m3", help="Sentence encoder: use-m3 (offline default) or a sentence-transformers "
                       "model id or folder (e.g. LaBSE).")
CACHE = typer.Option(None, help="Embedding cache file (.npz) kept between runs.")
MT_MODEL = typer.Option(None, help="MT model: hub id or local folder (default Helsinki-NLP/opus-mt-ko-en; "
                        "Marian, M2M100 and NLLB work).")
MT_FILE = typer.Option(None, help="Translations made elsewhere: JSONL {source, translation} or TSV "
                       "source<TAB>translation.")
REQUIRE_MT = typer.Option(False, help="Fail when no MT model can be loaded.")
NO_MT = typer.Option(False, "--no-mt", help="Skip MT; compute the other scores.")
BATCH_SIZE = typer.Option(0, help="Sentences per MT batch; 0 = auto (64 on CPU, 1024 on CUDA; halved on "
                          "CUDA out-of-memory).")
DEVICE = typer.Option("auto", help="auto, cpu or cuda.")
DTYPE = typer.Option("auto", help="transformers backend: auto (fp32), fp32, fp16 or bf16 (CUDA only).")
MT_BACKEND = typer.Option("auto", help="transformers, ct2 (CTranslate2: pip install 'aligner[ct2]') or auto "
                          "(ct2 when installed and it runs the model, else transformers).")
COMPUTE_TYPE = typer.Option("auto", help="ct2 backend: auto (int8 on CPU, int8_float16 on CUDA), int8, "
                            "int8_float32, int8_float16, float16, bfloat16 or float32.")
NUM_BEAMS = typer.Option(1, help="Beam size (1 = greedy).")
MAX_NEW_TOKENS = typer.Option(128, help="Longest translation, in tokens.")
WINDOW_DAYS = typer.Option(2, help="Largest publication-date gap of an article pair, in days.")


def _finite(value: Optional[float]) -> Optional[float]:
    """A threshold must be a number: nan passes every range check and compares false with all."""
    if value is not None and not math.isfinite(value):
        raise typer.BadParameter(f"must be a number, not {value}")
    return value


MIN_MARGIN = typer.Option(0.1, callback=_finite, help="How far an article pair must stand out from both "
                          "articles' other candidates (where there are any).")
MIN_SCORE = typer.Option(None, callback=_finite, help="Lowest score of an article pair, competitors or not "
                         "(default: the threshold calibrated for the default encoder, see "
                         "scripts/calibrate_pairing.py).")
STRICT = typer.Option(False, help="Fail (exit 1) if any input file or JSONL line is rejected; nothing is written.")
URL_FILTER = typer.Option(None, help="WARC input: keep only the records whose URL matches this regular expression.")
FORMATS = typer.Option("hf,jsonl,tsv,moses,tmx", help="Comma-separated: hf, jsonl, tsv, moses, tmx.")
LICENSE = typer.Option("other", help="Licence id for the dataset card (e.g. cc-by-4.0).")
MIN_SIMILARITY = typer.Option(None, min=-1.0, max=1.0, callback=_finite,
                              help="Drop pairs whose embedding similarity is below this.")
MIN_CHRF = typer.Option(None, min=0.0, max=100.0, callback=_finite,
                        help="Drop pairs whose chrF against MT is below this (or that have no MT).")
KEEP_UNALIGNED = typer.Option(False, help="Keep sentences without counterpart (one side empty).")
MIN_CONFIDENCE = typer.Option(None, min=0.0, max=1.0, callback=_finite,
                              help="Drop pairs whose confidence (probability that the sides translate each other) "
                              "is below this; default: the threshold chosen on the benchmark, see README.")
KEEP_LOW_CONFIDENCE = typer.Option(False, help="Keep pairs below --min-confidence, flagged low_confidence.")
TITLES = typer.Option(False, help="Add each article pair's headlines as a row (alignment 'title'); like every "
                      "row, kept only above the confidence threshold (headlines are often rewrites).")
DROP_FLAG = typer.Option([], help="Drop pairs with this flag (numbers_differ, length_ratio, ...); repeatable.")


def _mt_options(mt_model, mt_file, no_mt, batch_size, device, dtype, num_beams, max_new_tokens, backend,
                compute_type) -> dict:
    from aligner.ct2 import COMPUTE_TYPES
    from aligner.translate import BACKENDS

    if backend not in BACKENDS:
        raise typer.BadParameter(f"must be one of {', '.join(BACKENDS)}", param_hint="--mt-backend")
    if compute_type not in COMPUTE_TYPES:
        raise typer.BadParameter(f"must be one of {', '.join(COMPUTE_TYPES)}", param_hint="--compute-type")
    if no_mt:
        return {"no_mt": True}
    if mt_file:
        return {"mt_file": str(mt_file)}
    return {"model": mt_model, "batch_size": batch_size, "device": device, "dtype": dtype,
            "num_beams": num_beams, "max_new_tokens": max_new_tokens, "backend": backend,
            "compute_type": compute_type}


def _export_options(formats, license, min_similarity, min_chrf, keep_unaligned, drop_flag, min_confidence,
                    keep_low_confidence):
    from aligner.confidence import DEFAULT_MIN_CONFIDENCE
    from aligner.export import ExportOptions

    return ExportOptions(formats=tuple(f.strip() for f in formats.split(",") if f.strip()), license=license,
                         keep_unaligned=keep_unaligned, min_similarity=min_similarity, min_chrf=min_chrf,
                         drop_flags=tuple(drop_flag), keep_low_confidence=keep_low_confidence,
                         min_confidence=DEFAULT_MIN_CONFIDENCE if min_confidence is None else min_confidence)


def _pair_options(window_days: int, min_margin: float, min_score: Optional[float], encoder: str):
    from aligner.embed import DEFAULT_ENCODER
    from aligner.pair import MIN_SCORE, PairOptions

    if min_score is None and encoder != DEFAULT_ENCODER:
        _err(f"notice: the pairing threshold {MIN_SCORE} was calibrated for {DEFAULT_ENCODER}; for {encoder}, "
             f"run scripts/calibrate_pairing.py DATA --encoder {encoder} and pass its MIN_SCORE as --min-score")
    return PairOptions(window_days=window_days, min_margin=min_margin,
                       min_score=MIN_SCORE if min_score is None else min_score)


def _regex(pattern: Optional[str], option: str = "--url-filter") -> Optional[str]:
    if pattern is not None:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise typer.BadParameter(f"not a regular expression: {exc}", param_hint=option)
    return pattern


def _encoder(spec: str, cache: Optional[Path]):
    from aligner.embed import load_encoder

    try:
        return load_encoder(spec, cache)
    except RuntimeError as exc:
        raise _fail(exc)


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(..., help="Files or folders (searched recursively): "
                                       "page text dumps, .html/.htm pages, pages a browser saved as one file (.mhtml), "
                                       "Markdown pages (.md, as scrapers write them), RSS/Atom feeds, .jsonl records, "
                                       ".csv/.tsv tables of records, .warc/.warc.gz archives, and .zip files "
                                       "or tarballs of any of these."),
    out: Path = typer.Option(Path("articles.jsonl"), "--out", "-o", help="Article JSONL to write."),
    lang: str = typer.Option("auto", help="ko, en, or auto (detected from the script; a Latin-script text in another "
                            "language than English, French say, is rejected)."),
    strict: bool = STRICT,
    url_filter: Optional[str] = URL_FILTER,
) -> None:
    """Read raw news pages and write one cleaned, sentence-split article per line.

    Every problem is reported on stderr as 'error: FILE[:LINE]: reason' (the input was
    rejected) or 'notice: ...' (kept, repaired or skipped as a duplicate).  Exit code 1
    when nothing could be ingested, or with --strict when anything was rejected; the
    output is then left as it was."""
    from aligner.ingest import collect_files
    from aligner.pipeline import ingest_failure, ingest_stage

    if lang not in ("ko", "en", "auto"):
        raise typer.BadParameter("must be ko, en or auto", param_hint="--lang")
    total = len(collect_files(paths, skip=[out]).files)
    try:
        with _progress() as progress:
            task = progress.add_task("ingest", total=total)
            result = ingest_stage(paths, out, lang, on_file=lambda _: progress.advance(task), strict=strict,
                                  url_filter=_regex(url_filter))
    except OSError as exc:  # the output cannot be written (a folder, no permission, disk full)
        raise _fail(f"cannot write {out}: {exc.strerror or exc}")
    for line in result.messages():
        _err(line)
    by_lang = {k: sum(a.lang == k for a in result.articles) for k in ("ko", "en")}
    _err(f"ingested {len(result.articles)} articles (ko {by_lang['ko']}, en {by_lang['en']}) "
         f"from {total} files; {len(result.errors)} rejected" + (f" -> {out}" if result.ok(strict) else ""))
    if not result.ok(strict):
        _err(f"error: {ingest_failure(result)}")
        raise typer.Exit(1)


@app.command("pair")
def pair_cmd(
    ko_articles: Path = typer.Argument(..., help="Article JSONL from 'aligner ingest' (Korean, or both languages)."),
    en_articles: Optional[Path] = typer.Argument(None, help="English article JSONL (omit when KO_ARTICLES has both)."),
    out: Path = typer.Option(Path("pairs.jsonl"), "--out", "-o", help="Pairs JSONL to write."),
    window_days: int = WINDOW_DAYS,
    min_margin: float = MIN_MARGIN,
    min_score: Optional[float] = MIN_SCORE,
    encoder: str = ENCODER,
    cache: Optional[Path] = CACHE,
) -> None:
    """Find which English article renders which Korean one (one-to-one).

    Writes one JSON line per pair (ko_id, en_id, score, evidence: similarity, margin,
    date gap, shared numbers and names, length ratio, undated flag), then one line
    per unpaired article (the other id null; evidence: why it stayed unpaired, its
    best candidate and that candidate's score)."""
    from aligner.pipeline import pair_stage

    options = _pair_options(window_days, min_margin, min_score, encoder)
    enc = _encoder(encoder, cache)
    try:
        result = pair_stage(ko_articles, out, enc, options, en_articles)
    except (OSError, ValueError, RuntimeError) as exc:
        raise _fail(exc)
    enc.save()
    _err(f"{len(result.pairs)} pairs; unpaired: {len(result.unpaired_ko)} Korean, "
         f"{len(result.unpaired_en)} English; {len(result.undated)} undated articles -> {out}")


@app.command("align")
def align_cmd(
    ko_file: Optional[Path] = typer.Argument(None, help="Korean sentences, one per line."),
    en_file: Optional[Path] = typer.Argument(None, help="English sentences, one per line."),
    out: Optional[Path] = typer.Option(None, "--out", "-o",
                                       help="Output file (stdout if omitted); with --batch, the output folder."),
    batch: Optional[Path] = typer.Option(None, help="Align every DOC.ko/DOC.en in this folder to OUT/DOC.align."),
    encoder: str = ENCODER,
    cache: Optional[Path] = CACHE,
) -> None:
    """Align sentences; writes one '[ko ids]:[en ids]:score' bead per line."""
    from aligner.align.batch import align_files, find_documents, format_beads, write_alignment

    if batch is None and (ko_file is None or en_file is None):
        raise typer.BadParameter("give KO_FILE and EN_FILE, or --batch DIR --out PRED_DIR")
    if batch is not None and out is None:
        raise typer.BadParameter("--batch needs --out PRED_DIR", param_hint="--out")
    for path in (ko_file, en_file, batch):
        if path is not None and not path.exists():
            raise _fail(f"{path}: no such file or folder")
    enc = _encoder(encoder, cache)
    try:
        if batch is None:
            beads = align_files(ko_file, en_file, enc)
            if out is None:
                sys.stdout.write(format_beads(beads))
            else:
                write_alignment(out, beads)
        else:
            docs = find_documents(batch)
            if not docs:
                raise _fail(f"{batch}: no DOC.ko with a matching DOC.en", 1)
            with _progress() as progress:
                task = progress.add_task("align", total=len(docs))
                for name, ko, en in docs:
                    write_alignment(out / f"{name}.align", align_files(ko, en, enc))
                    progress.advance(task)
            _err(f"aligned {len(docs)} documents -> {out}")
    except ValueError as exc:  # an undecodable input file
        raise _fail(exc)
    enc.save()


@app.command("align-pairs")
def align_pairs_cmd(
    articles: Path = typer.Argument(..., help="Article JSONL from 'aligner ingest'."),
    pairs: Path = typer.Argument(..., help="Pairs JSONL from 'aligner pair'."),
    out: Path = typer.Option(Path("aligned.jsonl"), "--out", "-o", help="Sentence-pair JSONL to write."),
    encoder: str = ENCODER,
    cache: Optional[Path] = CACHE,
    titles: bool = TITLES,
) -> None:
    """Align the sentences of every article pair; one JSON line per bead (1-0/0-1 included), with the
    features and the confidence of every pair."""
    from aligner.pipeline import align_stage

    enc = _encoder(encoder, cache)
    try:
        count = align_stage(articles, pairs, out, enc, titles)
    except (OSError, ValueError) as exc:
        raise _fail(exc)
    enc.save()
    _err(f"{count} sentence pairs -> {out}")


@app.command("score")
def score_cmd(
    aligned: Path = typer.Argument(..., help="Sentence-pair JSONL from 'aligner align-pairs'."),
    out: Path = typer.Option(Path("scored.jsonl"), "--out", "-o", help="Scored sentence-pair JSONL to write."),
    mt_model: Optional[str] = MT_MODEL,
    mt_file: Optional[Path] = MT_FILE,
    require_mt: bool = REQUIRE_MT,
    no_mt: bool = NO_MT,
    mt_cache: Optional[Path] = typer.Option(None, help="Translation cache (SQLite); default beside OUT."),
    batch_size: int = BATCH_SIZE,
    device: str = DEVICE,
    dtype: str = DTYPE,
    mt_backend: str = MT_BACKEND,
    compute_type: str = COMPUTE_TYPE,
    num_beams: int = NUM_BEAMS,
    max_new_tokens: int = MAX_NEW_TOKENS,
) -> None:
    """Score aligned pairs: MT (BLEU, chrF, chrF++ against the human English), embedding cosine,
    length ratio, number consistency, script checks and flags. The confidence takes in MT evidence
    (does the MT match its own English better than the English around it?) only when the MT
    points at the English of the pairs the aligner is sure of; a weak or wrong model is set aside,
    with a warning."""
    from aligner.pipeline import open_translator, score_stage
    from aligner.translate import MTUnavailable

    if no_mt and require_mt:
        raise typer.BadParameter("--no-mt and --require-mt contradict each other")
    options = _mt_options(mt_model, mt_file, no_mt, batch_size, device, dtype, num_beams, max_new_tokens,
                          mt_backend, compute_type)
    try:
        rows, _ = score_stage(aligned, out, lambda: open_translator(
            options, mt_cache or out.parent / "mt-cache.sqlite", require_mt, _err), log=_err)
    except (MTUnavailable, OSError, ValueError) as exc:
        raise _fail(exc)
    with_mt = sum(1 for r in rows if r.mt is not None)
    _err(f"scored {len(rows)} sentence pairs ({with_mt} with MT) -> {out}")


@app.command("export")
def export_cmd(
    source: Path = typer.Argument(..., help="A work directory of 'aligner run', or a scored sentence-pair JSONL."),
    out: Path = typer.Option(..., "--out", "-o", help="Folder for the dataset (and the other formats)."),
    formats: str = FORMATS,
    license: str = LICENSE,
    min_similarity: Optional[float] = MIN_SIMILARITY,
    min_chrf: Optional[float] = MIN_CHRF,
    keep_unaligned: bool = KEEP_UNALIGNED,
    drop_flag: list[str] = DROP_FLAG,
    min_confidence: Optional[float] = MIN_CONFIDENCE,
    keep_low_confidence: bool = KEEP_LOW_CONFIDENCE,
) -> None:
    """Export a Hugging Face dataset (parquet shards + dataset card; train/validation/test by
    article pair) and TMX, Moses, TSV and JSONL files, after filters and deduplication."""
    from aligner.pipeline import export_stage

    scored, articles, record = (source / "scored.jsonl", source / "articles.jsonl", source / "score.json") \
        if source.is_dir() else (source, None, None)
    try:
        report = export_stage(scored, out, _export_options(formats, license, min_similarity, min_chrf,
                                                           keep_unaligned, drop_flag, min_confidence,
                                                           keep_low_confidence), articles, score_record=record)
    except (OSError, ValueError) as exc:
        raise _fail(exc)
    _err("rows: " + ", ".join(f"{k} {v}" for k, v in report.rows.items()))
    _err("removed: " + ", ".join(f"{k} {v}" for k, v in report.removed.items()))
    _err(f"splits: {report.split_note}")
    _err(f"-> {out}")


@app.command("run")
def run_cmd(
    inputs: list[Path] = typer.Argument(..., help="Raw pages: files or folders (see 'aligner ingest')."),
    out: str = typer.Option(..., "--out", "-o", metavar="WORKDIR",
                            help="Work directory: every stage's output, the dataset "
                            "in OUT/dataset, the other formats in OUT/export, caches in OUT/cache. A local "
                            "path, or a URI of any filesystem pyarrow knows (s3://bucket/work, gs://..., "
                            "hdfs://...): the run then works in a local staging copy and mirrors each "
                            "finished stage there."),
    lang: str = typer.Option("auto", help="ko, en, or auto (detected from the script; a Latin-script text in another "
                            "language than English, French say, is rejected)."),
    strict: bool = STRICT,
    url_filter: Optional[str] = URL_FILTER,
    window_days: int = WINDOW_DAYS,
    min_margin: float = MIN_MARGIN,
    min_score: Optional[float] = MIN_SCORE,
    encoder: str = ENCODER,
    mt_model: Optional[str] = MT_MODEL,
    mt_file: Optional[Path] = MT_FILE,
    require_mt: bool = REQUIRE_MT,
    no_mt: bool = NO_MT,
    batch_size: int = BATCH_SIZE,
    device: str = DEVICE,
    dtype: str = DTYPE,
    mt_backend: str = MT_BACKEND,
    compute_type: str = COMPUTE_TYPE,
    num_beams: int = NUM_BEAMS,
    max_new_tokens: int = MAX_NEW_TOKENS,
    formats: str = FORMATS,
    license: str = LICENSE,
    min_similarity: Optional[float] = MIN_SIMILARITY,
    min_chrf: Optional[float] = MIN_CHRF,
    keep_unaligned: bool = KEEP_UNALIGNED,
    drop_flag: list[str] = DROP_FLAG,
    min_confidence: Optional[float] = MIN_CONFIDENCE,
    keep_low_confidence: bool = KEEP_LOW_CONFIDENCE,
    titles: bool = TITLES,
    report: bool = typer.Option(False, help="Build the HTML report (OUT/report/index.html) as the last stage."),
    engine: str = typer.Option("local", help="How the stages run: local (this process) or ray (Ray Data, on a "
                               "local instance or the cluster of --ray-address; pip install 'aligner[ray]'). "
                               "Both write the same rows."),
    ray_address: Optional[str] = typer.Option(None, help="Ray engine: the cluster to join (e.g. auto, "
                                              "ray://head:10001); default: start a local instance."),
    workers: Optional[int] = typer.Option(None, min=1, help="Ray engine: concurrent workers per stage (default: "
                                          "the cluster's CPUs; MT on GPUs uses one actor per GPU)."),
    as_json: bool = typer.Option(False, "--json", help="Print the closing summary as JSON (for scripts)."),
) -> None:
    """Ingest -> pair -> align -> score -> export, resumable: a rerun skips every stage whose
    inputs and options are unchanged, and a killed run resumes where it stopped (with either engine)."""
    from aligner.engines import ENGINES
    from aligner.pipeline import IngestFailed, RunOptions, run_pipeline
    from aligner.translate import MTUnavailable

    if lang not in ("ko", "en", "auto"):
        raise typer.BadParameter("must be ko, en or auto", param_hint="--lang")
    if no_mt and require_mt:
        raise typer.BadParameter("--no-mt and --require-mt contradict each other")
    if engine not in ENGINES:
        raise typer.BadParameter(f"must be one of {', '.join(ENGINES)}", param_hint="--engine")
    if engine == "local" and (ray_address or workers):
        raise typer.BadParameter("--ray-address and --workers are for --engine ray")
    options = RunOptions(
        lang=lang, strict=strict, url_filter=_regex(url_filter), encoder=encoder,
        pair=_pair_options(window_days, min_margin, min_score, encoder),
        mt=_mt_options(mt_model, mt_file, no_mt, batch_size, device, dtype, num_beams, max_new_tokens,
                          mt_backend, compute_type),
        require_mt=require_mt, titles=titles, report=report,
        export=_export_options(formats, license, min_similarity, min_chrf, keep_unaligned, drop_flag, min_confidence,
                               keep_low_confidence),
        engine=engine, ray_address=ray_address, workers=workers)
    try:
        summary = run_pipeline(inputs, out, options, log=_err)
    except IngestFailed as exc:
        raise _fail(exc, 1)
    except (MTUnavailable, OSError, ValueError, RuntimeError) as exc:
        raise _fail(exc)
    if as_json:
        typer.echo(json.dumps(summary, indent=2, ensure_ascii=False))
    else:
        from aligner.summary import print_summary

        print_summary(summary)


@app.command("fetch")
def fetch_cmd(
    seeds: list[str] = typer.Argument(..., help="URLs, or files with one URL per line."),
    out: Path = typer.Option(..., "--out", "-o", help="Folder for the WARC files and the fetch log."),
    contact: str = typer.Option(..., help="How site operators can reach you (an e-mail address or a URL); "
                                "it goes into the User-Agent."),
    rate: float = typer.Option(1.0, help="Requests per second to one host (robots.txt's Crawl-delay can "
                               "only slow this down)."),
    concurrency: int = typer.Option(4, help="Requests in flight, all hosts together."),
    follow: Optional[str] = typer.Option(None, help="Follow the links of fetched pages that match this "
                                         "regular expression (with --depth)."),
    depth: int = typer.Option(1, help="How many links away from a start page to go, with --follow."),
    sitemap: bool = typer.Option(False, help="The start URLs are sitemaps (sitemap.xml or a sitemap index) or "
                                 "news feeds (RSS, Atom): the pages they list are fetched."),
    refresh: bool = typer.Option(False, help="Fetch again what was fetched before, asking only for changes "
                                 "(ETag / Last-Modified)."),
    timeout: float = typer.Option(30.0, help="Seconds to wait for a server."),
    retries: int = typer.Option(3, help="Retries after an error, a 429 or a 503 (exponential backoff, "
                                "Retry-After honoured)."),
    max_bytes: int = typer.Option(10 * 2**20, help="Largest response body read; larger ones are skipped."),
    warc_size: int = typer.Option(2**30, help="Start a new WARC file past this many bytes."),
    allow_private_addresses: bool = typer.Option(
        False, help="Also fetch from loopback, private, link-local and other non-public addresses (a local "
        "mirror). Without it a URL, or a redirect, that leads there is skipped with the reason, so that a "
        "hostile sitemap cannot make the fetcher read this machine, its network or a cloud metadata service."),
) -> None:
    """Fetch pages politely into WARC files: robots.txt obeyed (Crawl-delay included), a per-host
    rate limit, a User-Agent with your contact, retries with backoff, timeouts, a size cap, HTML and
    text only.  A killed fetch resumes where it stopped; run 'aligner run OUT ...' on the WARC files.
    Please respect the terms of the sites you fetch."""
    from aligner.fetch import FetchOptions, fetch, read_seeds

    if not re.fullmatch(r"\S+@\S+\.\S+|https?://\S+", contact):
        raise typer.BadParameter("give an e-mail address or a URL", param_hint="--contact")
    try:
        urls = read_seeds(seeds)
        options = FetchOptions(contact=contact, rate=rate, concurrency=concurrency, timeout=timeout,
                               retries=retries, max_bytes=max_bytes, follow=_regex(follow, "--follow"),
                               depth=depth if follow else 0, sitemaps=sitemap, refresh=refresh,
                               warc_bytes=warc_size, allow_private_addresses=allow_private_addresses)
        report = fetch(urls, out, options)
    except (OSError, ValueError) as exc:
        raise _fail(exc)
    outcomes = ", ".join(f"{kind} {n}" for kind, n in sorted(report.outcomes.items()))
    _err(f"{outcomes or 'nothing to do'} -> {out} ({', '.join(report.warc_files) or 'no WARC file'})")
    for reason, count in report.reasons.most_common():
        _err(f"  {count} {reason}")


@app.command("report")
def report_cmd(
    workdir: Path = typer.Argument(..., help="A work directory of 'aligner run'."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Report folder (default WORKDIR/report)."),
) -> None:
    """Build a static HTML report of a work directory: an overview (counts per stage, score plots,
    a sortable and filterable table of article pairs) and a side-by-side viewer for every article
    pair.  It opens from disk (OUT/index.html) with no server and no network."""
    from aligner.report import build_report

    if not (workdir / "articles.jsonl").exists():
        raise _fail(f"{workdir}: not a work directory of 'aligner run' (no articles.jsonl)")
    try:
        summary = build_report(workdir, out or workdir / "report")
    except (OSError, ValueError) as exc:
        raise _fail(exc)
    _err(f"report of {summary.pairs} article pairs -> {summary.index}")


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
        if any(r.mt is not None for r in rows):
            systems[next(r.mt_model for r in rows if r.mt is not None) or "mt"] = [r.mt for r in rows]
        for spec in system:
            name, sep, path = spec.partition("=")
            if not sep or not name or not path:
                raise ValueError(f"--system expects NAME=FILE, got {spec!r}")
            systems[name] = FileTranslator(path).translate([r.ko for r in rows])
        if not systems:
            raise ValueError(f"{scored}: no MT column and no --system given: nothing to evaluate")
        result = evaluate_systems(rows, systems, bootstrap)
    except (OSError, ValueError) as exc:
        raise _fail(exc)
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
        raise _fail(exc)
    typer.echo(json.dumps(result, indent=2))


def main() -> None:
    from aligner.mapping import single_blas_thread

    # a terminated run unwinds like an interrupted one: temporary files are removed
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    single_blas_thread()  # the same float results on any number of cores and workers
    try:
        app()
    except KeyboardInterrupt:
        _err("interrupted")
        sys.exit(130)
    except Exception as exc:  # the last line of defence: one line to the user, not a traceback
        if os.environ.get("ALIGNER_DEBUG"):
            raise
        _err(f"error: unexpected {type(exc).__name__}: {exc} (please report it; ALIGNER_DEBUG=1 shows the traceback)")
        sys.exit(3)


if __name__ == "__main__":
    main()
