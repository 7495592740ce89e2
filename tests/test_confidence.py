"""The confidence of a sentence pair: features, the shipped model, its training, and its place in
every record."""

import dataclasses
import importlib.util
import re
from pathlib import Path

import numpy as np
import pytest

from aligner.align import align_embedded, with_posteriors
from aligner.bitext import align_article_pair
from aligner.confidence import (BASE_FEATURES, DEFAULT_MIN_CONFIDENCE, MT_FEATURES, ConfidenceModel, bead_features,
                                default_model)
from aligner.embed import load_encoder
from aligner.ingest import ingest_paths
from aligner.records import Bead

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT / "tests" / "data" / "pages"


@pytest.fixture(scope="module")
def encoder():
    return load_encoder()


@pytest.fixture(scope="module")
def smallbiz():
    articles = ingest_paths([PAGES / "ko-smallbiz.txt", PAGES / "en-smallbiz.txt"]).articles
    return {a.lang: a for a in articles}


def test_shipped_model_has_both_variants():
    model = default_model()
    assert model.variants["base"].features == BASE_FEATURES
    assert model.variants["mt"].features == MT_FEATURES
    assert "FLORES" in model.meta["trained_on"] and model.meta["beads"] > 1000


def test_translations_score_high_and_wrong_pairs_low(encoder, smallbiz):
    ko, en = smallbiz["ko"].sentences, smallbiz["en"].sentences
    ko_emb, en_emb = encoder.encode(ko), encoder.encode(en)
    right = with_posteriors(ko, en, ko_emb, en_emb, [Bead((0,), (0,)), Bead((1,), (1,)), Bead((2,), (2,))])
    wrong = with_posteriors(ko, en, ko_emb, en_emb, [Bead((0,), (2,)), Bead((1,), (5,)), Bead((2,), (0,))])
    model = default_model()
    p_right = [model.predict(f) for f in bead_features(ko, en, ko_emb, en_emb, right)]
    p_wrong = [model.predict(f) for f in bead_features(ko, en, ko_emb, en_emb, wrong)]
    assert min(p_right) > 0.8 and max(p_wrong) < 0.5 and sum(p_wrong) / 3 < 0.25
    assert all(0.0 <= p <= 1.0 for p in p_right + p_wrong)


def test_features_of_beads_without_a_counterpart_are_none(encoder, smallbiz):
    ko, en = smallbiz["ko"].sentences, smallbiz["en"].sentences
    ko_emb, en_emb = encoder.encode(ko), encoder.encode(en)
    beads = align_embedded(ko, en, ko_emb, en_emb)
    features = bead_features(ko, en, ko_emb, en_emb, beads)
    assert [f is None for f in features] == [not (b.ko and b.en) for b in beads]
    linked = [f for f in features if f]
    assert all(set(f) == set(BASE_FEATURES) for f in linked)
    merge = next(f for b, f in zip(beads, features) if b.kind == "2-1")
    assert merge["merge"] == 1.0


def test_a_bead_the_aligner_hesitated_over_is_less_sure(encoder, smallbiz):
    """The English page repeats a sentence: either copy could translate the Korean one, so the
    aligner's posterior for the copy it took is about even, and the confidence falls with it."""
    ko, en = smallbiz["ko"].sentences, smallbiz["en"].sentences
    ko_emb, en_emb = encoder.encode(ko), encoder.encode(en)
    beads = align_embedded(ko, en, ko_emb, en_emb)
    sure = next(b for b in beads if b.kind == "1-1")
    j = sure.en[0]
    twice = [*en[:j + 1], en[j], *en[j + 1:]]
    twice_emb = np.vstack([en_emb[:j + 1], en_emb[j:j + 1], en_emb[j + 1:]])
    doubted = next(b for b in align_embedded(ko, twice, ko_emb, twice_emb) if b.ko == sure.ko)
    assert sure.posterior > 0.8 and 0.3 < doubted.posterior < 0.7
    [p_sure], [p_doubted] = ([default_model().predict(f) for f in bead_features(k, e, ke, ee, [b])]
                             for k, e, ke, ee, b in ((ko, en, ko_emb, en_emb, sure),
                                                     (ko, twice, ko_emb, twice_emb, doubted)))
    assert p_doubted < p_sure - 0.2


def test_features_need_the_posterior(encoder, smallbiz):
    ko, en = smallbiz["ko"].sentences, smallbiz["en"].sentences
    with pytest.raises(ValueError, match="no posterior.*with_posteriors"):
        bead_features(ko, en, encoder.encode(ko), encoder.encode(en), [Bead((1,), (1,))])


def test_mt_that_points_at_the_english_raises_the_mt_variant(encoder, smallbiz):
    ko, en = smallbiz["ko"].sentences, smallbiz["en"].sentences
    ko_emb, en_emb = encoder.encode(ko), encoder.encode(en)
    [features] = bead_features(ko, en, ko_emb, en_emb, with_posteriors(ko, en, ko_emb, en_emb, [Bead((1,), (1,))]))
    model = default_model()
    balanced = {"mt_en_extra": 0.0, "mt_ko_extra": 0.0}
    pointing = model.predict({**features, **balanced, "mt_margin": 0.3, "mt_best": 1.0}, mt=True)
    elsewhere = model.predict({**features, **balanced, "mt_margin": -0.2, "mt_best": 0.0}, mt=True)
    assert pointing > model.predict(features) > elsewhere


def test_features_of_another_model_version_are_refused_clearly(encoder, smallbiz):
    ko, en = smallbiz["ko"].sentences, smallbiz["en"].sentences
    ko_emb, en_emb = encoder.encode(ko), encoder.encode(en)
    [features] = bead_features(ko, en, ko_emb, en_emb, with_posteriors(ko, en, ko_emb, en_emb, [Bead((1,), (1,))]))
    del features["rival_low"]  # as an aligned file written by an older version
    with pytest.raises(ValueError, match="lack rival_low.*align the articles again"):
        default_model().predict(features)


def test_every_aligned_pair_carries_its_confidence_and_headlines_are_a_row(encoder, smallbiz):
    rows = align_article_pair(smallbiz["ko"], smallbiz["en"], encoder, titles=True)
    title = rows[0]
    assert title.alignment == "title" and title.ko == smallbiz["ko"].title and title.en == smallbiz["en"].title
    assert 0.0 <= title.confidence <= 1.0
    for row in rows[1:]:
        assert (row.confidence is None) == (not (row.ko and row.en))
        assert row.confidence is None or 0.0 <= row.confidence <= 1.0
    assert align_article_pair(smallbiz["ko"], smallbiz["en"], encoder)[0].alignment != "title"


@pytest.mark.parametrize("headline", ["Prosecutors Seek Arrest Warrant for Former Minister",
                                      "N. Korea Fires Ballistic Missile into East Sea"])
def test_a_headline_of_another_story_is_not_kept(encoder, smallbiz, headline):
    """A title row is judged beside both articles, as a sentence is: another story's headline
    (a page that mixed up its title) falls below the export's threshold, a translated one does
    not (the fixture's own Korean headline adds a clause, 전기요금 감면, so it is a Korean one
    that translates the English headline here)."""
    ko = dataclasses.replace(smallbiz["ko"], title="정부, 소상공인에 2조 원 저금리 대출 지원")

    def title_confidence(en):
        return align_article_pair(ko, en, encoder, titles=True)[0].confidence

    assert title_confidence(smallbiz["en"]) >= DEFAULT_MIN_CONFIDENCE
    assert title_confidence(dataclasses.replace(smallbiz["en"], title=headline)) < DEFAULT_MIN_CONFIDENCE


def _trainer():
    script = ROOT / "scripts" / "train_confidence.py"
    import sys

    sys.path.insert(0, str(script.parent))
    spec = importlib.util.spec_from_file_location("train_confidence", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_training_recovers_a_planted_signal_and_is_reproducible(tmp_path):
    trainer = _trainer()
    rng = np.random.default_rng(0)
    x = rng.normal(size=(2000, 3))
    y = (x[:, 0] - 0.5 * x[:, 1] + 0.3 * rng.normal(size=2000) > 0).astype(float)
    variant = trainer.fit(x, y, ("a", "b", "c"))
    assert variant.weights[0] > 1 and variant.weights[1] < -0.5 and abs(variant.weights[2]) < 0.3
    again = trainer.fit(x, y, ("a", "b", "c"))
    model = ConfidenceModel({"base": variant, "mt": again})
    model.save(tmp_path / "w.json")
    loaded = ConfidenceModel.load(tmp_path / "w.json")
    assert np.allclose(loaded.variants["base"].predict(x[:50]), variant.predict(x[:50]), atol=1e-5)
    model.save(tmp_path / "w2.json")
    assert (tmp_path / "w.json").read_bytes() == (tmp_path / "w2.json").read_bytes()


def test_condensation_keeps_every_true_link_traceable():
    trainer = _trainer()
    import random

    units = [([f"문장 {k}입니다."], [f"Sentence {k}."]) for k in range(40)]
    ko, en, gold, truth_of = trainer.condense(units, "comparable", random.Random(1))
    for ko_ids, en_ids in gold:
        assert ko_ids and en_ids
        numbers = {n for i in ko_ids for n in re.findall(r"\d+", ko[i])}
        assert numbers and all(any(n in en[j] for n in numbers) for j in en_ids)
    assert len(truth_of) == len(ko)
