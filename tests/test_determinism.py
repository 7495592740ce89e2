"""Same output on every machine: input order and float noise (another BLAS kernel, another CPU)
never decide a pairing, an alignment or an exported row; near-ties go to the ids."""

import dataclasses
import random
from pathlib import Path

import numpy as np
import pytest

from aligner.align import align_embedded
from aligner.align.batch import read_sentences
from aligner.embed import load_encoder
from aligner.export import export_rows
from aligner.ingest import ingest_paths
from aligner.pair import DocFeatures, article_features, pair_features
from aligner.records import SentencePair

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpora" / "sample"


@pytest.fixture(scope="module")
def encoder():
    return load_encoder()


@pytest.fixture(scope="module")
def features(encoder):
    articles = ingest_paths([SAMPLE]).articles
    ko = article_features([a for a in articles if a.lang == "ko"], encoder)
    en = article_features([a for a in articles if a.lang == "en"], encoder)
    # a twin of an English article under another id: an exact tie that only the ids can break
    en.append(dataclasses.replace(en[0], id="zz-" + en[0].id, emb=en[0].emb.copy()))
    return ko, en


def _perturbed(docs, rng, scale=1e-7):
    return [dataclasses.replace(d, emb=(d.emb + scale * rng.choice([-1.0, 1.0], size=d.emb.shape)).astype(np.float32))
            for d in docs]


def _outcome(result):
    return ([(p.ko_id, p.en_id) for p in result.pairs], sorted(result.unpaired_ko), sorted(result.unpaired_en))


def test_pairing_ignores_input_order_and_float_noise(features):
    ko, en = features
    reference = pair_features(ko, en)
    pairs, _, unpaired_en = _outcome(reference)
    assert len(pairs) == 8
    assert en[0].id in {e for _, e in pairs} and "zz-" + en[0].id in unpaired_en  # the smaller id wins the tie
    rng = np.random.default_rng(0)
    for seed in range(4):
        order = random.Random(seed)
        ko2, en2 = ko[:], en[:]
        order.shuffle(ko2)
        order.shuffle(en2)
        for variant in (pair_features(ko2, en2), pair_features(_perturbed(ko2, rng), _perturbed(en2, rng))):
            assert _outcome(variant) == _outcome(reference)
            assert [p.score for p in variant.pairs] == pytest.approx([p.score for p in reference.pairs], abs=1e-4)


def test_alignment_ignores_float_noise(encoder):
    gold = SAMPLE / "gold" / "align"
    rng = np.random.default_rng(1)
    docs = sorted(gold.glob("*.ko"))
    assert docs
    for ko_file in docs:
        ko, en = read_sentences(ko_file), read_sentences(ko_file.with_suffix(".en"))
        # a repeated sentence makes an exact tie: either copy can take the counterpart
        ko, en = ko[:1] + ko[:1] + ko[1:], en[:2] + en[1:2] + en[2:]
        ko_emb, en_emb = encoder.encode(ko), encoder.encode(en)
        reference = align_embedded(ko, en, ko_emb, en_emb)
        for _ in range(3):
            noisy = align_embedded(ko, en, ko_emb + 1e-7 * rng.choice([-1.0, 1.0], size=ko_emb.shape),
                                   en_emb + 1e-7 * rng.choice([-1.0, 1.0], size=en_emb.shape))
            assert [(b.ko, b.en) for b in noisy] == [(b.ko, b.en) for b in reference]


def test_export_ignores_row_order(tmp_path):
    rows = []
    for a in range(6):
        for k in range(4):
            # the same sentence pair in two article pairs: which copy dedup keeps must not depend on order
            shared = k < 2
            ko = f"공통 문장 {k}입니다." if shared else f"기사 {a} 문장 {k}."
            en = f"Shared sentence {k}." if shared else f"Article {a}, {k}."
            rows.append(SentencePair(id=f"k{a}|e{a}|{k}", ko_article_id=f"k{a}", en_article_id=f"e{a}",
                                     ko_sentence_ids=[k], en_sentence_ids=[k], ko=ko, en=en, alignment="1-1",
                                     similarity=0.5))
    export_rows(rows, tmp_path / "a", extra_dir=tmp_path / "a-x")
    shuffled = rows[:]
    random.Random(3).shuffle(shuffled)
    export_rows(shuffled, tmp_path / "b", extra_dir=tmp_path / "b-x")
    for name in ("corpus.jsonl", "corpus.tsv", "corpus.tmx", "corpus.ko"):
        assert (tmp_path / "a-x" / name).read_bytes() == (tmp_path / "b-x" / name).read_bytes()
    for parquet in (tmp_path / "a" / "data").iterdir():
        assert parquet.read_bytes() == (tmp_path / "b" / "data" / parquet.name).read_bytes()


def test_planted_ties_in_pairing():
    """Two identical candidates, given in either order: the smaller id wins every time."""
    rng = np.random.default_rng(5)
    emb = rng.normal(size=(5, 16)).astype(np.float32)
    emb /= np.linalg.norm(emb, axis=1, keepdims=True)
    ko = [DocFeatures("k", 739000, emb)]
    twins = [DocFeatures("e-b", 739000, emb.copy()), DocFeatures("e-a", 739000, emb.copy())]
    for en in (twins, twins[::-1]):
        result = pair_features(ko, en)
        assert [(p.ko_id, p.en_id) for p in result.pairs] == [("k", "e-a")]
        assert result.unpaired_en == ["e-b"]
        assert result.why_unpaired["e-b"]["reason"] == "best candidate k was paired with e-a"
