import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from aligner.ingest import ingest_paths
from aligner.pair import DocFeatures, PairOptions, pair_articles, pair_features
from aligner.records import Article, write_articles

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpora" / "sample"
DAY = 739000


def _unit(rng, rows, dim=32):
    v = rng.normal(size=(rows, dim)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def _world(n=12, seed=0):
    """n Korean articles on consecutive days, each with a noisy condensed English copy."""
    rng = np.random.default_rng(seed)
    ko, en = [], []
    for k in range(n):
        sents = _unit(rng, 6)
        ko.append(DocFeatures(f"k{k}", DAY + k // 3, sents))
        copy = sents[:4] + 0.5 * _unit(rng, 4)
        en.append(DocFeatures(f"e{k}", DAY + k // 3, copy / np.linalg.norm(copy, axis=1, keepdims=True)))
    return ko, en, rng


def _pairs(result):
    return {(p.ko_id, p.en_id) for p in result.pairs}


def test_planted_pairs_and_articles_without_counterpart():
    ko, en, rng = _world()
    en.append(DocFeatures("lonely-en", DAY + 1, _unit(rng, 5)))
    ko.append(DocFeatures("lonely-ko", DAY + 2, _unit(rng, 5)))
    result = pair_features(ko, en)
    assert _pairs(result) == {(f"k{k}", f"e{k}") for k in range(12)}
    assert result.unpaired_ko == ["lonely-ko"] and result.unpaired_en == ["lonely-en"]


def test_ties_are_broken_deterministically():
    ko, en, _ = _world()
    twin = DocFeatures("e3-twin", en[3].day, en[3].emb.copy())
    first = pair_features(ko, en + [twin])
    second = pair_features(ko, en + [twin])
    assert _pairs(first) == _pairs(second)
    # one-to-one: the first of two identical candidates (input order) wins, the other stays unpaired
    assert [p.en_id for p in first.pairs if p.ko_id == "k3"] == ["e3"]
    assert first.unpaired_en == ["e3-twin"]


def test_day_with_no_articles_on_one_side():
    ko, en, rng = _world()
    ko.append(DocFeatures("far-away", DAY + 40, _unit(rng, 5)))  # no English article within the window
    result = pair_features(ko, en)
    assert "far-away" in result.unpaired_ko
    assert _pairs(result) == {(f"k{k}", f"e{k}") for k in range(12)}


def test_date_window_is_respected():
    ko, en, _ = _world()
    en[0] = DocFeatures("e0", DAY + 10, en[0].emb)  # same story, published 10 days later
    assert ("k0", "e0") not in _pairs(pair_features(ko, en, PairOptions(window_days=2)))
    assert ("k0", "e0") in _pairs(pair_features(ko, en, PairOptions(window_days=10)))


def test_undated_articles_paired_by_content_and_flagged():
    ko, en, _ = _world()
    ko[5] = DocFeatures("k5", None, ko[5].emb)
    en[7] = DocFeatures("e7", None, en[7].emb)
    result = pair_features(ko, en)
    assert {("k5", "e5"), ("k7", "e7")} <= _pairs(result)
    assert sorted(result.undated) == ["e7", "k5"]
    flagged = {(p.ko_id, p.en_id) for p in result.pairs if p.evidence["undated"]}
    assert flagged == {("k5", "e5"), ("k7", "e7")}


def test_empty_sides():
    ko, en, _ = _world(3)
    assert pair_features(ko, []).unpaired_ko == ["k0", "k1", "k2"]
    assert pair_features([], en).unpaired_en == ["e0", "e1", "e2"]


def test_article_in_both_inputs_is_an_error(tmp_path):
    art = Article(id="dup-1", lang="ko", title="제목", text="본문입니다.", sentences=["본문입니다."],
                  published="2024-07-01")
    with pytest.raises(ValueError, match="dup-1"):
        pair_articles([art], [art], encoder=None)
    write_articles(tmp_path / "ko.jsonl", [art])
    write_articles(tmp_path / "en.jsonl", [art])
    done = subprocess.run([sys.executable, "-m", "aligner", "pair", str(tmp_path / "ko.jsonl"),
                           str(tmp_path / "en.jsonl"), "--out", str(tmp_path / "p.jsonl")],
                          capture_output=True, text=True)
    assert done.returncode == 2
    assert "dup-1" in done.stderr and "both" in done.stderr
    assert not (tmp_path / "p.jsonl").exists()


def test_sample_corpus_pairs_match_gold(tmp_path):
    result = ingest_paths([SAMPLE])
    write_articles(tmp_path / "articles.jsonl", result.articles)
    done = subprocess.run([sys.executable, "-m", "aligner", "pair", str(tmp_path / "articles.jsonl"),
                           "--out", str(tmp_path / "pairs.jsonl")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    origin = {a.id: str(Path(a.origin).relative_to(SAMPLE)) for a in result.articles}
    rows = [json.loads(line) for line in (tmp_path / "pairs.jsonl").read_text(encoding="utf-8").splitlines()]
    predicted = {(origin[r["ko_id"]], origin[r["en_id"]]) for r in rows if r["ko_id"] and r["en_id"]}
    gold_lines = (SAMPLE / "gold" / "pairs.tsv").read_text(encoding="utf-8").splitlines()[1:]
    assert predicted == {tuple(line.split("\t")) for line in gold_lines}
    paired = [r for r in rows if r["ko_id"] and r["en_id"]]
    assert all(r["evidence"]["date_gap_days"] in (0, 1) for r in paired)
    assert any(r["evidence"]["shared_numbers"] for r in paired)
    assert sum(1 for r in rows if not r["en_id"]) == 3 and sum(1 for r in rows if not r["ko_id"]) == 3


# ---- few articles: the absolute threshold decides where there are no competitors ------------

PAGES = ROOT / "tests" / "data" / "pages"


@pytest.fixture(scope="module")
def sample_articles():
    from aligner.embed import load_encoder

    articles = ingest_paths([SAMPLE, *sorted(PAGES.glob("*.txt"))]).articles
    by_name = {(a.lang, Path(a.origin).stem[:2] if SAMPLE in Path(a.origin).parents else Path(a.origin).stem): a
               for a in articles}
    return by_name, load_encoder()


@pytest.mark.parametrize("ko_names, en_names, expected", [
    (["01"], ["01"], {("01", "01")}),
    (["01"], ["01", "02"], {("01", "01")}),
    (["01", "02"], ["01"], {("01", "01")}),
    (["01", "02", "04"], ["04", "01", "02"], {("01", "01"), ("02", "02"), ("04", "04")}),
    (["ko-smallbiz"], ["en-smallbiz"], {("ko-smallbiz", "en-smallbiz")}),
    (["ko-smallbiz", "ko-typhoon"], ["en-bok", "en-smallbiz"], {("ko-smallbiz", "en-smallbiz")}),
])
def test_translations_are_paired_with_few_articles(sample_articles, ko_names, en_names, expected):
    by_name, encoder = sample_articles
    same_day = "2024-07-03T12:00:00+09:00"  # competitors on the same day, so the date cannot decide
    ko = [dataclasses.replace(by_name["ko", n], published=same_day) for n in ko_names]
    en = [dataclasses.replace(by_name["en", n], published=same_day) for n in en_names]
    result = pair_articles(ko, en, encoder)
    names = {a.id: n for a, n in zip(ko + en, ko_names + en_names)}
    assert {(names[p.ko_id], names[p.en_id]) for p in result.pairs} == expected


# Two different stories on the same subject (both Bank of Korea policy) score like a loose
# translation; alone, the absolute threshold cannot tell them apart (see the next test).
SAME_SUBJECT = {("02", "en-bok")}


def test_unrelated_articles_of_the_same_day_are_not_paired(sample_articles):
    by_name, encoder = sample_articles
    same_day = "2024-07-03T12:00:00+09:00"
    ko_names = ["01", "02", "03", "04", "05", "06", "07", "08", "90", "91", "92", "ko-smallbiz", "ko-typhoon"]
    en_names = ["01", "02", "03", "04", "05", "06", "07", "08", "93", "94", "95", "en-smallbiz", "en-bok"]
    checked = 0
    for k in ko_names:
        for e in en_names:
            if k == e or (k, e) == ("ko-smallbiz", "en-smallbiz") or (k, e) in SAME_SUBJECT:
                continue
            ko = dataclasses.replace(by_name["ko", k], published=same_day)
            en = dataclasses.replace(by_name["en", e], published=same_day)
            result = pair_articles([ko], [en], encoder)
            assert not result.pairs, (k, e)
            assert "below the pairing threshold" in result.why_unpaired[ko.id]["reason"]
            checked += 1
    assert checked == 13 * 13 - 9 - len(SAME_SUBJECT)


def test_a_story_on_the_same_subject_loses_to_the_translation(sample_articles):
    by_name, encoder = sample_articles
    same_day = "2024-07-03T12:00:00+09:00"
    ko = dataclasses.replace(by_name["ko", "02"], published=same_day)
    translation, other = (dataclasses.replace(by_name["en", n], published=same_day) for n in ("02", "en-bok"))
    result = pair_articles([ko], [other, translation], encoder)
    assert [(p.ko_id, p.en_id) for p in result.pairs] == [(ko.id, translation.id)]
    assert result.why_unpaired[other.id]["reason"].startswith(f"best candidate {ko.id}")
