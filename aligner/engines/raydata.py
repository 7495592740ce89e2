"""The Ray engine: the stages' work on Ray Data, on a laptop or a cluster.

Work travels as pickled chunks of items in a Ray Dataset (one row per chunk,
the chunk's number kept beside it; chunks are strided over the items, so they
cost alike), so any picklable stage function runs unchanged on the workers and
the results come back in order:

* `map` runs a function over chunks in Ray tasks (one CPU each);
* the encoder's missing groups go to an actor pool whose actors load the
  encoder once; MT batches go to an actor pool whose actors load the model
  once, with one GPU each when the cluster has GPUs, and each finished batch
  is written to the driver's translation cache as it arrives.

Ray retries the chunks of a worker that dies (tasks and actors are restarted),
and a chunk's result depends only on its items, so a retried chunk gives the
same rows.  The driver keeps what needs the whole batch (ids, pairing decisions,
dedup and splits), as the local engine does, and the workdir's stage files, so
resume works the same way.
"""

from __future__ import annotations

import logging
import math
import os
import pickle
import socket
import sys
from functools import partial
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from aligner.embed import CachedEncoder, base_encoder, embed_groups, encoder_name
from aligner.mapping import single_blas_thread
from aligner.translate import CachedTranslator, OnBatch, TranslationCache, Translator, load_translator

# Items per chunk: every worker gets a few chunks and no chunk grows huge (a chunk is one
# object in Ray's object store).  Chunks are strided over the items, so they cost alike, but
# workers do not run alike (on a shared machine one core can be a third slower than the
# other for minutes): with more chunks a faster worker takes more of them.  Tasks wait at
# Ray's scheduler and start the moment a CPU is free; where Ray Data holds them back (a
# `--workers` cap below the CPUs) each chunk more costs a gap of about 0.2 s (Ray Data's
# next poll), so there two per worker.
CHUNKS_PER_WORKER = 2
QUEUED_CHUNKS_PER_WORKER = 4
MAX_CHUNK_ITEMS = 2048


def _strided(items: list, per_chunk: int) -> list[list]:
    """Chunks of at most `per_chunk` items, chunk j holding items j, j + n, j + 2n, ... of n
    chunks: neighbours often cost alike (one language's file, one day's long articles), so
    striding gives chunks of like cost and the workers finish together."""
    n = math.ceil(len(items) / per_chunk)
    return [items[j::n] for j in range(n)]


def _apply_chunks(batch: dict, fn: Callable) -> dict:
    """Ray task body: fn over every item of every chunk in the batch."""
    single_blas_thread()
    out = [pickle.dumps([fn(item) for item in pickle.loads(blob)], protocol=5) for blob in batch["items"]]
    return {"k": batch["k"], "out": np.array(out, dtype=object)}


class _ActorApply:
    """Ray actor body: builds its function once (`factory()`: load a model), then applies it.
    `map_actors` subclasses it with the factory as a class attribute."""

    factory: Callable[[], Callable]

    def __init__(self) -> None:
        single_blas_thread()
        self.fn = self.factory()

    def __call__(self, batch: dict) -> dict:
        return _apply_chunks(batch, self.fn)


def _embedder(spec: str) -> Callable[[Sequence[str]], np.ndarray]:
    """An actor's encoder, one group per call."""
    encoder = base_encoder(spec)
    return lambda group: embed_groups(encoder, [group])[0]


def _mt_worker(options: dict) -> Callable[[list[str]], list[str]]:
    """An MT actor's translator: translates one planned batch per call."""
    translator = load_translator(**options)
    return translator.translate_batch


def _check_reachable(address: str | None, timeout: float = 10.0) -> None:
    """Raise ConnectionError when the head node of `address` (host:port or ray://host:port)
    does not answer: Ray itself would retry an unreachable head for many minutes."""
    if not address or address == "auto" or address.startswith("local"):
        return
    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not host or not port.isdigit():
        raise ValueError(f"expected HOST:PORT, ray://HOST:PORT or auto, not {address!r}")
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=timeout).close()
    except OSError as exc:
        raise ConnectionError(f"nothing answers at {host}:{port} ({exc.strerror or exc})") from None


class RayEngine:
    """Stage work on Ray Data; see the module docstring."""

    name = "ray"

    def __init__(self, address: str | None = None, workers: int | None = None) -> None:
        import ray
        from ray.data import DataContext

        self._started = not ray.is_initialized()
        if self._started:
            # Ray's C++ core prints warnings meant for Ray developers; errors reach us as exceptions
            os.environ.setdefault("RAY_BACKEND_LOG_LEVEL", "fatal")
            try:
                _check_reachable(address)
                ray.init(address=address, include_dashboard=False, logging_level="ERROR",
                         log_to_driver=False)
            except (ConnectionError, RuntimeError, ValueError) as exc:
                from aligner.engines import EngineUnavailable

                raise EngineUnavailable(f"could not start or reach Ray{' at ' + address if address else ''}: "
                                        f"{exc}") from exc
        resources = ray.cluster_resources()
        self.cpus = max(1, int(resources.get("CPU", 1)))
        self.workers = workers or self.cpus
        self.gpus = int(resources.get("GPU", 0))
        logging.getLogger("ray.data").setLevel(logging.ERROR)  # the stage log says what runs
        context = DataContext.get_current()
        context.enable_progress_bars = sys.stderr.isatty()
        context.print_on_execution_start = False
        # Each stage is one map over a list, consumed as it comes: no operator downstream to
        # reserve resources for or to hold back against.  (With the reservation the second
        # of two workers started a second late; with the downstream-capacity backpressure
        # one of two actors sat idle for the last third of the pair stage.)
        context.op_resource_reservation_enabled = False
        context.downstream_capacity_backpressure_ratio = None

    # ---- the three doors ----------------------------------------------------------------

    def map(self, fn: Callable, items: list, label: str = "") -> list:
        """fn over items in Ray tasks (one CPU each), results in order."""
        from ray.data import TaskPoolStrategy

        # without a cap below the CPUs, every chunk's task is submitted at once (Ray Data's
        # concurrency = the number of chunks) and Ray's scheduler runs one per CPU; a cap is
        # Ray Data's to keep
        queued = self.workers >= self.cpus
        per_worker = QUEUED_CHUNKS_PER_WORKER if queued else CHUNKS_PER_WORKER
        per_chunk = min(MAX_CHUNK_ITEMS, max(1, math.ceil(len(items) / (self.workers * per_worker))))
        return self._run(items, per_chunk, partial(_apply_chunks, fn=fn), lambda n: TaskPoolStrategy(size=n),
                         len(items) if queued else self.workers)

    def encoder(self, spec: str, cache_file: Path | None = None) -> CachedEncoder:
        return CachedEncoder(_RayEncoder(spec, self), cache_file)

    def translator(self, cache_file: Path | None = None, **mt) -> Translator:
        if mt.get("mt_file"):  # a lookup table: nothing to distribute
            return load_translator(cache_file=cache_file, **mt)
        translator: Translator = _RayTranslator(self, mt)
        return CachedTranslator(translator, TranslationCache(cache_file)) if cache_file else translator

    def close(self) -> None:
        if self._started:
            import ray

            ray.shutdown()

    # ---- plumbing -------------------------------------------------------------------------

    def map_actors(self, name: str, factory: Callable[[], Callable], items: list, per_chunk: int, gpus: float = 0,
                   actors: int | None = None, on_chunk: Callable[[range, list], None] | None = None) -> list:
        """`factory()`'s function over items, on a pool of actors (class `name`) that each call
        `factory` once; `on_chunk(positions, results)` hears of each chunk as it is done."""
        from ray.data import ActorPoolStrategy

        body = type(name, (_ActorApply,), {"factory": staticmethod(factory), "__module__": __name__})

        def pool(size: int) -> ActorPoolStrategy:
            # one chunk queued behind the running one: no idle gap between chunks, and at most
            # one chunk's worth of imbalance at the end
            return ActorPoolStrategy(size=size, max_tasks_in_flight_per_actor=2)

        return self._run(items, per_chunk, body, pool, actors or self.workers, on_chunk, num_gpus=gpus or None)

    def _run(self, items: list, per_chunk: int, body, compute: Callable[[int], object], workers: int,
             on_chunk: Callable[[range, list], None] | None = None, **resources) -> list:
        import ray.data

        if not items:
            return []
        chunks = _strided(items, per_chunk)
        rows = [{"k": k, "items": pickle.dumps(chunk, protocol=5)} for k, chunk in enumerate(chunks)]
        dataset = ray.data.from_items(rows, override_num_blocks=len(rows))
        mapped = dataset.map_batches(body, batch_size=1, batch_format="numpy", compute=compute(min(workers, len(rows))),
                                     num_cpus=1,
                                     **{k: v for k, v in resources.items() if v is not None})
        results: list = [None] * len(items)
        for row in mapped.iter_rows():
            k, done = int(row["k"]), pickle.loads(row["out"])
            results[k::len(chunks)] = done
            if on_chunk:
                on_chunk(range(k, len(items), len(chunks)), done)
        return results


class _RayEncoder:
    """An encoder whose groups are embedded by Ray actors (see `CachedEncoder.encode_groups`)."""

    def __init__(self, spec: str, engine: RayEngine) -> None:
        self.name = encoder_name(spec)
        self._spec, self._engine = spec, engine

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return self.encode_many([texts])[0]

    def encode_many(self, groups: Sequence[Sequence[str]]) -> list[np.ndarray]:
        per_chunk = min(64, max(1, math.ceil(len(groups) / (self._engine.workers * CHUNKS_PER_WORKER))))
        return self._engine.map_actors("Embed", partial(_embedder, self._spec), [list(g) for g in groups], per_chunk)


class _RayTranslator:
    """A model translator whose planned batches run on Ray actors (GPU ones when the cluster
    has GPUs and no device was asked for).  The driver reads only the tokenizer and the
    configuration: it names the model and plans the batches exactly as the local
    translator would on the actors' device."""

    def __init__(self, engine: RayEngine, mt: dict) -> None:
        options = dict(mt)
        if options.get("device", "auto") == "auto":
            options["device"] = "cuda" if engine.gpus else "cpu"
        self._planner = load_translator(**options, load_weights=False)
        # the actors build the translator the planner is (not "auto" again), one thread per CPU actor
        options["backend"] = "ct2" if self._planner.settings.get("backend") == "ct2" else "transformers"
        if options["backend"] == "ct2" and options["device"] == "cpu":
            options["threads"] = 1
        self._engine, self._options = engine, options
        self.name, self.settings = self._planner.name, self._planner.settings
        self._gpu = options["device"].startswith("cuda")
        actors = engine.gpus if self._gpu else engine.workers
        self.backend = f"{self._planner.backend}, {actors} Ray actor(s)"
        self._actors = actors

    def translate(self, texts: Sequence[str], on_batch: OnBatch | None = None) -> list[str]:
        plan = self._planner.plan(texts)
        out: list[str] = [""] * len(texts)

        def done(batches: range, results: list) -> None:
            for idx, outputs in zip((plan[b] for b in batches), results):
                for k, text in zip(idx, outputs):
                    out[k] = text
                if on_batch:
                    on_batch(idx, outputs)

        self._engine.map_actors("Translate", partial(_mt_worker, self._options),
                                [[texts[k] for k in idx] for idx in plan], 1,
                                gpus=1 if self._gpu else 0, actors=self._actors, on_chunk=done)
        return out
