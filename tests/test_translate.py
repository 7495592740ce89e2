import json
import subprocess
import sys
from pathlib import Path

import pytest

from aligner.records import SentencePair, read_sentence_pairs, write_sentence_pairs
from aligner.score import score_pairs
from aligner.translate import (CachedTranslator, FileTranslator, HFTranslator, MTUnavailable,
                               TranslationCache)

ROOT = Path(__file__).resolve().parents[1]
KO = ["정부는 예산을 늘렸습니다.", "경찰은 조사를 시작했습니다.", "짧다.",
      "한국은행은 3,000 금리를 동결했습니다. 시민들은 계획을 검토하고 있습니다.", "대표팀은 경기를 시작했습니다."]


def _translator(path, **kw):
    return HFTranslator(str(path), max_new_tokens=8, progress=False, **kw)


@pytest.mark.parametrize("arch", ["tiny", "m2m100", "nllb"])
def test_batches_keep_input_order(tiny_models, arch):
    tr = _translator(tiny_models / arch, batch_size=2)
    batched = tr.translate(KO)
    assert batched == [tr.translate([s])[0] for s in KO]
    assert len(batched) == len(KO) and all(isinstance(t, str) for t in batched)


def test_outputs_differ_so_order_is_observable(tiny_models):
    assert len(set(_translator(tiny_models / "tiny").translate(KO))) > 1


def test_language_codes(tiny_models):
    m2m = _translator(tiny_models / "m2m100")
    assert m2m.tokenizer.src_lang == "ko"
    assert m2m.settings["forced_bos_token_id"] == m2m.tokenizer.get_lang_id("en")
    assert not any(t.startswith("__en__") for t in m2m.translate(KO))
    nllb = _translator(tiny_models / "nllb")
    assert nllb.tokenizer.src_lang == "kor_Hang"
    assert nllb.settings["forced_bos_token_id"] == nllb.tokenizer.convert_tokens_to_ids("eng_Latn")
    marian = _translator(tiny_models / "tiny")
    assert "forced_bos_token_id" not in marian.settings


def _counting(translator):
    calls = []
    real = translator._generate

    def spy(batch):
        calls.append(list(batch))
        return real(batch)

    translator._generate = spy
    return calls


def test_cache_second_run_calls_model_zero_times(tiny_models, tmp_path):
    tr = _translator(tiny_models / "tiny", batch_size=2)
    calls = _counting(tr)
    first = CachedTranslator(tr, TranslationCache(tmp_path / "mt.sqlite")).translate(KO + KO[:2])
    assert sum(len(c) for c in calls) == len(KO)  # duplicates translated once
    calls.clear()
    again = CachedTranslator(tr, TranslationCache(tmp_path / "mt.sqlite"))
    assert again.translate(KO) == first[:len(KO)]
    assert calls == [] and again.model_calls == 0


def test_cache_key_depends_on_settings(tiny_models, tmp_path):
    cache = TranslationCache(tmp_path / "mt.sqlite")
    CachedTranslator(_translator(tiny_models / "tiny"), cache).translate(KO)
    other = HFTranslator(str(tiny_models / "tiny"), max_new_tokens=4, progress=False)
    calls = _counting(other)
    CachedTranslator(other, cache).translate(KO)
    assert sum(len(c) for c in calls) == len(KO)


def test_resume_after_interruption(tiny_models, tmp_path):
    tr = _translator(tiny_models / "tiny", batch_size=2)
    real = tr._generate
    done = []

    def crash_on_third(batch):
        if len(done) == 2:
            raise KeyboardInterrupt
        done.append(batch)
        return real(batch)

    tr._generate = crash_on_third
    with pytest.raises(KeyboardInterrupt):
        CachedTranslator(tr, TranslationCache(tmp_path / "mt.sqlite")).translate(KO)
    tr._generate = real
    calls = _counting(tr)
    resumed = CachedTranslator(tr, TranslationCache(tmp_path / "mt.sqlite"))
    result = resumed.translate(KO)
    assert sum(len(c) for c in calls) == len(KO) - 4  # the two finished batches were kept
    assert result == _translator(tiny_models / "tiny").translate(KO)


def test_out_of_memory_halves_the_batch(tiny_models):
    import torch

    tr = _translator(tiny_models / "tiny", batch_size=4)
    real = tr._generate
    sizes = []

    def small_gpu(batch):
        sizes.append(len(batch))
        if len(batch) > 1:
            raise torch.cuda.OutOfMemoryError("simulated")
        return real(batch)

    tr._generate = small_gpu
    result = tr.translate(KO)
    assert result == _translator(tiny_models / "tiny").translate(KO)
    assert tr.batch_size == 1 and sizes[0] == 4


def test_file_backend(tmp_path):
    jsonl = tmp_path / "mt.jsonl"
    jsonl.write_text(json.dumps({"source": KO[0], "translation": "The budget grew."}, ensure_ascii=False) + "\n",
                     encoding="utf-8")
    tsv = tmp_path / "mt.tsv"
    tsv.write_text(f"{KO[1]}\tPolice started an investigation.\n", encoding="utf-8")
    assert FileTranslator(jsonl).translate(KO[:2]) == ["The budget grew.", None]
    assert FileTranslator(tsv).translate(KO[:2]) == [None, "Police started an investigation."]
    bad = tmp_path / "bad.tsv"
    bad.write_text("no tab here\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.tsv:1"):
        FileTranslator(bad)


def test_missing_model_is_a_clear_error():
    with pytest.raises(MTUnavailable, match="local folder|folder's path"):
        HFTranslator("/nonexistent/opus-mt-ko-en", progress=False)


def _rows():
    return [
        SentencePair("a|b|0", "a", "b", [0], [0], "물가는 1.5% 올랐습니다.", "Prices rose 1.5 percent.", "1-1", 0.8),
        SentencePair("a|b|1", "a", "b", [1], [1], "3천 명이 모였습니다.", "Some 3,000 people gathered.", "1-1", 0.7),
        SentencePair("a|b|2", "a", "b", [2], [], "홍길동 기자", "", "1-0"),
    ]


def test_scores_with_file_translations(tmp_path):
    rows = _rows()
    mt = tmp_path / "mt.tsv"
    mt.write_text(f"{rows[0].ko}\tPrices rose 1.5 percent.\n{rows[1].ko}\t3,000 people gathered.\n", encoding="utf-8")
    signatures, _ = score_pairs(rows, FileTranslator(mt))
    assert rows[0].bleu == pytest.approx(100.0) and rows[0].chrf == pytest.approx(100.0)
    assert 0 <= rows[1].chrf <= 100 and 0 <= rows[1].bleu <= 100
    assert rows[0].numbers_match == 1.0 and rows[1].numbers_match == 1.0
    assert rows[0].hangul_share == 1.0 and rows[0].latin_share == 1.0
    assert rows[2].mt is None and "unaligned" in rows[2].flags
    assert set(signatures) == {"bleu", "chrf", "chrf_pp"}


def test_number_mismatch_flagged():
    row = SentencePair("x", "a", "b", [0], [0], "2조 원을 투입합니다.", "It will spend 3 trillion won.", "1-1")
    score_pairs([row])
    assert "numbers_differ" in row.flags and row.numbers_match == 0.0 and row.mt is None


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "aligner", *args], capture_output=True, text=True)


def test_score_cli_without_model_and_with_tiny_model(tiny_models, tmp_path):
    aligned = tmp_path / "aligned.jsonl"
    write_sentence_pairs(aligned, _rows())
    done = _cli("score", str(aligned), "--out", str(tmp_path / "s.jsonl"), "--mt-model", "/nonexistent/model")
    assert done.returncode == 0, done.stderr
    assert "notice: no MT" in done.stderr and "/nonexistent/model" in done.stderr
    rows = read_sentence_pairs(tmp_path / "s.jsonl")
    assert all(r.mt is None for r in rows) and rows[0].length_ratio is not None
    failed = _cli("score", str(aligned), "--out", str(tmp_path / "f.jsonl"), "--mt-model", "/nonexistent/model",
                  "--require-mt")
    assert failed.returncode == 2 and "/nonexistent/model" in failed.stderr
    assert not (tmp_path / "f.jsonl").exists()

    done = _cli("score", str(aligned), "--out", str(tmp_path / "t.jsonl"), "--mt-model", str(tiny_models / "tiny"),
                "--max-new-tokens", "8")
    assert done.returncode == 0, done.stderr
    rows = read_sentence_pairs(tmp_path / "t.jsonl")
    assert all(r.mt is not None and 0 <= r.chrf <= 100 for r in rows if r.ko and r.en)
    assert (tmp_path / "mt-cache.sqlite").exists()


def test_evaluate_mt_two_systems(tmp_path):
    rows = _rows() * 4
    for k, row in enumerate(rows):
        row.id = f"a|b|{k}"
        row.mt, row.mt_model = (row.en if k % 2 else "something else"), "sys-a"
    scored = tmp_path / "scored.jsonl"
    write_sentence_pairs(scored, rows)
    other = tmp_path / "b.tsv"
    other.write_text("".join(f"{r.ko}\t{r.en}\n" for r in rows[:3]), encoding="utf-8")
    done = _cli("evaluate-mt", str(scored), "--system", f"sys-b={other}", "--bootstrap", "50",
                "--out", str(tmp_path / "report.json"))
    assert done.returncode == 0, done.stderr
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert set(report["systems"]) == {"sys-a", "sys-b"}
    assert report["systems"]["sys-b"]["BLEU"] > report["systems"]["sys-a"]["BLEU"]
    assert "nrefs:1" in report["systems"]["sys-a"]["BLEU_signature"]
    assert set(report["bootstrap"]) >= {"BLEU"} and "a|b" in report["per_article"]
    assert "| sys-b |" in (tmp_path / "report.md").read_text(encoding="utf-8")
