"""The Ray engine writes what the local engine writes: same files, same dataset rows, whatever
the number of workers, through a worker killed mid-stage and across a resumed run."""

import importlib.util
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from aligner.engines import EngineUnavailable, open_engine
from aligner.export import ExportOptions
from aligner.pipeline import RunOptions, run_pipeline

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpora" / "sample"
STAGE_FILES = ("articles.jsonl", "pairs.jsonl", "aligned.jsonl", "scored.jsonl", "export/corpus.jsonl",
               "export/corpus.tmx", "dataset/README.md")

ray = pytest.importorskip("ray")


def _make_corpus(out: Path, pairs: int) -> None:
    spec = importlib.util.spec_from_file_location("make_corpus", ROOT / "scripts" / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.make_corpus(out, pairs)


@pytest.fixture(scope="module")
def local_ray():
    """A local Ray instance with two CPUs (the engine joins it instead of starting its own)."""
    ray.init(num_cpus=2, include_dashboard=False, logging_level="ERROR", log_to_driver=False)
    yield
    ray.shutdown()


def _dataset_rows(folder: Path, cache: Path) -> dict:
    import datasets

    loaded = datasets.load_dataset(str(folder), cache_dir=str(cache))
    return {split: loaded[split].to_list() for split in loaded}


def _same_output(a: Path, b: Path, cache: Path) -> None:
    for name in STAGE_FILES:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    rows_a, rows_b = _dataset_rows(a / "dataset", cache / "a"), _dataset_rows(b / "dataset", cache / "b")
    assert rows_a.keys() == rows_b.keys()
    for split in rows_a:
        assert rows_a[split] == rows_b[split], split


def _run(inputs, work: Path, **options) -> dict:
    """A run that exports every aligned row (the tiny MT's random output would fail the default
    confidence threshold), so that the comparison covers all of them."""
    return run_pipeline([inputs], work, RunOptions(export=ExportOptions(keep_low_confidence=True), **options))


def _tiny_mt(tiny_models, backend: str) -> dict:
    return {"model": str(tiny_models / "tiny"), "backend": backend, "max_new_tokens": 6}


@pytest.fixture(scope="module")
def generated(tmp_path_factory, tiny_models):
    """A generated corpus of 500 article pairs, and its run on the local engine (tiny MT model)."""
    root = tmp_path_factory.mktemp("generated")
    _make_corpus(root / "corpus", 500)
    summary = _run(root / "corpus", root / "local", mt=_tiny_mt(tiny_models, "transformers"))
    assert summary["article_pairs"] >= 450 and summary["sentence_pairs"] >= 2000 and summary["mean_chrf"] is not None
    return root


def test_sample_corpus_same_files_and_rows(local_ray, tiny_models, tmp_path):
    mt = _tiny_mt(tiny_models, "ct2")
    local = _run(SAMPLE, tmp_path / "local", mt=mt)
    distributed = _run(SAMPLE, tmp_path / "ray", mt=mt, engine="ray", workers=1)
    assert local["sentence_pairs"] > 20 and local["mean_chrf"] is not None
    assert {k: v for k, v in local.items() if k not in ("workdir", "stages", "dataset", "other_formats")} == \
        {k: v for k, v in distributed.items() if k not in ("workdir", "stages", "dataset", "other_formats")}
    _same_output(tmp_path / "local", tmp_path / "ray", tmp_path / "hf")


def test_generated_corpus_same_rows_with_two_workers(local_ray, generated, tiny_models, tmp_path):
    _run(generated / "corpus", tmp_path / "ray", mt=_tiny_mt(tiny_models, "transformers"), engine="ray", workers=2)
    _same_output(generated / "local", tmp_path / "ray", tmp_path / "hf")


def _worker_pids(actor: str) -> list[int]:
    """Ray worker processes running an actor of the class `actor` (Ray titles them ray::CLASS...)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if command.startswith("ray::") and actor in command:
                found.append(int(entry.name))
    return found


def test_worker_killed_mid_stage_changes_nothing(local_ray, generated, tiny_models, tmp_path):
    """An embedding actor killed while the pair stage runs is restarted and its chunks redone."""
    killed: list[int] = []

    def kill_one_embedder() -> None:
        deadline = time.time() + 120
        while time.time() < deadline and not killed:
            pids = _worker_pids("MapBatches(Embed)")
            if pids:
                time.sleep(2)  # let it take some chunks first
                os.kill(pids[0], signal.SIGKILL)
                killed.append(pids[0])
            time.sleep(0.2)

    watcher = threading.Thread(target=kill_one_embedder, daemon=True)
    watcher.start()
    _run(generated / "corpus", tmp_path / "ray", mt=_tiny_mt(tiny_models, "transformers"), engine="ray", workers=2)
    watcher.join(timeout=1)
    assert killed, "no embedding actor was seen running"
    _same_output(generated / "local", tmp_path / "ray", tmp_path / "hf")


def test_failed_ray_run_resumes_where_it_stopped(local_ray, tiny_models, tmp_path):
    """A run that fails in the score stage keeps the stages before it; the rerun resumes there
    (on either engine: the stage files are the same) and ends with the local engine's output."""
    work = tmp_path / "ray"
    with pytest.raises(Exception, match="could not load MT model"):
        _run(SAMPLE, work, engine="ray", workers=2, mt={"model": str(tmp_path / "no-such-model")}, require_mt=True)
    assert (work / "aligned.jsonl").exists() and not (work / "scored.jsonl").exists()
    logs: list[str] = []
    run_pipeline([SAMPLE], work, RunOptions(engine="ray", workers=2, mt={"no_mt": True},
                                            export=ExportOptions(keep_low_confidence=True)), log=logs.append)
    assert {"ingest: up to date", "pair: up to date", "align: up to date", "score: running"} <= set(logs)
    _run(SAMPLE, tmp_path / "local", mt={"no_mt": True})
    _same_output(tmp_path / "local", work, tmp_path / "hf")


def test_ray_engine_without_ray_says_how_to_install(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "ray", None)
    with pytest.raises(EngineUnavailable, match=r"pip install 'aligner\[ray\]'"):
        open_engine("ray")
    hidden = tmp_path / "hide"
    hidden.mkdir()
    (hidden / "ray.py").write_text("raise ImportError('no ray here')\n")
    env = {**os.environ, "PYTHONPATH": f"{hidden}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    done = subprocess.run([sys.executable, "-m", "aligner", "run", str(SAMPLE), "--out", str(tmp_path / "w"),
                           "--no-mt", "--engine", "ray"], capture_output=True, text=True, env=env)
    assert done.returncode == 2
    assert "pip install 'aligner[ray]'" in done.stderr and "Traceback" not in done.stderr


def test_engine_options_are_checked(tmp_path):
    for extra, message in ((["--engine", "spark"], "--engine"), (["--workers", "2"], "--engine ray")):
        done = subprocess.run([sys.executable, "-m", "aligner", "run", str(SAMPLE), "--out", str(tmp_path / "w"),
                               "--no-mt", *extra], capture_output=True, text=True)
        assert done.returncode == 2 and message in done.stderr
        assert not (tmp_path / "w").exists()


def test_unreachable_cluster_fails_at_once(tmp_path):
    """Ray would retry a head node that does not answer for many minutes; we say so at once."""
    with socket.socket() as probe:  # a port that nothing listens on once the probe is closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    done = subprocess.run([sys.executable, "-m", "aligner", "run", str(SAMPLE), "--out", str(tmp_path / "w"),
                           "--no-mt", "--engine", "ray", "--ray-address", f"127.0.0.1:{port}"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and f"nothing answers at 127.0.0.1:{port}" in done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "w").exists()
