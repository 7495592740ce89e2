"""One run at a time in a work directory.

Two runs writing one work directory would mix their stages' files, and the second
would delete the first one's temporary files as leftovers of a killed run.  A run
holds an exclusive lock on WORK/.lock (which names its process) while it works and
removes it when done; a second run fails at once, naming the process that holds it.
The operating system releases the lock when the process ends, however it ends, so
the file a killed run leaves behind locks nothing.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

LOCK = ".lock"


class WorkdirBusy(RuntimeError):
    """Another run holds the work directory."""


@contextlib.contextmanager
def holding(work: Path) -> Iterator[None]:
    """Hold `work` for this process (where the system has no flock, as on Windows: nothing)."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    path = work / LOCK
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 32).decode("ascii", "replace").strip()
            os.close(fd)
            raise WorkdirBusy(f"{work} is in use by another aligner run" + (f" (process {holder})" if holder else "")
                              + ": wait for it to end, or choose another --out") from None
        try:
            if os.stat(path).st_ino == os.fstat(fd).st_ino:
                break
        except FileNotFoundError:
            pass
        os.close(fd)  # the run before removed the file as this one opened it: lock the new one
    try:
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode("ascii"))
        yield
    finally:
        os.unlink(path)
        os.close(fd)
