"""Korean->English machine translation behind one small interface.

* `HFTranslator`: any transformers seq2seq model (Marian, M2M100, NLLB) by hub id
  or local folder, with the right language codes for each family, batches sorted
  by length (original order restored), halving the batch on CUDA out-of-memory,
  fp16/bf16 on CUDA.
* `FileTranslator`: translations produced elsewhere (JSONL or TSV keyed by the
  source sentence).
* `CachedTranslator`: an SQLite cache keyed by model identity, generation
  settings and source text, written batch by batch, so a rerun or an
  interrupted run never translates a sentence twice.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import sys
from pathlib import Path
from typing import Callable, Protocol, Sequence

from aligner.fileio import read_text

DEFAULT_MT_MODEL = "Helsinki-NLP/opus-mt-ko-en"

# (source code, target code) of each tokenizer family
_NLLB_CODES = ("kor_Hang", "eng_Latn")
_M2M_CODES = ("ko", "en")

OnBatch = Callable[[list[int], list[str]], None]


class MTUnavailable(RuntimeError):
    """The MT model could not be loaded (offline, wrong id, broken folder)."""


class Translator(Protocol):
    """Anything that translates Korean sentences into English."""

    name: str  # identity used in cache keys and in the dataset card
    settings: dict
    backend: str  # how it runs, e.g. "ct2 (int8 on cpu)"

    def translate(self, texts: Sequence[str], on_batch: OnBatch | None = None) -> list[str | None]:
        """Translations in the order of `texts` (None where none is available);
        `on_batch(indices, outputs)` after each batch."""
        ...


def _fingerprint(model_ref: str, config_json: str) -> str:
    """Model identity: the reference, its config and, for a local folder, its weight files."""
    digest = hashlib.sha1(config_json.encode("utf-8"))
    path = Path(model_ref)
    if path.is_dir():
        for weights in sorted(path.glob("*.safetensors")) + sorted(path.glob("*.bin")):
            stat = weights.stat()
            digest.update(f"{weights.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return f"{model_ref}@{digest.hexdigest()[:12]}"


def _check_reachable(model: str, timeout: float = 3.0) -> None:
    """Fail fast for a hub id that is neither cached nor reachable (instead of slow retries)."""
    if Path(model).exists():
        return
    from huggingface_hub import constants, try_to_load_from_cache

    if isinstance(try_to_load_from_cache(model, "config.json"), str):
        return  # cached: transformers loads it offline
    if constants.HF_HUB_OFFLINE:
        raise OSError("not in the local cache and HF_HUB_OFFLINE is set")
    import socket
    from urllib.parse import urlparse

    url = urlparse(constants.ENDPOINT)
    try:
        socket.create_connection((url.hostname, url.port or 443), timeout=timeout).close()
    except OSError as exc:
        raise OSError(f"the model hub ({url.hostname}) cannot be reached: {exc}") from None


def target_language(tokenizer, model_type: str) -> str:
    """Set the tokenizer's source language (Korean) and return the target-language token that
    starts the English output: NLLB and M2M100 codes; "" for Marian (one model per pair)."""
    if type(tokenizer).__name__.startswith("Nllb"):
        tokenizer.src_lang = _NLLB_CODES[0]
        return _NLLB_CODES[1]
    if model_type == "m2m_100":
        tokenizer.src_lang = _M2M_CODES[0]
        return f"__{_M2M_CODES[1]}__"
    return ""


class BatchedTranslator:
    """What the model translators share: batches of sentences of similar length (longest
    first, so an out-of-memory error shows early), the order restored, a progress bar.

    `plan` and `translate_batch` are the two halves of `translate`, so an engine can run
    the same batches elsewhere (the Ray engine, on MT actors).  A batch's outputs can
    depend in the last bits on its other members (padding), so the batches are a function
    of the texts only: consecutive `batch_size` slices of one order."""

    tokenizer: object
    batch_size: int
    progress: bool
    label = "translate"

    def _chunk(self) -> int:
        """Sentences per `translate_batch` call: a multiple of `batch_size`."""
        return self.batch_size

    def plan(self, texts: Sequence[str]) -> list[list[int]]:
        """The indices of `texts`, in the chunks `translate` hands to `translate_batch`."""
        lengths = [len(ids) for ids in self.tokenizer(list(texts), truncation=True, max_length=512)["input_ids"]]
        order = sorted(range(len(texts)), key=lambda k: (-lengths[k], k))
        size = self._chunk()
        return [order[start:start + size] for start in range(0, len(order), size)]

    def translate_batch(self, texts: list[str]) -> list[str]:
        """The translations of one chunk of `plan`."""
        raise NotImplementedError

    def translate(self, texts: Sequence[str], on_batch: OnBatch | None = None) -> list[str]:
        if not texts:
            return []
        out: list[str] = [""] * len(texts)
        from rich.progress import Progress

        with Progress(transient=True, disable=not self.progress) as bar:
            task = bar.add_task(self.label, total=len(texts))
            for idx in self.plan(texts):
                results = self.translate_batch([texts[k] for k in idx])
                for k, text in zip(idx, results):
                    out[k] = text
                if on_batch:
                    on_batch(idx, results)
                bar.advance(task, len(idx))
        return out


class HFTranslator(BatchedTranslator):
    """A transformers seq2seq model translating Korean into English.

    With ``load_weights=False`` only the tokenizer and the configuration are read: enough
    to name the model and `plan` its batches (what the Ray engine's driver needs)."""

    def __init__(self, model: str, device: str = "auto", batch_size: int = 0, num_beams: int = 1,
                 max_new_tokens: int = 128, dtype: str = "auto", progress: bool | None = None,
                 load_weights: bool = True) -> None:
        try:
            import torch
            from transformers import AutoConfig, AutoModelForSeq2SeqLM, AutoTokenizer
        except ImportError as exc:
            raise MTUnavailable(f"MT needs torch and transformers: {exc}") from exc
        self._torch = torch
        if device == "auto":
            device = "cuda" if torch.cuda.is_available() else "cpu"
        if dtype == "auto":  # fp32: on an H100 fp16/bf16 generation was slower for Marian models
            dtype = "fp32"
        if device == "cpu" and dtype != "fp32":
            raise ValueError("fp16/bf16 are for CUDA; use dtype fp32 on the CPU")
        torch_dtype = {"fp32": torch.float32, "fp16": torch.float16, "bf16": torch.bfloat16}[dtype]
        try:
            _check_reachable(model)
            self.tokenizer = AutoTokenizer.from_pretrained(model)
            config = AutoConfig.from_pretrained(model)
            self.model = AutoModelForSeq2SeqLM.from_pretrained(model).to(device=device, dtype=torch_dtype).eval() \
                if load_weights else None
        except Exception as exc:  # offline hub, wrong id, missing files: all mean "no model here"
            raise MTUnavailable(
                f"could not load MT model {model!r} ({type(exc).__name__}: {str(exc).splitlines()[0][:200]}). "
                "Without access to the model hub, download the model elsewhere, copy its folder here "
                "and pass the folder's path (--mt-model /path/to/opus-mt-ko-en).") from exc
        self.device = device
        # measured best for a Marian base model: 64 on a 2-core CPU, 1024 on an H100 (fp32)
        self.batch_size = batch_size or (1024 if device.startswith("cuda") else 64)
        self._target_code = ""
        self.progress = sys.stderr.isatty() if progress is None else progress
        self._generate_kwargs = {"num_beams": num_beams, "max_new_tokens": max_new_tokens, "do_sample": False}
        self._generate_kwargs.update(self._language_codes(config.model_type))
        self.settings = {"num_beams": num_beams, "max_new_tokens": max_new_tokens, "dtype": dtype,
                         **{k: v for k, v in self._generate_kwargs.items() if k == "forced_bos_token_id"}}
        self.name = _fingerprint(model, config.to_json_string())
        self.backend = f"transformers ({dtype} on {device})"

    def _language_codes(self, model_type: str) -> dict:
        """Source language on the tokenizer, target language as the forced first token."""
        self._target_code = target_language(self.tokenizer, model_type)
        if not self._target_code:
            return {}  # Marian: one model per language pair, no codes
        return {"forced_bos_token_id": self.tokenizer.convert_tokens_to_ids(self._target_code)}

    def _generate(self, batch: list[str]) -> list[str]:
        if self.model is None:
            raise RuntimeError("this translator was made with load_weights=False: it plans batches only")
        enc = self.tokenizer(batch, return_tensors="pt", padding=True, truncation=True, max_length=512)
        enc = {k: v.to(self.device) for k, v in enc.items()}
        with self._torch.inference_mode():
            out = self.model.generate(**enc, **self._generate_kwargs)
        texts = self.tokenizer.batch_decode(out, skip_special_tokens=True)
        # the forced target-language token is not always a "special" token for the decoder
        return [t.strip().removeprefix(self._target_code).strip() for t in texts]

    def translate_batch(self, texts: list[str]) -> list[str]:
        """Generate, halving the batch on CUDA out-of-memory until it fits."""
        try:
            return self._generate(texts)
        except self._torch.cuda.OutOfMemoryError:
            if len(texts) == 1:
                raise
            self._torch.cuda.empty_cache()
            self.batch_size = max(1, len(texts) // 2)
            half = len(texts) // 2
            return self.translate_batch(texts[:half]) + self.translate_batch(texts[half:])


class FileTranslator:
    """Translations made elsewhere: JSONL {"source", "translation"} or TSV source<TAB>translation."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.table: dict[str, str] = {}
        text = read_text(self.path)
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            if self.path.suffix.lower() in (".jsonl", ".json"):
                try:
                    row = json.loads(line)
                    self.table[row["source"]] = row["translation"]
                except (json.JSONDecodeError, KeyError, TypeError):
                    raise ValueError(f"{self.path}:{number}: expected {{\"source\": ..., \"translation\": ...}}") from None
            else:
                cols = line.split("\t")
                if len(cols) < 2:
                    raise ValueError(f"{self.path}:{number}: expected source<TAB>translation")
                self.table[cols[0]] = cols[1]
        self.name = f"file:{self.path.name}"
        self.backend = "file"
        self.settings: dict = {}
        self.missing = 0

    def translate(self, texts: Sequence[str], on_batch: OnBatch | None = None) -> list[str | None]:
        out = [self.table.get(t) for t in texts]
        self.missing = sum(1 for t in out if t is None)
        return out


class TranslationCache:
    """SQLite store of translations keyed by (model identity, settings, source)."""

    def __init__(self, path: str | Path) -> None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path))
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS mt (key TEXT PRIMARY KEY, model TEXT, source TEXT, target TEXT)")
        self._db.commit()

    @staticmethod
    def key(model: str, settings: dict, source: str) -> str:
        blob = json.dumps([model, settings, source], ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def get_many(self, keys: list[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(self._db.execute(f"SELECT key, target FROM mt WHERE key IN ({marks})", chunk))
        return found

    def put_many(self, rows: list[tuple[str, str, str, str]]) -> None:
        self._db.executemany("INSERT OR REPLACE INTO mt VALUES (?, ?, ?, ?)", rows)
        self._db.commit()

    def close(self) -> None:
        self._db.close()


class CachedTranslator:
    """Translate each distinct source once, ever: cached results first, then the model,
    storing every finished batch before the next starts (an interrupted run resumes)."""

    def __init__(self, translator: Translator, cache: TranslationCache) -> None:
        self.translator = translator
        self.cache = cache
        self.name = translator.name
        self.settings = translator.settings
        self.backend = translator.backend
        self.model_calls = 0  # sentences sent to the model by this object

    def translate(self, texts: Sequence[str], on_batch: OnBatch | None = None) -> list[str | None]:
        keys = [TranslationCache.key(self.name, self.settings, t) for t in texts]
        known = self.cache.get_many(sorted(set(keys)))
        todo: dict[str, str] = {}
        for key, text in zip(keys, texts):
            if key not in known and key not in todo:
                todo[key] = text
        if todo:
            todo_keys, todo_texts = list(todo), list(todo.values())

            def store(indices: list[int], outputs: list[str]) -> None:
                rows = [(todo_keys[k], self.name, todo_texts[k], out) for k, out in zip(indices, outputs)]
                self.cache.put_many(rows)
                known.update((r[0], r[3]) for r in rows)
                self.model_calls += len(indices)

            self.translator.translate(todo_texts, on_batch=store)
        return [known.get(k) for k in keys]


BACKENDS = ("transformers", "ct2", "auto")


def load_translator(model: str | None = None, mt_file: str | Path | None = None,
                    cache_file: str | Path | None = None, backend: str = "transformers",
                    compute_type: str = "auto", **options) -> Translator:
    """A file translator, or a (cached) model on the transformers or the CTranslate2 backend;
    ``auto`` takes CTranslate2 when it is installed and runs the model. Raises MTUnavailable."""
    if mt_file:
        return FileTranslator(mt_file)
    if backend not in BACKENDS:
        raise ValueError(f"MT backend must be one of {', '.join(BACKENDS)}, not {backend!r}")
    model = model or DEFAULT_MT_MODEL
    from aligner import ct2

    if backend == "auto":
        backend = "ct2" if ct2.available() and ct2.supports(model) else "transformers"
    translator: Translator
    if backend == "ct2":
        options.pop("dtype", None)
        translator = ct2.CT2Translator(model, compute_type=compute_type, **options)
    else:
        translator = HFTranslator(model, **options)
    if cache_file:
        return CachedTranslator(translator, TranslationCache(cache_file))
    return translator
