import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

SAMPLE = Path(__file__).resolve().parents[1] / "corpora" / "sample"


def _run(workdir, *extra, env=None):
    return subprocess.run([sys.executable, "-m", "aligner", "run", str(SAMPLE), "--out", str(workdir), *extra],
                          capture_output=True, text=True, env=env)


def _corpus(workdir):
    return (workdir / "export" / "corpus.jsonl").read_text(encoding="utf-8")


def _files(workdir):
    return {p.relative_to(workdir): p.read_bytes() for p in sorted(workdir.rglob("*"))
            if p.is_file() and "cache" not in p.parts}


@pytest.fixture(scope="module")
def first_run(tmp_path_factory):
    work = tmp_path_factory.mktemp("run") / "w"
    started = time.time()
    done = _run(work, "--no-mt")
    assert done.returncode == 0, done.stderr
    return work, time.time() - started


def test_run_end_to_end(first_run, tmp_path, monkeypatch):
    import datasets
    import xml.etree.ElementTree as ET

    work, _ = first_run
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    ds = datasets.load_dataset(str(work / "dataset"))
    assert set(ds) == {"train", "validation", "test"}
    assert isinstance(ds["train"].features["translation"], datasets.Translation)
    rows = [r for split in ds for r in ds[split]]
    articles = {}
    for split in ds:
        for r in ds[split]:
            for key in (r["ko_article_id"], r["en_article_id"]):
                articles.setdefault(key, set()).add(split)
    assert all(len(s) == 1 for s in articles.values())
    assert (work / "dataset" / "README.md").read_text(encoding="utf-8").startswith("---\n")
    assert len(ET.parse(work / "export" / "corpus.tmx").getroot().findall("./body/tu")) == len(rows)
    assert {r["en_article_id"] for r in rows} and len(rows) >= 20


def test_immediate_rerun_is_fast_and_changes_nothing(first_run):
    work, first_seconds = first_run
    before = _files(work)
    started = time.time()
    done = _run(work, "--no-mt")
    assert done.returncode == 0, done.stderr
    assert time.time() - started < first_seconds / 3
    assert all(f"{stage}: up to date" in done.stderr for stage in ("ingest", "pair", "align", "score", "export"))
    assert "running" not in done.stderr
    assert _files(work) == before


def test_changed_option_reruns_only_later_stages(first_run, tmp_path):
    work, _ = first_run
    copy = tmp_path / "w"
    subprocess.run(["cp", "-r", str(work), str(copy)], check=True)
    done = _run(copy, "--no-mt", "--min-similarity", "0.6")
    assert done.returncode == 0, done.stderr
    assert "ingest: up to date" in done.stderr and "export: running" in done.stderr
    rows = [json.loads(line) for line in _corpus(copy).splitlines()]
    assert rows and all(r["similarity"] >= 0.6 for r in rows)


def test_a_new_confidence_model_rescores_the_pairs(first_run, tmp_path, monkeypatch):
    """After an upgrade that ships other confidence weights, a rerun predicts again instead of
    keeping the old model's confidences (and features)."""
    import aligner.pipeline as pipeline
    from aligner.confidence import WEIGHTS_FILE

    work, _ = first_run
    copy = tmp_path / "w"
    subprocess.run(["cp", "-r", str(work), str(copy)], check=True)
    weights = tmp_path / WEIGHTS_FILE.name
    weights.write_bytes(WEIGHTS_FILE.read_bytes() + b"\n")
    monkeypatch.setattr(pipeline, "WEIGHTS_FILE", weights)
    logs: list[str] = []
    pipeline.run_pipeline([SAMPLE], copy, pipeline.RunOptions(mt={"no_mt": True}), log=logs.append)
    assert "pair: up to date" in logs and "align: running" in logs and "score: running" in logs
    assert _corpus(copy) == _corpus(work)  # the same model's weights: the same confidences


def test_killed_run_resumes_to_the_same_dataset(first_run, tmp_path):
    work, _ = first_run
    killed = tmp_path / "killed"
    proc = subprocess.Popen([sys.executable, "-m", "aligner", "run", str(SAMPLE), "--out", str(killed), "--no-mt"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    state = killed / "state.json"
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:
        if state.exists() and "ingest" in json.loads(state.read_text(encoding="utf-8") or "{}"):
            break  # ingest is done: the pair stage is under way
        time.sleep(0.05)
    assert proc.poll() is None, "the run finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not (killed / "dataset").exists()
    done = _run(killed, "--no-mt")
    assert done.returncode == 0, done.stderr
    assert "ingest: up to date" in done.stderr
    assert _corpus(killed) == _corpus(work)
    shards = sorted(p.name for p in (work / "dataset" / "data").iterdir())
    assert len(shards) == 3 and shards == sorted(p.name for p in (killed / "dataset" / "data").iterdir())
    for name in shards:
        assert (killed / "dataset" / "data" / name).read_bytes() == (work / "dataset" / "data" / name).read_bytes()


def test_a_random_mt_model_takes_no_pair_away(first_run, tiny_models, tmp_path):
    """A random-weight model translates every sentence into nonsense: the run keeps its MT columns
    but says the MT looks wrong, and exports the very pairs, with the very confidences, of the run
    without MT."""
    work = tmp_path / "w"
    shutil.copytree(first_run[0], work)
    done = _run(work, "--mt-model", str(tiny_models / "tiny"), "--max-new-tokens", "8", "--report")
    assert done.returncode == 0, done.stderr
    assert "ingest: up to date" in done.stderr and "align: up to date" in done.stderr
    assert "the MT model looks weak or wrong" in (work / "report" / "index.html").read_text(encoding="utf-8")
    rows = [json.loads(line) for line in _corpus(work).splitlines()]
    assert rows and all(r["mt"] is not None and 0 <= r["chrf"] <= 100 for r in rows)
    card = (work / "dataset" / "README.md").read_text(encoding="utf-8")
    assert "sacrebleu signatures" in card
    assert "the MT model looks weak or wrong for this corpus" in card and "MT evidence not used" in card
    assert "the MT model looks weak or wrong for this corpus" in done.stderr
    status = json.loads((work / "score.json").read_text(encoding="utf-8"))
    assert status["ran"] and not status["evidence_used"]
    without = [json.loads(line) for line in _corpus(first_run[0]).splitlines()]
    assert [(r["id"], r["translation"], r["confidence"]) for r in rows] == \
        [(r["id"], r["translation"], r["confidence"]) for r in without]


@pytest.mark.parametrize("fmt", ["hf", "jsonl", "tsv", "moses", "tmx"])
def test_the_summary_counts_the_dataset_in_any_format(first_run, tmp_path, fmt):
    """Whatever formats are asked for, the closing summary counts the rows written, as the
    run with every format does."""
    work = tmp_path / "w"
    shutil.copytree(first_run[0], work)
    done = _run(work, "--no-mt", "--formats", fmt, "--json")
    assert done.returncode == 0, done.stderr
    summary, full = json.loads(done.stdout), json.loads(_run(first_run[0], "--no-mt", "--json").stdout)
    assert summary["sentence_pairs"] == full["sentence_pairs"] > 20 and "dataset is empty" not in done.stderr
    for key in ("splits", "alignment_types", "mean_confidence", "mean_similarity"):
        assert summary[key] == full[key], key


def test_require_mt_fails_clearly(tmp_path):
    done = _run(tmp_path / "w", "--mt-model", "/nonexistent/model", "--require-mt")
    assert done.returncode == 2 and "/nonexistent/model" in done.stderr


def test_one_language_only_gives_an_empty_dataset_and_a_warning(tmp_path):
    done = subprocess.run([sys.executable, "-m", "aligner", "run", str(SAMPLE / "ko"), "--out", str(tmp_path / "w"),
                           "--no-mt"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "warning: no sentence pairs" in done.stderr


def test_every_command_explains_itself():
    from typer.main import get_command
    from typer.testing import CliRunner

    from aligner.cli import app

    for name in sorted(get_command(app).commands):
        result = CliRunner().invoke(app, [name, "--help"], terminal_width=100)
        assert result.exit_code == 0 and "Usage:" in result.output, name
        # a switch reads as the user types it: --no-mt, never --no-mt / --no-no-mt
        assert "--no-no-" not in result.output, name


def test_a_work_directory_inside_the_input_folder_is_not_read_as_pages(tmp_path):
    """Rerun with the work directory (or the ingest output) inside the input folder: the tool's
    own outputs are skipped, not rejected as pages one line at a time."""
    pages = tmp_path / "pages"
    pages.mkdir()
    for lang in ("ko", "en"):
        source = SAMPLE / lang / "01-politics-fm-call.txt"
        (pages / f"{lang}.txt").write_bytes(source.read_bytes())
    runs = [subprocess.run([sys.executable, "-m", "aligner", "run", str(pages), "--out", str(pages / "work"), "--no-mt"],
                           capture_output=True, text=True) for _ in range(2)]
    assert all(run.returncode == 0 for run in runs), runs[-1].stderr
    assert "error:" not in runs[1].stderr and "ingest: up to date" in runs[1].stderr
    ingests = [subprocess.run([sys.executable, "-m", "aligner", "ingest", str(pages), "--out", str(pages / "a.jsonl")],
                              capture_output=True, text=True) for _ in range(2)]
    assert all(run.returncode == 0 for run in ingests)
    assert "error:" not in ingests[1].stderr and "from 2 files" in ingests[1].stderr


def test_a_second_run_on_a_busy_work_directory_fails_at_once(first_run, tmp_path):
    """Two runs on one work directory would mix their files (and the second would delete the
    first one's temporary files): the second fails, naming the first, and touches nothing."""
    from aligner.worklock import LOCK, holding

    work, _ = first_run
    before = _files(work)
    with holding(work):
        busy = _run(work, "--no-mt")
    assert busy.returncode == 2
    assert f"error: {work} is in use by another aligner run (process {os.getpid()})" in busy.stderr
    assert _files(work) == before and not (work / LOCK).exists()
    (work / LOCK).write_text("999999")  # left by a killed run: it locks nothing
    assert _run(work, "--no-mt").returncode == 0
    assert _files(work) == before and not (work / LOCK).exists()
