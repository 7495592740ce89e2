"""Pages in a ZIP file or a tarball are read like the folder it unpacks to, named by archive and
member; what would escape the archive, nest another archive, break or explode is named."""

import io
import tarfile
import zipfile
from pathlib import Path

from aligner import fileio
from aligner.ingest import ingest_paths

KO = "수출 증가\n입력 2024.08.01 (09:30)\n지난달 수출이 반도체 호조에 힘입어 10개월 연속 증가했습니다.\n"
EN = "Exports Rise\nWritten: 2024-08-01 14:05:00\nSouth Korea's exports rose for the tenth straight month in July.\n"


def _tarball(path: Path, members: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


def test_a_tarball_is_read_like_its_folder(tmp_path):
    path = _tarball(tmp_path / "pages.tar.gz", {
        "news/ko/1.txt": KO.encode("cp949"), "news/en/1.html": f"<html><body><p>{EN}</p></body></html>".encode(),
        "news/.hidden.txt": b"not a page", "news/style.css": b"p {}", "news/README.md": b"# about these pages",
        "news/empty.txt": b""})
    result = ingest_paths([path])
    assert sorted((a.lang, a.origin) for a in result.articles) == [
        ("en", f"{path}/news/en/1.html"), ("ko", f"{path}/news/ko/1.txt")]
    assert [str(p) for p in result.problems] == [f"error: {path}/news/empty.txt: empty file"]


def test_what_would_escape_or_nest_is_named_not_read(tmp_path):
    inner = tmp_path / "inner.zip"
    with zipfile.ZipFile(inner, "w") as archive:
        archive.writestr("en.txt", EN)
    path = tmp_path / "pages.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("ko.txt", KO)
        archive.writestr("../../outside.txt", EN)
        archive.writestr("/etc/absolute.txt", EN)  # zipfile keeps the name; the reader puts it inside
        archive.write(inner, "inner.zip")
    result = ingest_paths([path])
    assert sorted(a.origin for a in result.articles) == [f"{path}/etc/absolute.txt", f"{path}/ko.txt"]
    assert not (tmp_path.parent / "outside.txt").exists()
    assert sorted(str(p) for p in result.problems) == [
        f"notice: {path}/../../outside.txt: a path outside the archive: skipped",
        f"notice: {path}/inner.zip: an archive inside an archive: not opened (unpack it)"]


def test_a_broken_or_exploding_archive_is_named(tmp_path, monkeypatch):
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04" + bytes(60))
    big = tmp_path / "big.zip"
    with zipfile.ZipFile(big, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("ko.txt", KO * 20_000)  # 2 MiB
    monkeypatch.setattr(fileio, "MAX_EXPANDED", 1 << 20)
    result = ingest_paths([broken, big])
    assert not result.articles
    assert [(Path(p.path).name, p.message.split(" (")[0]) for p in result.errors] == [
        ("broken.zip", "broken archive"), ("big.zip", "archive expands beyond 1 MiB: not read")]
