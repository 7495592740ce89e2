import importlib.util
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from aligner.align import AlignOptions, align
from aligner.align.batch import find_documents, read_sentences
from aligner.embed import CachedEncoder, load_encoder
from aligner.evaluate import compare, evaluate_dirs, parse_beads

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_GOLD = ROOT / "corpora" / "sample" / "gold" / "align"
BENCH = ROOT.parent / "shared" / "bench"

KO = ["정부는 내년 예산을 5% 늘리기로 했습니다.", "가장 큰 증가는 복지 분야입니다.",
      "야당은 재정 건전성을 우려했습니다.", "국회는 다음 달 예산안을 심사합니다."]
EN = ["The government will raise next year's budget by 5 percent.", "Welfare gets the largest increase.",
      "The opposition voiced concern over fiscal soundness.", "The National Assembly will review the bill next month."]


@pytest.fixture(scope="module")
def encoder():
    return load_encoder()


def _check_cover(beads, n, m):
    ko = [i for b in beads for i in b.ko]
    en = [j for b in beads for j in b.en]
    assert ko == list(range(n)) and en == list(range(m))  # every sentence once, in order


def test_translations_align_one_to_one(encoder):
    beads = align(KO, EN, encoder)
    assert [(b.ko, b.en) for b in beads] == [((i,), (i,)) for i in range(4)]
    assert all(0 < b.score <= 1 for b in beads)


def test_a_copy_of_the_english_story_in_the_korean_page_never_aligns(encoder):
    """A Korean page that also carries the English story (a bilingual page, a scraped mix):
    the copies are not translations, and must not make the English side look like hubs."""
    from aligner.confidence import bead_features, default_model

    ko = KO + EN
    beads = align(ko, EN, encoder)
    _check_cover(beads, len(ko), len(EN))
    assert [(b.ko, b.en) for b in beads if b.ko and b.en] == [((i,), (i,)) for i in range(4)]
    features = bead_features(ko, EN, encoder.encode(ko), encoder.encode(EN), beads)
    assert all(default_model().predict(f) > 0.5 for f in features if f)


def test_merge_and_unaligned_boilerplate(encoder):
    ko = ["홍길동 기자 (gildong@kbs.co.kr)"] + KO
    en = [EN[0] + " " + EN[1]] + EN[2:] + ["This website uses cookies to enhance quality of service. "
                                            "Continuous usage is considered as consent to the policy."]
    beads = align(ko, en, encoder)
    _check_cover(beads, len(ko), len(en))
    pairs = [(b.ko, b.en) for b in beads]
    assert ((0,), ()) in pairs and ((), (3,)) in pairs
    assert ((1, 2), (0,)) in pairs


def test_a_merge_needs_a_line_that_holds_its_sentences_or_a_gain_in_similarity():
    """Two Korean sentences and one English line, with the same vectors each time: the merge is
    a little less similar than the first sentence alone.  When the English line holds two
    sentences (a pre-split corpus that kept them on one line), it renders both Korean lines; when
    it is one sentence, the second Korean sentence is a neighbour that adds nothing and stays
    alone.  A merge that gains similarity is made either way (a translator's merge)."""
    from aligner.align import align_embedded

    def unit(*v):
        return np.array(v, dtype=np.float32) / np.linalg.norm(v)

    ko = KO[:2] + KO[3:]
    joined = [EN[0] + " " + EN[1], EN[3]]
    merged = [EN[0].rstrip(".") + ", most of all for welfare.", EN[3]]
    ko_emb = np.stack([unit(1, 0, 0), unit(0, 1, 0), unit(0, 0, 1)])
    for second, together in ((0.2, False), (0.5, True)):
        en_emb = np.stack([unit(1, second, 0), unit(0, 0, 1)])
        beads = [(b.ko, b.en) for b in align_embedded(ko, joined, ko_emb, en_emb)]
        assert beads == [((0, 1), (0,)), ((2,), (1,))]
        beads = [(b.ko, b.en) for b in align_embedded(ko, merged, ko_emb, en_emb)]
        assert beads == ([((0, 1), (0,)), ((2,), (1,))] if together else [((0,), (0,)), ((1,), ()), ((2,), (1,))])


def test_empty_side(encoder):
    assert [(b.ko, b.en) for b in align([], EN, encoder)] == [((), (j,)) for j in range(4)]
    assert [(b.ko, b.en) for b in align(KO, [], encoder)] == [((i,), ()) for i in range(4)]
    assert align([], [], encoder) == []


def test_side_of_only_boilerplate(encoder):
    chrome = ["Photo : KBS News", "Written: 2024-06-22 14:57:31", "Editor's Pick"]
    beads = align(KO, chrome, encoder)
    _check_cover(beads, 4, 3)
    assert all(not (b.ko and b.en) for b in beads)


def test_one_against_fifty(encoder):
    en = [f"Unrelated filler sentence number {k} about the weather in town." for k in range(50)]
    en[30] = EN[0]
    beads = align(KO[:1], en, encoder)
    _check_cover(beads, 1, 50)
    assert [b.en for b in beads if b.ko] == [(30,)]


def test_repeated_identical_sentences(encoder):
    ko = ["감사합니다."] * 6
    en = ["Thank you."] * 6
    beads = align(ko, en, encoder)
    _check_cover(beads, 6, 6)
    assert all(len(b.ko) == len(b.en) == 1 for b in beads)


def test_very_long_sentence(encoder):
    long_ko = "정부는 예산을 늘렸습니다 " * 400  # ~5,000 characters
    beads = align([long_ko, KO[2]], ["The government raised the budget.", EN[2]], encoder)
    _check_cover(beads, 2, 2)
    assert ((1,), (1,)) in [(b.ko, b.en) for b in beads]


def test_long_document_uses_bands_and_stays_correct():
    """Coarse-to-fine search gives the same path as the full matrix on a clean diagonal."""
    rng = np.random.default_rng(0)
    n = 300
    ko_emb = rng.normal(size=(n, 16)).astype(np.float32)
    en_emb = ko_emb + 0.1 * rng.normal(size=(n, 16)).astype(np.float32)
    ko_emb /= np.linalg.norm(ko_emb, axis=1, keepdims=True)
    en_emb /= np.linalg.norm(en_emb, axis=1, keepdims=True)
    ko = ["가나다라마바" * 3] * n
    en = ["abcdefghijkl" * 3] * n
    from aligner.align import align_embedded

    full = align_embedded(ko, en, ko_emb, en_emb, AlignOptions())
    banded = align_embedded(ko, en, ko_emb, en_emb, AlignOptions(max_cells=1000))
    assert [(b.ko, b.en) for b in banded] == [(b.ko, b.en) for b in full]
    assert [(b.ko, b.en) for b in full] == [((i,), (i,)) for i in range(n)]
    # the band holds nearly all of the probability: the posteriors agree with the full matrix
    assert np.allclose([b.posterior for b in banded], [b.posterior for b in full], atol=1e-3)


def test_posteriors_are_the_share_of_every_distinct_alignment_that_holds_the_bead():
    """Against brute force on small lattices: enumerate every alignment once (sentences left
    alone in a gap are one alignment whatever the order of their 1-0 and 0-1 beads) and weigh
    it by exp(score / temperature)."""
    from aligner.align import _lattice, _shapes
    from aligner.align.beads import Side
    from aligner.align.posterior import TEMPERATURE, bead_posteriors

    rng = np.random.default_rng(1)
    for n, m in [(3, 3), (4, 2), (2, 5)]:
        ko_emb, noise = rng.normal(size=(n, 8)), rng.normal(size=(m, 8))
        en_emb = np.vstack([ko_emb, noise])[:m] + 0.8 * noise
        ko_emb /= np.linalg.norm(ko_emb, axis=1, keepdims=True)
        en_emb /= np.linalg.norm(en_emb, axis=1, keepdims=True)
        ko = Side.build(["가나다라마바사아" * 2] * n, ko_emb, "ko")
        en = Side.build(["abcdefghijklmnop" * 2] * m, en_emb, "en")
        scorer, _ = _lattice(ko, en, AlignOptions())
        shapes = _shapes(AlignOptions().max_merge)
        paths = []

        def walk(i, j, after_skip, score, beads):
            if (i, j) == (n, m):
                paths.append((score, beads))
            for a, b in [*shapes, (0, 1)]:
                if i + a > n or j + b > m or ((a, b) == (1, 0) and after_skip):
                    continue
                step = 0.0 if (a, b) == (0, 1) else scorer.block(a, b, i + a, i + a + 1, j + b, j + b + 1)[0, 0]
                if step > -1e17:
                    walk(i + a, j + b, (a, b) == (0, 1), score + step, [*beads, (i, i + a, j, j + b)])

        walk(0, 0, False, 0.0, [])
        weights = np.exp((np.array([s for s, _ in paths]) - max(s for s, _ in paths)) / TEMPERATURE)
        expected: dict = {}
        for w, (_, beads) in zip(weights / weights.sum(), paths):
            for bead in beads:
                expected[bead] = expected.get(bead, 0.0) + w
        got = bead_posteriors(n, m, shapes, scorer.block, np.zeros(m), list(expected))
        assert np.allclose(got, list(expected.values()), atol=1e-9)


def test_posteriors_of_a_translation_are_high_and_agree_for_any_bead(encoder):
    from aligner.align import align_embedded, with_posteriors
    from aligner.embed import encoder_texts
    from aligner.records import Bead

    ko_emb, en_emb = encoder.encode(encoder_texts(KO, "ko")), encoder.encode(encoder_texts(EN, "en"))
    beads = align_embedded(KO, EN, ko_emb, en_emb)
    assert [(b.ko, b.en) for b in beads] == [((i,), (i,)) for i in range(4)]
    assert all(0.5 < b.posterior <= 1.0 for b in beads) and max(b.posterior for b in beads) > 0.9
    again = with_posteriors(KO, EN, ko_emb, en_emb, [Bead(b.ko, b.en) for b in beads] + [Bead((0,), (3,))])
    assert [b.posterior for b in again[:4]] == [b.posterior for b in beads]
    assert again[4].posterior < 0.01  # the first Korean sentence with the last English one
    with pytest.raises(ValueError, match="a Korean and an English side"):
        with_posteriors(KO, EN, ko_emb, en_emb, [Bead((0,), ())])


def test_cache_embeds_each_group_once_and_alone():
    calls = []

    class Counting:
        name = "counting"

        def encode(self, texts):
            calls.append(list(texts))
            return np.eye(8, dtype=np.float32)[[len(t) % 8 for t in texts]]

    enc = CachedEncoder(Counting())
    enc.encode(["a", "bb", "a"])
    enc.encode(["a", "bb", "a"])
    enc.encode_groups([["bb", "ccc"], ["a", "bb", "a"], []])
    # a group is embedded whole and on its own, whatever else is cached or asked for with it
    assert calls == [["a", "bb", "a"], ["bb", "ccc"]]


def test_group_vectors_do_not_depend_on_what_else_is_embedded():
    """USE batches a group's texts together, and a batch's last bits depend on its other
    members: a text's vector must come from its own group, whatever a run embedded before."""
    groups = [["서울은 한국의 수도이다.", "비가 온다."], ["Seoul is the capital.", "It rains.", "Markets fell."]]
    alone = [load_encoder().encode(g) for g in groups]
    busy = load_encoder()
    busy.encode([t for g in groups for t in g] + ["An unrelated sentence about the weather."])
    together = busy.encode_groups(groups[::-1])[::-1]
    for a, b in zip(alone, together):
        assert np.array_equal(a, b)


def test_a_text_repeated_in_a_group_is_encoded_once(monkeypatch):
    from aligner.embed import USEEncoder

    encoder = USEEncoder()
    seen = []
    encode = encoder._model.encode
    monkeypatch.setattr(encoder._model, "encode", lambda texts: seen.append(list(texts)) or encode(texts))
    group = ["비가 온다.", "It rains.", "비가 온다.", "비가 온다."]
    vectors = encoder.encode(group)
    assert seen == [["비가 온다.", "It rains."]]
    assert vectors.shape == (4, 512) and np.array_equal(vectors[0], vectors[3])
    assert np.array_equal(vectors[:2], encoder.encode(group[:2]))


def test_cache_file_round_trip(tmp_path):
    class Fixed:
        name = "fixed"

        def encode(self, texts):
            return np.ones((len(texts), 4), dtype=np.float32) / 2

    path = tmp_path / "cache.npz"
    first = CachedEncoder(Fixed(), path)
    first.encode(["x", "y"])
    first.save()

    class Failing:
        name = "fixed"

        def encode(self, texts):
            raise AssertionError("should have been cached")

    again = CachedEncoder(Failing(), path)
    assert again.encode(["x", "y"]).shape == (2, 4)


def test_sample_gold_alignments(tmp_path):
    out = tmp_path / "pred"
    done = subprocess.run([sys.executable, "-m", "aligner", "align", "--batch", str(SAMPLE_GOLD),
                           "--out", str(out)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    result = evaluate_dirs(SAMPLE_GOLD, out)
    assert result["missing_predictions"] == 0
    assert result["overall"]["f1_lax"] >= 0.9


def test_single_file_cli(tmp_path):
    ko, en = tmp_path / "a.ko", tmp_path / "a.en"
    ko.write_text("\n".join(KO) + "\n", encoding="utf-8")
    en.write_text("\n".join(EN) + "\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "aligner", "align", str(ko), str(en)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert [(list(k), list(e)) for k, e in parse_beads(done.stdout)] == [([i], [i]) for i in range(4)]


def test_parse_errors_name_file_and_line():
    with pytest.raises(ValueError, match="x.align:2"):
        parse_beads("[0]:[0]\nnot a bead\n", "x.align")


def test_compare_definitions():
    gold = [((0,), (0,)), ((1, 2), (1,)), ((3,), ())]
    pred = [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), ())]
    counts = compare(gold, pred)
    # precision over 4 predicted beads: 2 strict hits, 3 lax hits (1->1 overlaps gold's links)
    assert (counts.p_strict, counts.p_strict_miss, counts.p_lax, counts.p_lax_miss) == (2, 2, 3, 1)
    # recall over gold beads with both sides: 0-0 hit, (1,2)-1 lax hit only
    assert (counts.r_strict, counts.r_strict_miss, counts.r_lax, counts.r_lax_miss) == (1, 1, 2, 0)


@pytest.mark.skipif(not (BENCH / "score_alignment.py").exists(), reason="shared benchmark not present")
def test_evaluator_agrees_with_benchmark_scorer(tmp_path, encoder):
    spec = importlib.util.spec_from_file_location("score_alignment", BENCH / "score_alignment.py")
    reference = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(reference)
    align_root = BENCH / "dev" / "align"
    from aligner.align.batch import write_alignment

    for name, ko, en in find_documents(align_root):
        write_alignment(tmp_path / f"{name}.align", align(read_sentences(ko), read_sentences(en), encoder))
    ours = evaluate_dirs(BENCH / "dev", tmp_path)
    theirs = reference.score(str(BENCH / "dev"), str(tmp_path))
    for track, scores in theirs["tracks"].items():
        for key in ("f1_strict", "f1_lax", "precision_strict", "recall_strict", "precision_lax", "recall_lax"):
            assert ours["groups"][track][key] == scores[key]
    assert ours["overall"] == theirs["overall"]


def test_keyword_options(encoder):
    strict = align(KO, EN, encoder, threshold=0.99)
    assert all(not (b.ko and b.en) for b in strict)  # nothing is that similar
    with pytest.raises(TypeError):
        align(KO, EN, encoder, no_such_option=1)
