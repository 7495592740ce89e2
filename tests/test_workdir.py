"""A work directory on another filesystem (file:// and S3, the latter on a local moto server):
the same files as a local one, resume from what is there, no stale files, failures keep
the stages before them."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from aligner.export import ExportOptions
from aligner.pipeline import RunOptions, run_pipeline
from aligner.workdir import RemoteWorkdir

SAMPLE = Path(__file__).resolve().parents[1] / "corpora" / "sample"
NO_MT = {"no_mt": True}


def _files(root: Path) -> dict:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def local_run(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("local") / "w"
    run_pipeline([SAMPLE], work, RunOptions(mt=NO_MT))
    return work


def test_file_uri_workdir_gets_the_local_files_and_resumes(local_run, tmp_path):
    target = tmp_path / "remote" / "w"
    done = subprocess.run([sys.executable, "-m", "aligner", "run", str(SAMPLE), "--out", target.as_uri(), "--no-mt",
                           "--json"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["workdir"] == target.as_uri() and summary["dataset"] == target.as_uri() + "/dataset"
    assert _files(target) == _files(local_run)
    logs: list[str] = []
    run_pipeline([SAMPLE], target.as_uri(), RunOptions(mt=NO_MT), log=logs.append)
    assert logs == [f"{stage}: up to date" for stage in ("ingest", "pair", "align", "score", "export")]


@pytest.fixture()
def s3(monkeypatch):
    """A bucket on a moto S3 server on 127.0.0.1; yields the URI of a work directory in it."""
    moto_server = pytest.importorskip("moto.server")
    from pyarrow import fs

    for name, value in (("AWS_ACCESS_KEY_ID", "test"), ("AWS_SECRET_ACCESS_KEY", "test"),
                        ("AWS_DEFAULT_REGION", "us-east-1")):
        monkeypatch.setenv(name, value)
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    fs.S3FileSystem(endpoint_override=f"{host}:{port}", scheme="http", region="us-east-1",
                    allow_bucket_creation=True).create_dir("corpus")
    yield f"s3://corpus/work?endpoint_override={host}:{port}&scheme=http&region=us-east-1"
    server.stop()


def _pull(uri: str, into: Path) -> dict:
    RemoteWorkdir(uri).pull(into)
    return _files(into)


def test_s3_workdir_resumes_after_a_failure_and_keeps_no_stale_shard(local_run, s3, tmp_path):
    with pytest.raises(Exception, match="could not load MT model"):
        run_pipeline([SAMPLE], s3, RunOptions(mt={"model": str(tmp_path / "no-such-model")}, require_mt=True))
    there = _pull(s3, tmp_path / "after-failure")
    assert {"articles.jsonl", "pairs.jsonl", "aligned.jsonl", "cache/embeddings.npz"} <= there.keys()
    assert "scored.jsonl" not in there and set(json.loads(there["state.json"])) == {"ingest", "pair", "align"}

    logs: list[str] = []
    summary = run_pipeline([SAMPLE], s3, RunOptions(mt=NO_MT), log=logs.append)
    assert logs[:4] == ["ingest: up to date", "pair: up to date", "align: up to date", "score: running"]
    assert summary["dataset"].startswith("s3://corpus/work/dataset?")
    assert _pull(s3, tmp_path / "done") == _files(local_run)

    # a new export replaces the dataset folder: the shards of the first one do not stay beside it
    run_pipeline([SAMPLE], s3, RunOptions(mt=NO_MT, export=ExportOptions(min_confidence=0.9)))
    shards = [name for name in _pull(s3, tmp_path / "stricter") if name.startswith("dataset/data/")]
    assert shards and not set(shards) & {n for n in _files(local_run) if n.startswith("dataset/data/")}


def test_unusable_uri_is_a_clear_error(tmp_path):
    with pytest.raises(ValueError, match="cannot use nosuchfs://x/w as work directory"):
        run_pipeline([SAMPLE], "nosuchfs://x/w", RunOptions(mt=NO_MT))
    file_target = tmp_path / "a-file"
    file_target.write_text("not a folder")
    with pytest.raises(ValueError, match="is not a folder"):
        run_pipeline([SAMPLE], file_target.as_uri(), RunOptions(mt=NO_MT))
    assert file_target.read_text() == "not a folder" and os.listdir(tmp_path) == ["a-file"]
