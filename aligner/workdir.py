"""Work directories on object storage or any other filesystem pyarrow understands
(`s3://bucket/work`, `gs://...`, `hdfs://...`, `file:///...`).

A run on a cluster must not depend on the disk of the machine that started it.  The run
works in a local staging copy: `pull` brings down what an earlier run left there (stage
files, caches and `state.json`, so resume works as with a local folder) and `push`
mirrors a finished stage's outputs up, `state.json` last, so the remote `state.json`
never vouches for a stage whose files did not all arrive (a stage whose files are
incomplete fails its content check and runs again).  Objects are written whole, so a
failed push leaves the earlier version readable.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

STATE = "state.json"


def is_remote(workdir: str | Path) -> bool:
    """A URI (scheme://...) rather than a local path."""
    return isinstance(workdir, str) and "://" in workdir


class RemoteWorkdir:
    """A work directory at `uri`, mirrored to and from a local staging folder."""

    def __init__(self, uri: str) -> None:
        from pyarrow import fs

        try:
            self.fs, self.root = fs.FileSystem.from_uri(uri)
        except (ValueError, OSError) as exc:  # unknown scheme, bad bucket name, no credentials
            raise ValueError(f"cannot use {uri} as work directory: {exc}") from exc
        self.uri = uri.rstrip("/")
        self.root = self.root.rstrip("/")
        self._local = fs.LocalFileSystem()
        self._synced: dict[str, tuple] = {}  # path -> what it was when last pulled or pushed

    @staticmethod
    def _stamp(path: Path) -> tuple:
        """What a local file or folder is (names, sizes, modification times): unchanged stamp,
        nothing to copy."""
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        return tuple((p.relative_to(path).as_posix(), p.stat().st_size, p.stat().st_mtime_ns) for p in files)

    def url(self, relative: str = "") -> str:
        """The URI of a path inside the work directory (query strings such as an S3 endpoint
        stay at the end)."""
        base, _, query = self.uri.partition("?")
        return (f"{base}/{relative}" if relative else base) + (f"?{query}" if query else "")

    def pull(self, local: Path) -> None:
        """Copy what the work directory holds into `local` (nothing when it does not exist)."""
        from pyarrow import fs

        info = self.fs.get_file_info(self.root)
        if info.type == fs.FileType.NotFound:
            return
        if info.type != fs.FileType.Directory:
            raise ValueError(f"{self.uri} is not a folder")
        fs.copy_files(self.root, str(local), source_filesystem=self.fs, destination_filesystem=self._local)
        self._synced = {p.name: self._stamp(p) for p in local.iterdir()}

    def push(self, local: Path, relative: Iterable[str]) -> None:
        """Mirror these paths (files or folders, relative to `local`) up, then `state.json`;
        what is as it was last pulled or pushed (a cache no stage touched) is not copied again.
        A folder replaces the remote one (no stale file of an earlier run stays beside it)."""
        from pyarrow import fs

        for name in [*(r for r in relative if r != STATE), STATE]:
            source, target = local / name, f"{self.root}/{name}"
            stamp = self._stamp(source) if source.exists() else None
            if stamp is None or self._synced.get(name) == stamp:
                continue
            if source.is_dir():
                self.fs.delete_dir_contents(target, missing_dir_ok=True)
                self.fs.create_dir(target)
            else:
                self.fs.create_dir(target.rpartition("/")[0])
            fs.copy_files(str(source), target, source_filesystem=self._local, destination_filesystem=self.fs)
            self._synced[name] = stamp
