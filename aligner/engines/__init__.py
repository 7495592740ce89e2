"""How `aligner run` executes its stages: in this process (`local`) or on Ray Data (`ray`).

Both engines run the same stage functions.  A stage hands its heavy, independent
work to the engine through three doors, and decides everything that needs the
whole batch itself:

* `map(fn, items)`: a pure function over a list (reading files, splitting
  sentences, pairing blocks, aligning article pairs, scoring pairs);
* `encoder(spec, cache_file)`: a `CachedEncoder` whose missing groups the engine
  embeds (Ray: on actors that load the encoder once);
* `translator(cache_file, **mt)`: a translator whose batches the engine runs
  (Ray: on MT actors, one GPU each when the cluster has GPUs), planned exactly as
  the local translator plans them and cached on the driver.

Embeddings are computed per group and MT batches are fixed by the texts alone,
so both engines, with any number of workers, write the same rows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from aligner.embed import CachedEncoder, load_encoder
from aligner.mapping import Mapper, in_process
from aligner.translate import Translator, load_translator

ENGINES = ("local", "ray")


class EngineUnavailable(RuntimeError):
    """The engine cannot start (Ray not installed, cluster unreachable)."""


class Engine(Protocol):
    name: str
    map: Mapper

    def encoder(self, spec: str, cache_file: Path | None = None) -> CachedEncoder: ...

    def translator(self, cache_file: Path | None = None, **mt) -> Translator: ...

    def close(self) -> None: ...


class LocalEngine:
    """Everything in this process."""

    name = "local"

    def __init__(self) -> None:
        self.map: Mapper = in_process

    def encoder(self, spec: str, cache_file: Path | None = None) -> CachedEncoder:
        return load_encoder(spec, cache_file)

    def translator(self, cache_file: Path | None = None, **mt) -> Translator:
        return load_translator(cache_file=cache_file, **mt)

    def close(self) -> None:
        pass


def open_engine(name: str = "local", address: str | None = None, workers: int | None = None) -> Engine:
    """The engine `name`; for Ray, connect to `address` (else start a local instance, or use
    the one this process started) and use at most `workers` concurrent workers per stage."""
    if name == "local":
        return LocalEngine()
    if name != "ray":
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}, not {name!r}")
    try:
        import ray  # noqa: F401
        import ray.data  # noqa: F401
    except ImportError:
        raise EngineUnavailable("the ray engine needs Ray Data: pip install 'aligner[ray]'") from None
    from aligner.engines.raydata import RayEngine

    return RayEngine(address, workers)
