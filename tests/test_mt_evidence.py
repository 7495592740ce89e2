"""MT evidence is relative to the article: it counts when the MT points at the right English,
whatever its absolute quality, and a run whose MT points nowhere keeps the confidence of no MT."""

import random

import numpy as np
import pytest
from sacrebleu.metrics import CHRF

from aligner.confidence import default_model
from aligner.mt_evidence import MIN_SURE, SURE, Agreement, agreement, chrf_matrix, evidence
from aligner.records import SentencePair
from aligner.score import score_pairs
from aligner.translate import FileTranslator

EN = ["The central bank kept its key rate at 3.5 percent on Thursday.",
      "Police began an investigation into the fire at the market.",
      "The national team won its opening match against Japan 2-1.",
      "Heavy rain is expected across the southern region this weekend.",
      "The ministry said exports of chips rose for the fifth month.",
      "A new subway line will open in the capital next spring.",
      "Officials urged residents to stay indoors during the heat wave.",
      "The festival drew more than 10,000 visitors over three days.",
      "Lawmakers passed a bill to support small businesses.",
      "The company plans to hire 500 engineers this year."]
KO = [f"한국어 문장 {k}번입니다." for k in range(len(EN))]


def test_the_chrf_matrix_is_sacrebleus_sentence_chrf():
    rng = random.Random(0)
    words = "the a of 3.5 percent Seoul 서울 정부 rate bank , . police fire".split()
    hyps = [" ".join(rng.choice(words) for _ in range(rng.randint(0, 14))) for _ in range(9)] + ["", "x"]
    refs = [" ".join(rng.choice(words) for _ in range(rng.randint(0, 14))) for _ in range(7)] + ["", "xy"]
    chrf = CHRF()
    expected = np.array([[chrf.sentence_score(h, [r]).score for r in refs] for h in hyps])
    assert np.allclose(chrf_matrix(hyps, refs), expected, atol=1e-9)


def _weak(text: str) -> str:
    """A poor translation: every third word dropped, the rest lower-cased and turned around."""
    words = [w.lower() for k, w in enumerate(text.split()) if k % 3 != 1]
    return " ".join(reversed(words))


def test_a_weak_mt_that_points_at_the_right_english_is_evidence():
    found = evidence([_weak(e) for e in EN], EN, list(range(len(EN))))
    assert all(f["mt_best"] == 1.0 and f["mt_margin"] > 0 for f in found)
    assert max(f["mt_chrf"] for f in found) < 60  # weak in absolute terms


def test_mt_of_other_sentences_is_evidence_against():
    shifted = [_weak(EN[(k + 1) % len(EN)]) for k in range(len(EN))]
    found = evidence(shifted, EN, list(range(len(EN))))
    assert all(f["mt_best"] == 0.0 and f["mt_margin"] < 0 for f in found)


def test_beads_without_mt_or_english_have_no_evidence_and_a_lone_pair_has_no_rival():
    found = evidence([EN[0], None, EN[2]], [EN[0], EN[2]], [0, 0, None])
    assert found[1] is None and found[2] is None
    [alone] = evidence([EN[0]], [EN[0]], [0])
    assert alone["mt_rivals"] == 0.0 and alone["mt_best"] == 0.0


def test_mt_cut_short_is_read_against_its_own_lean():
    """A model stopped after a few words covers little of every English: the run's true pairs
    all lean so, and only a pair that leans further counts as the English saying more."""
    cut = [" ".join(e.split()[:5]) for e in EN]
    found = evidence(cut, EN, list(range(len(EN))))
    assert all(f["mt_balance"] > 0.2 for f in found)  # precision far above recall
    agreed = agreement([0.95] * len(EN), found)
    assert agreed.usable
    leaning = [agreed.features(f) for f in found]
    assert sum(f["mt_en_extra"] == 0.0 for f in leaning) >= len(EN) // 2
    assert max(f["mt_en_extra"] for f in leaning) < max(f["mt_balance"] for f in found) / 2


def test_agreement_needs_enough_sure_pairs_and_a_share_above_chance():
    sure = [{"mt_best": 1.0, "mt_rivals": 1.0, "mt_chrf": 30.0, "mt_balance": 0.0}] * MIN_SURE
    assert agreement([0.95] * MIN_SURE, sure).usable
    assert not agreement([0.5] * MIN_SURE, sure).usable  # no pair the aligner is sure of
    few = agreement([0.95] * (MIN_SURE - 1), sure[:-1])
    assert not few.usable and "too few sure pairs" in few.reason()
    wrong = agreement([0.95] * 10, [{"mt_best": float(k < 2), "mt_rivals": 1.0, "mt_chrf": 12.0, "mt_balance": 0.1}
                                     for k in range(10)])
    assert not wrong.usable and "looks weak or wrong" in wrong.reason() and "2 of 10" in wrong.reason()
    assert Agreement(0, 0, None).share is None


def _article(confidence_features: dict) -> list[SentencePair]:
    return [SentencePair(f"k|e|{k}", "k", "e", [k], [k], ko, en, "1-1", 0.8, features=dict(confidence_features))
            for k, (ko, en) in enumerate(zip(KO, EN))]


@pytest.fixture(scope="module")
def sure_features():
    """Features of a 1-1 bead the aligner is sure of (a high cosine that stands out, a fitting
    length, a certain path)."""
    features = {"cos": 0.8, "cos_low": 0.0, "margin": 1.6, "rival": 0.35, "rival_low": 0.0, "weakest": 0.8,
                "grow": -0.05, "shrink": 0.0, "length_z": 0.3, "numbers_agree": 0.0, "numbers_differ": 0.0,
                "names": 0.0, "merge": 0.0, "lonely": 0.0, "short": 0.0, "posterior": 1.0}
    assert default_model().predict(features) >= SURE
    return features


def _translations(path, texts):
    path.write_text("".join(f"{ko}\t{en}\n" for ko, en in texts), encoding="utf-8")
    return FileTranslator(path)


def test_a_wrong_translation_file_keeps_the_confidence_without_mt(tmp_path, sure_features):
    rows, base = _article(sure_features), _article(sure_features)
    score_pairs(base)
    # the translations of other sentences: each Korean line gets its neighbour's English
    wrong = _translations(tmp_path / "mt.tsv", [(KO[k], EN[(k + 3) % len(EN)]) for k in range(len(KO))])
    _, agreed = score_pairs(rows, wrong)
    assert not agreed.usable and "looks weak or wrong" in agreed.reason()
    assert [r.confidence for r in rows] == [r.confidence for r in base]
    assert all(r.chrf is not None and r.mt is not None for r in rows)  # the columns stay for researchers


def test_a_weak_but_right_translation_file_enters_the_confidence(tmp_path, sure_features):
    rows, base = _article(sure_features), _article(sure_features)
    score_pairs(base)
    weak = _translations(tmp_path / "mt.tsv", [(ko, _weak(en)) for ko, en in zip(KO, EN)])
    _, agreed = score_pairs(rows, weak)
    assert agreed.usable and agreed.best == agreed.sure == len(EN)
    assert all(r.features["mt_best"] == 1.0 for r in rows)
    assert all(r.confidence >= b.confidence for r, b in zip(rows, base))


def test_the_rows_of_an_article_may_come_in_any_order(tmp_path, sure_features):
    """Rival windows are the article's neighbours, whatever order the rows are read in."""
    weak = [(ko, _weak(en)) for ko, en in zip(KO, EN)]
    ordered, shuffled = _article(sure_features), _article(sure_features)
    random.Random(3).shuffle(shuffled)
    score_pairs(ordered, _translations(tmp_path / "a.tsv", weak))
    score_pairs(shuffled, _translations(tmp_path / "b.tsv", weak))
    by_id = {r.id: r for r in shuffled}
    assert all(r.features == by_id[r.id].features and r.confidence == by_id[r.id].confidence for r in ordered)
