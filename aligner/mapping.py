"""How stages hand out their heavy, independent work: a `Mapper`.

A mapper applies a picklable function to every item of a list and returns the
results in the items' order.  Stages take one (`in_process` by default), so the
same stage functions run in this process or, given the Ray engine's `map`, on
Ray Data workers; anything that depends on the whole batch stays in the stage.
"""

from __future__ import annotations

import functools
import sys
from typing import Callable, Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class Mapper(Protocol):
    def __call__(self, fn: Callable[[T], R], items: list[T], label: str = "") -> list[R]:
        """fn(item) for every item, in order; `label` names the work on a progress bar."""
        ...


def in_process(fn: Callable[[T], R], items: list[T], label: str = "") -> list[R]:
    """The default mapper: a loop in this process, with a progress bar on a terminal when
    the work is labelled."""
    from rich.progress import track

    return [fn(item) for item in track(items, description=label, transient=True,
                                       disable=not label or len(items) < 2 or not sys.stderr.isatty())]


def one_blas_thread():
    """A context in which BLAS runs on one thread (the previous setting is restored after).

    OpenBLAS rounds some products differently on one thread than on several, so stage
    results are always computed on one: they then depend neither on the cores of a
    machine nor on the number of workers.  A Ray worker holds one CPU anyway; in one
    process, embedding loses about a tenth of its speed (what a second thread gained)."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")


@functools.cache
def single_blas_thread() -> None:
    """`one_blas_thread` for the rest of this process (the command line, Ray workers)."""
    one_blas_thread()
