"""Korean->English MT on CTranslate2: the same models as `translate.HFTranslator`, several times faster.

CTranslate2 is the inference engine built for Marian, M2M100 and NLLB models
(int8 on CPU, int8/float16 on CUDA).  `CT2Translator` converts the given
transformers model (hub id or folder) once, with CTranslate2's own converter,
into a cache folder keyed by the model's fingerprint and the quantization,
then translates with `ctranslate2.Translator`, tokenizing with the model's
own tokenizer, in length-sorted batches with the order restored.  It is an
optional extra: ``pip install 'aligner[ct2]'``.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

from aligner.fileio import atomic_dir
from aligner.translate import DEFAULT_MT_MODEL, BatchedTranslator, MTUnavailable, _check_reachable, _fingerprint, \
    target_language

SUPPORTED = ("marian", "m2m_100")  # model_type of Marian, M2M100 and NLLB checkpoints
COMPUTE_TYPES = ("auto", "int8", "int8_float32", "int8_float16", "int8_bfloat16", "float16", "bfloat16", "float32")


def available() -> bool:
    try:
        import ctranslate2  # noqa: F401
    except ImportError:
        return False
    return True


def supports(model: str) -> bool:
    """Whether CTranslate2 can run this model (reads only its config)."""
    try:
        from transformers import AutoConfig

        _check_reachable(model)
        return AutoConfig.from_pretrained(model).model_type in SUPPORTED
    except Exception:  # unreachable or broken model: the transformers path will say why
        return False


def cache_root() -> Path:
    """Where converted models live: $ALIGNER_CT2_CACHE, else ~/.cache/aligner/ct2."""
    if os.environ.get("ALIGNER_CT2_CACHE"):
        return Path(os.environ["ALIGNER_CT2_CACHE"])
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "aligner" / "ct2"


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


class _FullVocabulary:
    """transformers 5's M2M100 tokenizer leaves its language codes out of `get_vocab()`, which
    CTranslate2's converter reads: this view puts them back (ids after the vocabulary)."""

    def __init__(self, tokenizer) -> None:
        self._tokenizer = tokenizer

    def __getattr__(self, name):
        return getattr(self._tokenizer, name)

    def get_vocab(self) -> dict[str, int]:
        vocab = dict(self._tokenizer.get_vocab())
        for index in (getattr(self._tokenizer, "lang_code_to_id", None) or {}).values():
            vocab.setdefault(self._tokenizer.convert_ids_to_tokens(index), index)
        return vocab


def convert(model: str, quantization: str, root: Path | None = None) -> Path:
    """The CTranslate2 conversion of `model` at `quantization`, made once and cached."""
    from ctranslate2.converters import TransformersConverter
    from transformers import AutoConfig

    class Converter(TransformersConverter):
        def load_tokenizer(self, tokenizer_class, model_name_or_path, **kwargs):
            return _FullVocabulary(super().load_tokenizer(tokenizer_class, model_name_or_path, **kwargs))

    identity = _fingerprint(model, AutoConfig.from_pretrained(model).to_json_string())
    name = hashlib.sha1(identity.encode("utf-8")).hexdigest()[:16] + f"-{quantization}"
    target = (root or cache_root()) / name
    if (target / "model.bin").exists():
        return target
    with atomic_dir(target) as tmp:
        Converter(model).convert(str(tmp), quantization=None if quantization == "float32" else quantization,
                                 force=True)
    return target


def _target_ids(folder: Path) -> dict[str, int]:
    """Token -> model id, from the converted model's vocabulary (its order is the model's ids), so
    output decodes exactly as transformers decodes the same ids."""
    import json

    for name in ("shared_vocabulary.json", "target_vocabulary.json"):
        if (folder / name).exists():
            tokens = json.loads((folder / name).read_text(encoding="utf-8"))
            ids: dict[str, int] = {}
            for index, token in enumerate(tokens):
                ids.setdefault(token, index)
            return ids
    raise FileNotFoundError(f"{folder}: no vocabulary file in the converted model")


class CT2Translator(BatchedTranslator):
    """A transformers seq2seq model (Marian, M2M100, NLLB) run by CTranslate2.

    With ``load_weights=False`` nothing is converted or loaded: the object names the model
    and plans batches (see `translate.HFTranslator`)."""

    label = "translate (ct2)"

    def __init__(self, model: str | None = None, device: str = "auto", batch_size: int = 0, num_beams: int = 1,
                 max_new_tokens: int = 128, compute_type: str = "auto", threads: int = 0,
                 progress: bool | None = None, cache_dir: str | Path | None = None, load_weights: bool = True) -> None:
        model = model or DEFAULT_MT_MODEL
        try:
            import ctranslate2
            from transformers import AutoConfig, AutoTokenizer
        except ImportError as exc:
            raise MTUnavailable("the ct2 MT backend needs CTranslate2: pip install 'aligner[ct2]'") from exc
        if compute_type not in COMPUTE_TYPES:
            raise ValueError(f"compute type must be one of {', '.join(COMPUTE_TYPES)}, not {compute_type!r}")
        if device == "auto":
            device = "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
        if compute_type == "auto":  # int8 on the CPU; int8 weights with float16 arithmetic on CUDA
            compute_type = "int8_float16" if device == "cuda" else "int8"
        try:
            _check_reachable(model)
            config = AutoConfig.from_pretrained(model)
            if config.model_type not in SUPPORTED:
                raise ValueError(f"CTranslate2 does not run {config.model_type} models here "
                                 f"(supported: Marian, M2M100, NLLB)")
            self.tokenizer = AutoTokenizer.from_pretrained(model)
            # on a CPU, one worker per core, each on its own batch, beat all cores on one batch
            # (measured on 2 cores: 34 against 21 sentences/s for the opus-mt-ko-en architecture)
            self.workers = (threads or _cores()) if device == "cpu" else 1
            self.translator, self._ids = None, {}
            if load_weights:
                folder = convert(model, compute_type, Path(cache_dir) if cache_dir else None)
                self.translator = ctranslate2.Translator(str(folder), device=device, compute_type=compute_type,
                                                         inter_threads=self.workers,
                                                         intra_threads=1 if device == "cpu" else 0)
                self._ids = _target_ids(folder)
        except MTUnavailable:
            raise
        except Exception as exc:
            raise MTUnavailable(
                f"could not load MT model {model!r} with CTranslate2 ({type(exc).__name__}: "
                f"{str(exc).splitlines()[0][:200]}). Without access to the model hub, pass the path of a "
                "local copy of the model (--mt-model /path/to/opus-mt-ko-en).") from exc
        self.device, self.compute_type = device, compute_type
        self.batch_size = batch_size or (1024 if device == "cuda" else 64)
        self.progress = sys.stderr.isatty() if progress is None else progress
        self._target = target_language(self.tokenizer, config.model_type)
        # transformers keeps the last of max_new_tokens for a forced end token (Marian): same length here
        forced_eos = getattr(config, "forced_eos_token_id", None) is not None and not self._target
        self._options = {"beam_size": num_beams, "max_decoding_length": max_new_tokens - int(forced_eos)}
        self.settings = {"num_beams": num_beams, "max_new_tokens": max_new_tokens, "backend": "ct2",
                         "compute_type": compute_type}
        # outputs differ between backends and compute types: they must never share a cache entry
        self.name = f"{_fingerprint(model, config.to_json_string())} [ct2 {compute_type}]"
        self.backend = f"ct2 ({compute_type} on {device})"

    def _chunk(self) -> int:
        return self.batch_size * self.workers * 4  # enough batches for every worker

    def translate_batch(self, texts: list[str]) -> list[str]:
        """Translate a chunk of `plan`: its consecutive `batch_size` slices, one per job, the jobs
        run in parallel by the workers (CTranslate2's own re-batching would make a batch depend
        on where the chunk ends)."""
        if self.translator is None:
            raise RuntimeError("this translator was made with load_weights=False: it plans batches only")
        tokens = [self.tokenizer.convert_ids_to_tokens(ids)
                  for ids in self.tokenizer(texts, truncation=True, max_length=512)["input_ids"]]
        jobs = []
        for start in range(0, len(tokens), self.batch_size):
            batch = tokens[start:start + self.batch_size]
            prefix = [[self._target] for _ in batch] if self._target else None
            jobs.extend(self.translator.translate_batch(batch, target_prefix=prefix, max_batch_size=0,
                                                        asynchronous=True, **self._options))
        unk = self.tokenizer.unk_token_id
        ids = []
        for job in jobs:
            hypothesis = job.result().hypotheses[0]
            if self._target and hypothesis and hypothesis[0] == self._target:
                hypothesis = hypothesis[1:]
            ids.append([self._ids.get(token, unk) for token in hypothesis])
        return [text.strip() for text in self.tokenizer.batch_decode(ids, skip_special_tokens=True)]
