import json
import xml.etree.ElementTree as ET

import pytest

from aligner.confidence import DEFAULT_MIN_CONFIDENCE
from aligner.export import ExportOptions, assign_splits, export_rows, filter_rows
from aligner.records import SentencePair


def _rows(n_articles=40, per_article=5):
    rows = []
    for a in range(n_articles):
        for k in range(per_article):
            rows.append(SentencePair(
                id=f"ko{a}|en{a}|{k}", ko_article_id=f"ko{a}", en_article_id=f"en{a}",
                ko_sentence_ids=[k], en_sentence_ids=[k], ko=f"기사 {a}의 문장 {k}입니다.",
                en=f"Sentence {k} of article {a}.", alignment="1-1", similarity=0.5 + k / 20,
                published="2024-07-01", ko_title=f"제목 {a}", en_title=f"Title {a}",
                mt=f"Sentence {k} of story {a}.", mt_model="tiny", bleu=40.0, chrf=10.0 * k,
                length_ratio=2.0, flags=["numbers_differ"] if k == 4 else []))
    return rows


@pytest.fixture()
def hf_home(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setenv("HF_DATASETS_CACHE", str(tmp_path / "hf" / "datasets"))


def test_load_round_trip_and_card(tmp_path, hf_home):
    import datasets

    report = export_rows(_rows(), tmp_path / "ds", ExportOptions(license="cc-by-4.0"))
    ds = datasets.load_dataset(str(tmp_path / "ds"))
    assert set(ds) == {"train", "validation", "test"}
    assert sum(len(ds[s]) for s in ds) == 200 == sum(report.rows.values())
    assert isinstance(ds["train"].features["translation"], datasets.Translation)
    row = ds["train"][0]
    assert set(row["translation"]) == {"en", "ko"} and row["alignment"] == "1-1"
    card = (tmp_path / "ds" / "README.md").read_text(encoding="utf-8")
    header = card.split("---")[1]
    for needle in ("- ko", "- en", "multilinguality: translation", "task_categories:", "size_categories:",
                   "license: cc-by-4.0", "configs:", "path: data/train-"):
        assert needle in header
    assert "load_dataset" in card and "sentence pairs: 200" in card


def test_no_article_in_two_splits_and_splits_are_stable():
    rows = _rows(60)
    split_of, note = assign_splits(rows, (0.9, 0.05, 0.05))
    per_article = {}
    for row in rows:
        for key in ("ko:" + row.ko_article_id, "en:" + row.en_article_id):
            per_article.setdefault(key, set()).add(split_of[key])
    assert all(len(s) == 1 for s in per_article.values())
    assert "hash" in note
    assert assign_splits(list(reversed(rows)), (0.9, 0.05, 0.05))[0] == split_of


def test_shared_article_keeps_pairs_together():
    rows = _rows(30)
    extra = SentencePair("ko0|en99|0", "ko0", "en99", [9], [0], "추가 문장입니다.", "An extra sentence.", "1-1")
    split_of, _ = assign_splits(rows + [extra], (0.9, 0.05, 0.05))
    assert split_of["en:en99"] == split_of["ko:ko0"] == split_of["en:en0"]


def test_small_corpus_still_has_held_out_splits(tmp_path):
    report = export_rows(_rows(4), tmp_path / "ds", ExportOptions(formats=("jsonl",)))
    assert report.rows["validation"] > 0 and report.rows["test"] > 0 and report.rows["train"] > 0
    assert "too few" in report.split_note
    assert export_rows(_rows(2), tmp_path / "ds2", ExportOptions(formats=("jsonl",))).rows["test"] == 0


def test_dedup_and_filters():
    rows = _rows(3)
    dup = SentencePair(**{**rows[0].to_dict(), "id": "dup-exact"})
    near = SentencePair(**{**rows[1].to_dict(), "id": "dup-norm", "en": rows[1].en.upper().replace(".", " !")})
    unaligned = SentencePair("u", "ko0", "en0", [7], [], "홀로 남은 문장.", "", "1-0")
    kept, removed = filter_rows(rows + [dup, near, unaligned], ExportOptions())
    assert removed == {"unaligned": 1, f"confidence < {DEFAULT_MIN_CONFIDENCE}": 0, "exact duplicates": 1,
                       "normalised duplicates": 1}
    assert len(kept) == 15
    kept, removed = filter_rows(rows + [unaligned], ExportOptions(
        keep_unaligned=True, min_similarity=0.6, min_chrf=20, drop_flags=("numbers_differ",)))
    assert removed["similarity < 0.6"] == 3 * 2 + 1  # k = 0, 1 per article, and the unaligned row
    assert removed["chrF < 20 or no MT"] == 0  # k >= 2 left: chrF 20, 30, 40
    assert removed["flag numbers_differ"] == 3
    assert all(r.similarity >= 0.6 and r.chrf >= 20 and not r.flags for r in kept)


def _with_confidence(rows):
    for k, row in enumerate(rows):
        row.confidence = round(0.05 + (k % 10) / 10, 2)  # 0.05, 0.15, ..., 0.95
    return rows


def test_low_confidence_rows_are_dropped_and_counted(tmp_path, hf_home):
    rows = _with_confidence(_rows(4, 10))
    report = export_rows(rows, tmp_path / "ds", ExportOptions(min_confidence=0.5))
    assert report.removed["confidence < 0.5"] == 20
    kept = [json.loads(line) for line in (tmp_path / "ds" / "corpus.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(kept) == 20 and all(r["confidence"] >= 0.5 for r in kept)
    card = (tmp_path / "ds" / "README.md").read_text(encoding="utf-8")
    assert "Pairs below 0.5 were dropped" in card
    assert "| 0.5 (used) | 20 | 50.0% |" in card and "| 0.8 | 8 | 20.0% |" in card
    assert "| 0.0–0.1 | 4 |" in card


def test_low_confidence_rows_can_be_kept_with_a_flag(tmp_path):
    rows = _with_confidence(_rows(4, 10))
    report = export_rows(rows, tmp_path / "ds", ExportOptions(min_confidence=0.5, keep_low_confidence=True,
                                                               formats=("jsonl",)))
    assert "confidence < 0.5" not in report.removed
    kept = [json.loads(line) for line in (tmp_path / "ds" / "corpus.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(kept) == 40
    assert all(("low_confidence" in r["flags"]) == (r["confidence"] < 0.5) for r in kept)


def test_rows_without_a_confidence_are_not_judged():
    rows = _rows(2, 3)  # as written by an older version: no confidence
    kept, removed = filter_rows(rows, ExportOptions(min_confidence=0.9))
    assert len(kept) == 6 and removed["confidence < 0.9"] == 0


def test_tmx_moses_tsv_jsonl(tmp_path):
    report = export_rows(_rows(10), tmp_path / "ds", ExportOptions(formats=("tmx", "moses", "tsv", "jsonl")))
    total = sum(report.rows.values())
    root = ET.parse(tmp_path / "ds" / "corpus.tmx").getroot()
    assert root.get("version") == "1.4" and root.find("header").get("srclang") == "ko"
    tus = root.findall("./body/tu")
    assert len(tus) == total
    first = tus[0]
    assert {p.get("type") for p in first.findall("prop")} >= {"x-similarity", "x-chrf", "x-split"}
    langs = [tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in first.findall("tuv")]
    assert langs == ["ko", "en"]
    ko_lines = (tmp_path / "ds" / "corpus.ko").read_text(encoding="utf-8").splitlines()
    en_lines = (tmp_path / "ds" / "corpus.en").read_text(encoding="utf-8").splitlines()
    assert len(ko_lines) == len(en_lines) == total
    jsonl = [json.loads(line) for line in (tmp_path / "ds" / "corpus.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(r["translation"]["ko"], r["translation"]["en"]) for r in jsonl] == list(zip(ko_lines, en_lines))
    assert len((tmp_path / "ds" / "corpus.tsv").read_text(encoding="utf-8").splitlines()) == total + 1


def test_export_is_deterministic(tmp_path):
    export_rows(_rows(), tmp_path / "a")
    export_rows(list(reversed(_rows())), tmp_path / "b")
    [shard] = [p.name for p in (tmp_path / "a" / "data").glob("train-*.parquet")]
    for name in ("corpus.jsonl", "corpus.tmx", "corpus.ko", "corpus.en", "corpus.tsv", "README.md", f"data/{shard}"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_a_new_export_in_the_same_folder_loads_its_own_rows(tmp_path, hf_home):
    """`datasets` caches a local folder by its name, not its content: the shard names carry a hash
    of the rows, so a re-export is never answered from the cache of the previous one."""
    import datasets

    export_rows(_rows(30), tmp_path / "dataset")
    first = datasets.load_dataset(str(tmp_path / "dataset"))
    export_rows(_rows(20), tmp_path / "dataset")
    second = datasets.load_dataset(str(tmp_path / "dataset"))
    assert sum(len(first[s]) for s in first) == 150 and sum(len(second[s]) for s in second) == 100


def test_unknown_format_is_an_error(tmp_path):
    with pytest.raises(ValueError, match="unknown format"):
        export_rows(_rows(1), tmp_path / "x", ExportOptions(formats=("xlsx",)))


def test_tmx_survives_control_characters_and_markup(tmp_path):
    rows = _rows(1, 2)
    rows[0].ko = "제어\x0b문자 <b>와</b> & 기호"
    rows[0].en = "Control\x0cchars <b>and</b> & signs"
    export_rows(rows, tmp_path / "ds", ExportOptions(formats=("tmx",)))
    segs = [seg.text for seg in ET.parse(tmp_path / "ds" / "corpus.tmx").getroot().iter("seg")]
    assert "제어문자 <b>와</b> & 기호" in segs and "Controlchars <b>and</b> & signs" in segs


def test_tiny_corpus_loads_with_the_splits_it_has(tmp_path, hf_home):
    import datasets

    report = export_rows(_rows(2), tmp_path / "ds", ExportOptions(formats=("hf",)))
    assert report.rows == {"train": 10, "validation": 0, "test": 0}
    assert set(datasets.load_dataset(str(tmp_path / "ds"))) == {"train"}
