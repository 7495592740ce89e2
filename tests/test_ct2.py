"""The CTranslate2 MT backend: conversion of tiny Marian, M2M100 and NLLB models offline, the
same output as transformers at float32, its own cache entries, and `auto` without CTranslate2."""

import json
import sys

import pytest

from aligner.translate import CachedTranslator, HFTranslator, MTUnavailable, TranslationCache, load_translator

ct2 = pytest.importorskip("ctranslate2")
from aligner.ct2 import CT2Translator  # noqa: E402

TEXTS = ["정부는 3,000 예산을 발표했습니다.", "경찰은 조사를 시작했습니다.", "대표팀은 12 경기를 늘렸습니다.",
         "기업들은 2조 원 수출을 늘렸습니다. 시민들은 행사를 검토하고 있습니다.", "서울시는 1.5% 계획을 동결했습니다."]


@pytest.fixture(autouse=True)
def conversion_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("ALIGNER_CT2_CACHE", str(tmp_path / "ct2"))
    return tmp_path / "ct2"


@pytest.mark.parametrize("arch", ["tiny", "m2m100", "nllb"])
def test_float32_output_equals_transformers(tiny_models, arch):
    model = str(tiny_models / arch)
    fast = CT2Translator(model, compute_type="float32", max_new_tokens=24, progress=False)
    reference = HFTranslator(model, max_new_tokens=24, progress=False)
    out = fast.translate(TEXTS)
    assert out == reference.translate(TEXTS)
    assert all(out) and len(set(out)) > 1
    # the order is restored after length-sorted batches: one sentence alone gives the same output
    assert [fast.translate([t])[0] for t in TEXTS] == out


def test_int8_runs_and_conversion_is_cached_per_quantization(tiny_models, conversion_cache):
    model = str(tiny_models / "tiny")
    first = CT2Translator(model, compute_type="int8", max_new_tokens=8, progress=False)
    assert first.compute_type == "int8" and first.device == "cpu" and len(first.translate(TEXTS)) == len(TEXTS)
    [converted] = list(conversion_cache.iterdir())
    assert converted.name.endswith("-int8")
    stamp = (converted / "model.bin").stat().st_mtime_ns
    CT2Translator(model, compute_type="int8", max_new_tokens=8, progress=False)
    assert (converted / "model.bin").stat().st_mtime_ns == stamp  # converted once
    CT2Translator(model, compute_type="float32", max_new_tokens=8, progress=False)
    assert sorted(p.name.rsplit("-", 1)[1] for p in conversion_cache.iterdir()) == ["float32", "int8"]


def test_the_translation_cache_keeps_backends_apart(tiny_models, tmp_path):
    model = str(tiny_models / "tiny")
    cache = TranslationCache(tmp_path / "mt.sqlite")
    hf = CachedTranslator(HFTranslator(model, max_new_tokens=8, progress=False), cache)
    hf.translate(TEXTS)
    fast = CachedTranslator(CT2Translator(model, compute_type="int8", max_new_tokens=8, progress=False), cache)
    fast.translate(TEXTS)
    assert hf.model_calls == len(TEXTS) and fast.model_calls == len(TEXTS)  # nothing served across backends
    again = CachedTranslator(CT2Translator(model, compute_type="int8", max_new_tokens=8, progress=False), cache)
    again.translate(TEXTS)
    assert again.model_calls == 0
    assert "[ct2 int8]" in fast.name and fast.backend == "ct2 (int8 on cpu)"


def test_auto_takes_ct2_when_it_can_and_transformers_when_it_cannot(tiny_models, monkeypatch):
    model = str(tiny_models / "tiny")
    assert load_translator(model=model, backend="auto", max_new_tokens=8).backend.startswith("ct2")
    monkeypatch.setitem(sys.modules, "ctranslate2", None)  # as if CTranslate2 were not installed
    chosen = load_translator(model=model, backend="auto", max_new_tokens=8)
    assert chosen.backend.startswith("transformers") and chosen.translate(TEXTS[:1])
    with pytest.raises(MTUnavailable, match="pip install 'aligner\\[ct2\\]'"):
        load_translator(model=model, backend="ct2")


def test_score_with_ct2_names_the_backend_in_the_card(tiny_models, tmp_path):
    from typer.testing import CliRunner

    from aligner.cli import app
    from aligner.records import SentencePair, write_sentence_pairs

    rows = [SentencePair(f"k|e|{k}", "k", "e", [k], [k], text, f"English sentence {k}.", "1-1", similarity=0.6)
            for k, text in enumerate(TEXTS)]
    write_sentence_pairs(tmp_path / "aligned.jsonl", rows)
    runner = CliRunner()
    scored = runner.invoke(app, ["score", str(tmp_path / "aligned.jsonl"), "--out", str(tmp_path / "scored.jsonl"),
                                 "--mt-model", str(tiny_models / "tiny"), "--mt-backend", "ct2",
                                 "--max-new-tokens", "8", "--require-mt"])
    assert scored.exit_code == 0, scored.stderr
    assert "via ct2 (int8 on cpu)" in scored.stderr
    records = [json.loads(line) for line in (tmp_path / "scored.jsonl").read_text(encoding="utf-8").splitlines()]
    assert all(r["mt"] is not None and r["mt_model"].endswith("[ct2 int8]") for r in records)
    exported = runner.invoke(app, ["export", str(tmp_path / "scored.jsonl"), "--out", str(tmp_path / "ds"),
                                   "--min-confidence", "0"])
    assert exported.exit_code == 0, exported.stderr
    assert "[ct2 int8]" in (tmp_path / "ds" / "README.md").read_text(encoding="utf-8")
    bad = runner.invoke(app, ["score", str(tmp_path / "aligned.jsonl"), "--out", str(tmp_path / "x.jsonl"),
                              "--mt-backend", "fast"])
    assert bad.exit_code == 2 and "--mt-backend" in bad.stderr


def test_tiny_marian_has_the_real_vocabulary_layout(tiny_models):
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(tiny_models / "tiny")
    vocab = tokenizer.get_vocab()
    assert tokenizer.pad_token_id == len(vocab) - 1 == max(vocab.values())  # <pad> last, as in opus-mt-ko-en
    assert vocab["</s>"] == 0 and vocab["<unk>"] == 1
