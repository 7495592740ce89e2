"""The pipeline: ingest -> pair -> align -> score -> export, resumable in a work directory.

Each stage is a function from files to files (the CLI commands call the same
functions).  `run_pipeline` records, per stage, a hash of its inputs and
options and of what it wrote (WORKDIR/state.json); a rerun skips every stage
whose inputs, options and outputs are unchanged.  Outputs are written
atomically, so a run killed inside a stage leaves the previous state behind
and the rerun redoes exactly that stage; caches (embeddings, translations) keep
the work already done.  The work directory may also be a URI (`s3://...`, see
`aligner.workdir`).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from aligner import __version__
from aligner.confidence import WEIGHTS_FILE
from aligner.export import ExportOptions, ExportReport, export_rows
from aligner.engines import Engine, LocalEngine, open_engine
from aligner.fileio import remove_stale_temporaries, write_text_atomic
from aligner.ingest import IngestResult, collect_files, ingest_paths
from aligner.mapping import Mapper, one_blas_thread
from aligner.pair import ArticlePair, PairOptions, Pairing, pair_articles
from aligner.records import (iter_jsonl, read_articles, read_sentence_pairs, sentence_pair_line, write_articles,
                             write_jsonl, write_lines, write_sentence_pairs)
from aligner.workdir import RemoteWorkdir, is_remote
from aligner.worklock import holding

Log = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


# ---- stages -------------------------------------------------------------------------------

def ingest_stage(paths: Sequence[str | Path], out: Path, lang: str = "auto",
                 on_file: Callable[[Path], None] | None = None, strict: bool = False,
                 url_filter: str | None = None, mapper: Mapper | None = None) -> IngestResult:
    """Ingest and write the articles, only when the result is acceptable (`IngestResult.ok`):
    a failed ingest leaves an existing output untouched."""
    result = ingest_paths(paths, lang=lang, on_file=on_file, url_filter=url_filter, mapper=mapper, skip=[out])
    if result.ok(strict):
        write_articles(out, result.articles)
    return result


class IngestFailed(ValueError):
    """Nothing could be ingested (or, when strict, some input was rejected)."""


def ingest_failure(result: IngestResult) -> str:
    """Why an ingest that is not `ok` failed, in one line."""
    if not result.articles:
        return f"no article could be ingested from {result.files} file(s)"
    return f"{len(result.errors)} input(s) rejected and --strict is set: nothing written"


def pair_stage(articles: Path, out: Path, encoder, options: PairOptions | None = None,
               en_articles: Path | None = None, mapper: Mapper | None = None) -> Pairing:
    """Pair the articles of one file (both languages) or of a Korean and an English file."""
    first = read_articles(articles)
    if en_articles is None:
        ko, en = [a for a in first if a.lang == "ko"], [a for a in first if a.lang == "en"]
    else:
        ko, en = first, read_articles(en_articles)
    result = pair_articles(ko, en, encoder, options, mapper)
    rows = [p.to_dict() for p in result.pairs]
    rows += [{"ko_id": i, "en_id": None, "score": None, "evidence": result.why_unpaired.get(i, {})}
             for i in result.unpaired_ko]
    rows += [{"ko_id": None, "en_id": i, "score": None, "evidence": result.why_unpaired.get(i, {})}
             for i in result.unpaired_en]
    write_jsonl(out, rows)
    return result


def read_pairs(path: Path) -> list[ArticlePair]:
    return [ArticlePair(d["ko_id"], d["en_id"], d.get("score") or 0.0, d.get("evidence") or {})
            for _, d in iter_jsonl(path) if d.get("ko_id") and d.get("en_id")]


def align_stage(articles: Path, pairs: Path, out: Path, encoder, titles: bool = False,
                mapper: Mapper | None = None) -> int:
    from aligner.bitext import align_article_pairs

    lines = align_article_pairs(read_articles(articles), read_pairs(pairs), encoder, titles=titles, mapper=mapper,
                                convert=sentence_pair_line)  # serialised by the workers
    return write_lines(out, lines)


def open_translator(mt: dict, cache_file: Path, require: bool = False, log: Log = _quiet,
                    engine: Engine | None = None):
    """The translator `mt` asks for (load_translator() arguments, or {"no_mt": True}), on
    `engine` (default: this process).

    When no model can be loaded: raises with `require`, else logs a notice that says
    why and how to point at a local model, and returns None (MT columns stay empty)."""
    from aligner.translate import DEFAULT_MT_MODEL, MTUnavailable

    if mt.get("no_mt"):
        return None
    try:
        translator = (engine or LocalEngine()).translator(cache_file, **mt)
        log(f"notice: MT: {translator.name} via {translator.backend}")
        return translator
    except (MTUnavailable, ValueError, OSError) as exc:
        if require:
            raise MTUnavailable(str(exc)) from exc
        log(f"notice: no MT: {exc} The MT columns are left empty; the other scores are computed "
            f"(--require-mt makes this an error; default model: {DEFAULT_MT_MODEL}).")
        return None


def score_stage(aligned: Path, out: Path, open_mt: Callable[[], object], mapper: Mapper | None = None,
                log: Log = _quiet) -> tuple[list, dict]:
    """Score the aligned pairs; the translator is opened (`open_mt()`) only once the input
    has been read, so a bad input fails before any model or cache file is touched.  Returns
    the rows and what the stage decided about MT (`mt_status`), which it also logs when the
    MT was set aside."""
    from aligner.score import score_pairs

    rows = read_sentence_pairs(aligned)
    _, agreed = score_pairs(rows, open_mt(), mapper)
    status = mt_status(agreed)
    if status.get("note"):
        log(f"warning: {status['note']}")
    write_sentence_pairs(out, rows)
    return rows, status


def mt_status(agreed) -> dict:
    """What the score stage did with MT, for score.json, the summary, the report and the card:
    whether it ran, how far it agrees with the English, whether its evidence entered the
    confidence and, when not, why (`aligner.mt_evidence.Agreement`)."""
    if agreed is None:
        return {"ran": False}
    return {"ran": True, "evidence_used": agreed.usable, "agreement": agreed.to_dict(),
            **({} if agreed.usable else {"note": agreed.reason()})}


def export_stage(scored: Path, out_dir: Path, options: ExportOptions | None = None,
                 articles: Path | None = None, extra_dir: Path | None = None,
                 score_record: Path | None = None) -> ExportReport:
    from aligner.score import signatures

    rows = read_sentence_pairs(scored)
    count = len(read_articles(articles)) if articles and articles.exists() else None
    with_mt = any(r.mt is not None for r in rows)
    note = None
    if score_record and score_record.exists():
        note = json.loads(score_record.read_text(encoding="utf-8")).get("note")
    return export_rows(rows, out_dir, options, signatures() if with_mt else {}, count, extra_dir, mt_note=note)


# ---- the resumable run --------------------------------------------------------------------

@dataclass
class RunOptions:
    lang: str = "auto"
    strict: bool = False  # fail when any input file or JSONL line is rejected
    url_filter: str | None = None  # WARC records: keep the URLs this regular expression matches
    encoder: str = "use-m3"
    pair: PairOptions = field(default_factory=PairOptions)
    mt: dict = field(default_factory=dict)  # load_translator() arguments; {"no_mt": True} for none
    require_mt: bool = False
    titles: bool = False  # headlines as rows
    report: bool = False  # build the HTML report as the last stage
    export: ExportOptions = field(default_factory=ExportOptions)
    engine: str = "local"  # how the stages run: "local" or "ray" (same output)
    ray_address: str | None = None  # a running Ray cluster; None starts a local instance
    workers: int | None = None  # Ray: concurrent workers per stage (default: the cluster's CPUs)


def _digest(paths: Sequence[Path]) -> str:
    """Content hash of files and folders (recursively), in a stable order."""
    h = hashlib.sha256()
    for path in paths:
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for f in files:
            h.update(os.fsencode(f.relative_to(path) if path.is_dir() else f.name))  # any bytes a name holds
            h.update(hashlib.sha256(f.read_bytes()).digest() if f.exists() else b"missing")
    return h.hexdigest()


class _State:
    def __init__(self, workdir: Path) -> None:
        self.path = workdir / "state.json"
        self.data = json.loads(self.path.read_text(encoding="utf-8")) if self.path.exists() else {}

    def fresh(self, stage: str, key: str, outputs: Sequence[Path]) -> bool:
        entry = self.data.get(stage)
        return bool(entry and entry["key"] == key and all(p.exists() for p in outputs)
                    and entry["outputs"] == _digest(outputs))

    def done(self, stage: str, key: str, outputs: Sequence[Path]) -> None:
        self.data[stage] = {"key": key, "outputs": _digest(outputs)}
        write_text_atomic(self.path, json.dumps(self.data, indent=2, sort_keys=True))


def _key(stage: str, inputs: Sequence[Path], settings: object) -> str:
    """What a stage's output depends on: tool version, stage, settings and input contents."""
    blob = json.dumps([__version__, stage, settings], sort_keys=True, default=str)
    return hashlib.sha256(blob.encode() + _digest(inputs).encode()).hexdigest()


def run_pipeline(inputs: Sequence[str | Path], workdir: str | Path, options: RunOptions | None = None,
                 log: Log = _quiet) -> dict:
    """Run every stage that is not up to date; returns a summary.

    A failure leaves the outputs of earlier stages in place (a rerun resumes there)
    and a work directory that this call created and that holds nothing is removed."""
    opts = options or RunOptions()
    sources = collect_files(inputs)
    if not sources.files:
        for problem in sources.problems:
            log(str(problem))
        raise IngestFailed("no input files found in " + ", ".join(map(str, inputs)))
    if is_remote(workdir):
        return _run_remote(inputs, sources.files, RemoteWorkdir(str(workdir)), opts, log)
    work = Path(workdir)
    created = not work.exists()
    work.mkdir(parents=True, exist_ok=True)
    try:
        with holding(work):
            for stale in remove_stale_temporaries(work) + remove_stale_temporaries(work / "cache"):
                log(f"notice: removed {stale}, left behind by an interrupted run")
            with one_blas_thread():
                return _run_stages(inputs, sources.files, work, opts, log)
    except BaseException:
        if created and not any(work.iterdir()):
            work.rmdir()
        raise


def _run_remote(inputs: Sequence[str | Path], sources: list[Path], remote: RemoteWorkdir, opts: RunOptions,
                log: Log) -> dict:
    """`run_pipeline` with the work directory on another filesystem: the stages run in a local
    staging copy, and each finished stage is mirrored up before the next one starts."""
    with tempfile.TemporaryDirectory(prefix="aligner-work-") as staging:
        local = Path(staging)
        remote.pull(local)
        with one_blas_thread():
            summary = _run_stages(inputs, sources, local, opts, log, publish=remote.push)
    # the summary's paths, as where they now are
    return {key: remote.url(os.path.relpath(value, staging).replace(os.sep, "/").removeprefix("."))
            if isinstance(value, str) and value.startswith(staging) else value for key, value in summary.items()}


def _run_stages(inputs: Sequence[str | Path], sources: list[Path], work: Path, opts: RunOptions,
                log: Log, publish: Callable[[Path, list[str]], None] | None = None) -> dict:
    """The stages in `work`; `publish(work, paths)` hears of the paths (relative to `work`)
    each finished stage may have written (it copies what changed, state.json last)."""
    state = _State(work)
    files = {name: work / f"{name}.jsonl" for name in ("articles", "pairs", "aligned", "scored")}
    records = {name: work / f"{name}.json" for name in ("ingest", "score", "export")}  # what the stages saw and did
    dataset, extra = work / "dataset", work / "export"
    cache = work / "cache"
    engine: Engine | None = None
    encoder = None
    timings: dict[str, str] = {}

    def get_engine() -> Engine:  # started only when a stage has work to do (Ray takes seconds)
        nonlocal engine
        if engine is None:
            engine = open_engine(opts.engine, opts.ray_address, opts.workers)
            if engine.name != "local":
                log(f"engine: {engine.name} ({getattr(engine, 'workers', '?')} workers)")
        return engine

    def get_encoder():
        nonlocal encoder
        if encoder is None:
            encoder = get_engine().encoder(opts.encoder, cache / "embeddings.npz")
        return encoder

    def stage(name: str, inputs_: Sequence[Path], settings: object, outputs: Sequence[Path], work_fn) -> None:
        key = _key(name, inputs_, settings)
        if state.fresh(name, key, outputs):
            timings[name] = "up to date"
            log(f"{name}: up to date")
            return
        started = time.time()
        log(f"{name}: running")
        work_fn()
        if encoder is not None:  # what a stage embedded survives a failure of the next one
            encoder.save()
        state.done(name, key, outputs)
        if publish:  # the stage's outputs and the caches (state.json goes last anyway)
            publish(work, [p.relative_to(work).as_posix() for p in (*outputs, cache)])
        timings[name] = f"{time.time() - started:.1f} s"

    def do_ingest() -> None:
        result = ingest_stage(inputs, files["articles"], opts.lang, strict=opts.strict, url_filter=opts.url_filter,
                              mapper=get_engine().map)
        for line in result.messages():
            log(line)
        if not result.ok(opts.strict):
            raise IngestFailed(ingest_failure(result))
        write_text_atomic(records["ingest"], json.dumps(result.to_dict(), ensure_ascii=False, indent=1))

    def do_score() -> None:
        _, status = score_stage(files["aligned"], files["scored"], lambda: open_translator(
            opts.mt, cache / "mt.sqlite", opts.require_mt, log, get_engine()), get_engine().map, log)
        write_text_atomic(records["score"], json.dumps(status, ensure_ascii=False, indent=1))

    def do_export() -> None:
        report = export_stage(files["scored"], dataset, opts.export, files["articles"], extra, records["score"])
        write_text_atomic(records["export"], json.dumps(
            {"rows": report.rows, "removed": report.removed, "split_note": report.split_note,
             "min_confidence": opts.export.min_confidence, "keep_low_confidence": opts.export.keep_low_confidence,
             "dropped": report.dropped, "alignment_types": report.alignment_types, "means": report.means},
            ensure_ascii=False, indent=1))

    mt_identity = dict(opts.mt)
    model = opts.mt.get("model")
    if model and Path(model).is_dir():  # a local model: its files are part of the input
        mt_identity["model_files"] = _digest([Path(model)])
    if opts.mt.get("mt_file"):
        mt_identity["mt_file_content"] = _digest([Path(opts.mt["mt_file"])])
    try:
        stage("ingest", sources, {"lang": opts.lang, "strict": opts.strict, "url_filter": opts.url_filter},
              [files["articles"], records["ingest"]], do_ingest)
        stage("pair", [files["articles"]], [opts.encoder, asdict(opts.pair)], [files["pairs"]],
              lambda: pair_stage(files["articles"], files["pairs"], get_encoder(), opts.pair, mapper=get_engine().map))
        # the confidence model is an input of the stages that predict with it
        stage("align", [files["articles"], files["pairs"], WEIGHTS_FILE], [opts.encoder, opts.titles],
              [files["aligned"]],
              lambda: align_stage(files["articles"], files["pairs"], files["aligned"], get_encoder(), opts.titles,
                                  get_engine().map))
        stage("score", [files["aligned"], WEIGHTS_FILE], mt_identity, [files["scored"], records["score"]], do_score)
        stage("export", [files["scored"], files["articles"], records["score"]], asdict(opts.export),
              [dataset, extra, records["export"]], do_export)
        if opts.report:
            from aligner.report import build_report

            report_dir = work / "report"
            stage("report", [files["articles"], files["pairs"], files["scored"], records["ingest"],
                             records["score"], records["export"], dataset / "README.md"], __version__, [report_dir],
                  lambda: build_report(work, report_dir))
    finally:
        if engine is not None:
            engine.close()
    summary = _summary(work, files, dataset, extra, timings, records)
    if not summary["sentence_pairs"]:
        log(f"warning: no sentence pairs, the dataset is empty: {_why_empty(files, summary)}")
    return summary


def _why_empty(files: dict[str, Path], summary: dict) -> str:
    """Why a run produced no sentence pair, for the user who expected some."""
    langs = summary["articles"]
    if not langs.get("ko") or not langs.get("en"):
        missing = "Korean" if not langs.get("ko") else "English"
        return f"no {missing} article among the inputs (articles: {langs})"
    if summary["article_pairs"]:
        return ("the paired articles have no sentence pair left after alignment and the export filters "
                "(see the 'removed' counts in the dataset card)")
    origin = {a.id: Path(a.origin).name for a in read_articles(files["articles"]) if a.origin}
    reasons = [f"{row['ko_id']} ({origin.get(row['ko_id'], '?')}): {row['evidence']['reason']}"
               for _, row in iter_jsonl(files["pairs"])
               if row.get("ko_id") and not row.get("en_id") and (row.get("evidence") or {}).get("reason")]
    return "no Korean article was paired with an English one" + \
        (" (" + "; ".join(reasons[:3]) + ("; ..." if len(reasons) > 3 else "") + ")" if reasons else "")


def _summary(work: Path, files: dict[str, Path], dataset: Path, extra: Path, timings: dict,
             records: dict[str, Path]) -> dict:
    """The closing summary; the dataset's figures come from what the export stage recorded of
    the rows it wrote, whatever formats it wrote them in."""
    articles = read_articles(files["articles"])
    pairs = read_pairs(files["pairs"])
    exported = json.loads(records["export"].read_text(encoding="utf-8")) if records["export"].exists() else {}
    splits = {k: v for k, v in (exported.get("rows") or {}).items() if v}
    means = exported.get("means") or {}
    return {
        "workdir": str(work),
        "stages": timings,
        "articles": dict(Counter(a.lang for a in articles)),
        "article_pairs": len(pairs),
        "sentence_pairs": sum(splits.values()),
        "splits": splits,
        "alignment_types": exported.get("alignment_types") or {},
        "mean_similarity": means.get("similarity"),
        "mean_confidence": means.get("confidence"),
        "mean_chrf": means.get("chrf"),
        "mean_bleu": means.get("bleu"),
        "mt": json.loads(records["score"].read_text(encoding="utf-8")) if records["score"].exists() else {"ran": False},
        "dataset": str(dataset),
        "other_formats": str(extra),
        **({"report": str(work / "report" / "index.html")} if "report" in timings else {}),
    }
